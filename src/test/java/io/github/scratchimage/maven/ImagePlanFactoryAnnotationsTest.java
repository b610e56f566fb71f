package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.engine.ImageBuilder;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.testing.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.model.Developer;
import org.apache.maven.model.License;
import org.apache.maven.model.Model;
import org.apache.maven.model.Organization;
import org.apache.maven.model.Scm;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The org.opencontainers.image.* annotations taken from the POM (issue 19 point 5). */
class ImagePlanFactoryAnnotationsTest {

    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path basedir;

    private ProjectInfo fullProject() {
        return new ProjectInfo(basedir, "1.2.3", "https://example.org/scm", "2024-01-31T12:00:00Z", null,
                "Example App", "An example\n      over two lines.", "https://example.org/app", "https://docs.example.org/app",
                List.of("Apache-2.0", "mit"), "Example Corp", List.of("Jane Doe <jane@example.org>", "John Roe"),
                REVISION);
    }

    private static Map<String, String> annotations(ProjectInfo project, PomConfiguration parameters) {
        return new ImagePlanFactory(project).plan(parameters).plan().annotations();
    }

    private static PomConfiguration parameters() {
        return new PomConfiguration().image("example/app:1.0");
    }

    @Test
    void everyFieldOfThePomBecomesItsAnnotation() {
        assertThat(annotations(fullProject(), parameters())).isEqualTo(Map.ofEntries(
                Map.entry("org.opencontainers.image.created", "2024-01-31T12:00:00Z"),
                Map.entry("org.opencontainers.image.version", "1.2.3"),
                Map.entry("org.opencontainers.image.source", "https://example.org/scm"),
                Map.entry("org.opencontainers.image.title", "Example App"),
                Map.entry("org.opencontainers.image.description", "An example over two lines."),
                Map.entry("org.opencontainers.image.url", "https://example.org/app"),
                Map.entry("org.opencontainers.image.documentation", "https://docs.example.org/app"),
                Map.entry("org.opencontainers.image.licenses", "Apache-2.0 AND MIT"),
                Map.entry("org.opencontainers.image.vendor", "Example Corp"),
                Map.entry("org.opencontainers.image.authors", "Jane Doe <jane@example.org>, John Roe"),
                Map.entry("org.opencontainers.image.revision", REVISION)));
    }

    @Test
    void aPomWithoutThemGivesOnlyCreatedAndVersion() {
        ProjectInfo bare = new ProjectInfo(basedir, "1.0", null, null, null, " ", null, "", null, List.of(), null,
                List.of(), null);
        assertThat(annotations(bare, parameters())).containsOnlyKeys("org.opencontainers.image.created",
                "org.opencontainers.image.version");
    }

    @Test
    void configuredAnnotationsWin() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("org.opencontainers.image.title", "Other title");
        configured.put("org.opencontainers.image.revision", "v1");
        configured.put("org.opencontainers.image.licenses", "Apache-2.0 OR MIT");

        Map<String, String> annotations = annotations(fullProject(), parameters().annotations(configured));

        assertThat(annotations).containsEntry("org.opencontainers.image.title", "Other title")
                .containsEntry("org.opencontainers.image.revision", "v1")
                .containsEntry("org.opencontainers.image.licenses", "Apache-2.0 OR MIT")
                .containsEntry("org.opencontainers.image.vendor", "Example Corp");
    }

    /** An empty element leaves an annotation out: e.g. a digest that does not change with each commit. */
    @Test
    void anEmptyConfiguredAnnotationLeavesItOut() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("org.opencontainers.image.revision", null);
        configured.put("org.opencontainers.image.title", " ");
        configured.put("org.example.empty", "");

        Map<String, String> annotations = annotations(fullProject(), parameters().annotations(configured));

        assertThat(annotations).doesNotContainKeys("org.opencontainers.image.revision",
                "org.opencontainers.image.title", "org.example.empty")
                .containsEntry("org.opencontainers.image.vendor", "Example Corp");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "Apache-2.0|Apache-2.0",
        "apache-2.0|Apache-2.0",
        "Apache-2.0;MIT|Apache-2.0 AND MIT",
        "MIT;MIT|MIT",
        "BSD-3-Clause; GPL-2.0-or-later |BSD-3-Clause AND GPL-2.0-or-later",
        "The Apache Software License, Version 2.0|null",
        "Apache-2.0;The MIT License|null",
        "Apache-2.0 OR MIT|null",
        "''|null",
    })
    void licensesAreAnSpdxExpressionOnlyWhenEveryNameIsAnSpdxId(String names, String expected) {
        assertThat(ImagePlanFactory.licenseExpression(List.of(names.split(";", -1)))).isEqualTo(expected);
    }

    @Test
    void noLicensesGiveNoExpression() {
        assertThat(ImagePlanFactory.licenseExpression(List.of())).isNull();
    }

    @Test
    void theIndexOfAMultiPlatformImageCarriesTheSameAnnotations() throws Exception {
        ImagePlan plan = new ImagePlanFactory(fullProject()).plan(parameters()
                .platforms(List.of(new PlatformEntry("linux/amd64"), new PlatformEntry("linux/arm64")))).plan();

        BuiltImage image = new ImageBuilder(basedir.resolve("work"), new LayerOptions(6, 1, null), BuildLog.NONE)
                .build(plan);

        Map<String, String> expected = new TreeMap<>(plan.annotations());
        assertThat(expected).containsKeys("org.opencontainers.image.title", "org.opencontainers.image.revision");
        assertThat(annotationsOf(JsonTrees.parse(image.index().bytes()))).isEqualTo(expected);
        for (var platformImage : image.images()) {
            assertThat(annotationsOf(JsonTrees.parse(platformImage.manifest().bytes()))).isEqualTo(expected);
        }
    }

    private static Map<String, String> annotationsOf(JsonNode node) {
        Map<String, String> annotations = new TreeMap<>();
        node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return annotations;
    }

    @Test
    void projectInfoTakesEveryFieldFromTheMavenProject() {
        Model model = new Model();
        model.setGroupId("org.example");
        model.setArtifactId("app");
        model.setVersion("2.0");
        model.setName("App");
        model.setDescription("What it does");
        model.setUrl("https://example.org/app");
        Scm scm = new Scm();
        scm.setUrl("https://example.org/app.git");
        model.setScm(scm);
        Organization organization = new Organization();
        organization.setName("Example Corp");
        model.setOrganization(organization);
        License apache = new License();
        apache.setName(" Apache-2.0 ");
        License unnamed = new License();
        model.setLicenses(List.of(apache, unnamed));
        model.setDevelopers(List.of(developer("Jane Doe", "jane@example.org"), developer("John Roe", null),
                developer(null, "nobody@example.org")));
        MavenProject project = new MavenProject(model);
        project.setFile(new File(basedir.toFile(), "pom.xml"));

        ProjectInfo info = ProjectInfo.of(project, "2024-01-31T12:00:00Z", "86400");

        assertThat(info.basedir()).isEqualTo(basedir);
        assertThat(info.version()).isEqualTo("2.0");
        assertThat(info.scmUrl()).isEqualTo("https://example.org/app.git");
        assertThat(info.outputTimestamp()).isEqualTo("2024-01-31T12:00:00Z");
        assertThat(info.sourceDateEpoch()).isEqualTo("86400");
        assertThat(info.name()).isEqualTo("App");
        assertThat(info.description()).isEqualTo("What it does");
        assertThat(info.url()).isEqualTo("https://example.org/app");
        assertThat(info.vendor()).isEqualTo("Example Corp");
        assertThat(info.licenses()).containsExactly("Apache-2.0", "");
        assertThat(info.authors()).containsExactly("Jane Doe <jane@example.org>", "John Roe");
        assertThat(info.revision()).isEqualTo(GitRevision.of(basedir));
        // a license without a name is not an SPDX id: no licenses annotation
        assertThat(annotations(info, parameters())).doesNotContainKey("org.opencontainers.image.licenses")
                .containsEntry("org.opencontainers.image.authors", "Jane Doe <jane@example.org>, John Roe");
    }

    @Test
    void aMavenProjectWithoutDescriptiveFieldsGivesNone() {
        Model model = new Model();
        model.setVersion("1.0");
        MavenProject project = new MavenProject(model);
        project.setFile(new File(basedir.toFile(), "pom.xml"));

        ProjectInfo info = ProjectInfo.of(project, null, null);

        assertThat(info.name()).isNull();
        assertThat(info.vendor()).isNull();
        assertThat(info.licenses()).isEmpty();
        assertThat(info.authors()).isEmpty();
    }

    private static Developer developer(String name, String email) {
        Developer developer = new Developer();
        developer.setName(name);
        developer.setEmail(email);
        return developer;
    }
}
