package io.github.scratchimage.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Developer;
import org.apache.maven.model.License;
import org.apache.maven.project.MavenProject;

/**
 * What the image takes from the project and its environment rather than from the plugin's
 * parameters. The descriptive fields become org.opencontainers.image.* annotations (see
 * {@link ImagePlanFactory}); each may be null (or empty, for the lists) when the POM does not say.
 *
 * @param basedir         the project directory; relative sources are resolved against it
 * @param version         the project version (annotation org.opencontainers.image.version)
 * @param scmUrl          the project's scm url, or null (annotation org.opencontainers.image.source)
 * @param outputTimestamp Maven's {@code project.build.outputTimestamp}, or null
 * @param sourceDateEpoch the {@code SOURCE_DATE_EPOCH} environment variable, or null
 * @param name            the POM's {@code <name>}, or null (title)
 * @param description     the POM's {@code <description>}, or null (description)
 * @param url             the POM's {@code <url>}, or null (url)
 * @param documentation   the POM's {@code <distributionManagement><site><url>}, or null (documentation)
 * @param licenses        the names of the POM's {@code <licenses>}, in order (licenses, when all are SPDX ids)
 * @param vendor          the POM's {@code <organization><name>}, or null (vendor)
 * @param authors         the POM's {@code <developers>}, each {@code name} or {@code name <email>} (authors)
 * @param revision        the commit checked out in the git work tree holding {@code basedir}, or null (revision)
 */
public record ProjectInfo(Path basedir, String version, String scmUrl, String outputTimestamp,
        String sourceDateEpoch, String name, String description, String url, String documentation, List<String> licenses,
        String vendor, List<String> authors, String revision) {

    public ProjectInfo {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        authors = authors == null ? List.of() : List.copyOf(authors);
    }

    /** Only what the image needs beyond annotations: no descriptive fields, no revision. */
    public ProjectInfo(Path basedir, String version, String scmUrl, String outputTimestamp, String sourceDateEpoch) {
        this(basedir, version, scmUrl, outputTimestamp, sourceDateEpoch, null, null, null, null, List.of(), null,
                List.of(), null);
    }

    /**
     * Everything from the Maven project (as Maven built its model: inheritance applied), and the
     * git revision read from the {@code .git} above its base directory (see {@link GitRevision}).
     */
    public static ProjectInfo of(MavenProject project, String outputTimestamp, String sourceDateEpoch) {
        Path basedir = project.getBasedir().toPath();
        String scmUrl = project.getScm() == null ? null : project.getScm().getUrl();
        String vendor = project.getOrganization() == null ? null : project.getOrganization().getName();
        String documentation = project.getDistributionManagement() == null
                || project.getDistributionManagement().getSite() == null ? null
                : project.getDistributionManagement().getSite().getUrl();
        List<String> licenses = new ArrayList<>();
        if (project.getLicenses() != null) {
            for (License license : project.getLicenses()) {
                licenses.add(license == null || license.getName() == null ? "" : license.getName().trim());
            }
        }
        List<String> authors = new ArrayList<>();
        if (project.getDevelopers() != null) {
            for (Developer developer : project.getDevelopers()) {
                String author = author(developer);
                if (author != null) {
                    authors.add(author);
                }
            }
        }
        return new ProjectInfo(basedir, project.getVersion(), scmUrl, outputTimestamp, sourceDateEpoch,
                project.getName(), project.getDescription(), project.getUrl(), documentation, licenses, vendor, authors,
                GitRevision.of(basedir));
    }

    /** {@code name <email>}, or the name alone; null for a developer without a name. */
    static String author(Developer developer) {
        if (developer == null || developer.getName() == null || developer.getName().isBlank()) {
            return null;
        }
        String name = developer.getName().trim();
        String email = developer.getEmail();
        return email == null || email.isBlank() ? name : name + " <" + email.trim() + ">";
    }
}
