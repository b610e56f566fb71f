package io.github.scratchimage.maven;

import java.util.Properties;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;

/**
 * The project's own {@code project.build.outputTimestamp}, as the creation time's second choice
 * (after {@code creationTime}, before {@code SOURCE_DATE_EPOCH}).
 *
 * <p>Maven 4's super POM gives every project {@code 1980-02-01T00:00:00Z}. Taken as the project's
 * choice, that value would hide {@code SOURCE_DATE_EPOCH} and give the same project another digest
 * under Maven 4 than under Maven 3. So it counts only when the project chose it: in its POM or a
 * parent's, or with {@code -Dproject.build.outputTimestamp}.
 */
final class OutputTimestamp {
    static final String PROPERTY = "project.build.outputTimestamp";
    /** The value of Maven 4's super POM (Maven 3's has none). */
    static final String MAVEN_4_DEFAULT = "1980-02-01T00:00:00Z";

    private OutputTimestamp() {
    }

    /** {@code value} (the evaluated property), or null when it is only Maven 4's default. */
    static String chosen(String value, MavenProject project, Properties userProperties) {
        if (value == null || !value.trim().equals(MAVEN_4_DEFAULT)) {
            return value;
        }
        if (userProperties != null && userProperties.containsKey(PROPERTY)) {
            return value;
        }
        for (MavenProject pom = project; pom != null; pom = pom.getParent()) {
            Model declared = pom.getOriginalModel();
            if (declared != null && declared.getProperties().containsKey(PROPERTY)) {
                return value;
            }
        }
        return null;
    }
}
