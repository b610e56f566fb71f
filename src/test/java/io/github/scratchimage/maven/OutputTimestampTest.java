package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class OutputTimestampTest {
    private static final String MAVEN_4_DEFAULT = "1980-02-01T00:00:00Z";

    @Test
    void maven4sSuperPomValueIsNotTheProjectsChoice() {
        MavenProject project = project(null);

        assertThat(OutputTimestamp.chosen(MAVEN_4_DEFAULT, project, new Properties())).isNull();
        assertThat(OutputTimestamp.chosen(MAVEN_4_DEFAULT, project, null)).isNull();
    }

    @Test
    void theSameValueSetInThePomCounts() {
        assertThat(OutputTimestamp.chosen(MAVEN_4_DEFAULT, project(MAVEN_4_DEFAULT), new Properties()))
                .isEqualTo(MAVEN_4_DEFAULT);
    }

    @Test
    void theSameValueSetInAParentPomCounts() {
        MavenProject child = project(null);
        child.setParent(project(MAVEN_4_DEFAULT));

        assertThat(OutputTimestamp.chosen(MAVEN_4_DEFAULT, child, new Properties())).isEqualTo(MAVEN_4_DEFAULT);
    }

    @Test
    void theSameValueGivenOnTheCommandLineCounts() {
        Properties userProperties = new Properties();
        userProperties.setProperty("project.build.outputTimestamp", MAVEN_4_DEFAULT);

        assertThat(OutputTimestamp.chosen(MAVEN_4_DEFAULT, project(null), userProperties)).isEqualTo(MAVEN_4_DEFAULT);
    }

    @Test
    void anyOtherValueAndNoValuePassThrough() {
        MavenProject project = project(null);

        assertThat(OutputTimestamp.chosen("2024-01-31T12:00:00Z", project, new Properties()))
                .isEqualTo("2024-01-31T12:00:00Z");
        assertThat(OutputTimestamp.chosen("1", project, new Properties())).isEqualTo("1");
        assertThat(OutputTimestamp.chosen(null, project, new Properties())).isNull();
    }

    /** A project as Maven builds it: the effective model, and the original (its POM as written). */
    private static MavenProject project(String declaredTimestamp) {
        Model original = new Model();
        if (declaredTimestamp != null) {
            original.getProperties().setProperty("project.build.outputTimestamp", declaredTimestamp);
        }
        Model effective = original.clone();
        effective.getProperties().setProperty("project.build.outputTimestamp",
                declaredTimestamp == null ? MAVEN_4_DEFAULT : declaredTimestamp);
        MavenProject project = new MavenProject(effective);
        project.setOriginalModel(original);
        return project;
    }
}
