package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** -Dscratch.image, tags, platform and platforms win over the POM; the chosen platforms keep their entries. */
class CommandLineValuesTest {

    private static PomConfiguration pomWithTwoPlatforms() {
        PlatformEntry arm = new PlatformEntry("linux/arm64/v8");
        LinkedHashMap<String, String> environment = new LinkedHashMap<>();
        environment.put("MODE", "arm");
        arm.setEnvironment(environment);
        return new PomConfiguration().image("example/pom:1.0").tags(List.of("pom-only"))
                .platforms(List.of(new PlatformEntry("linux/amd64"), arm));
    }

    private static Properties commandLine(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void nothingOnTheCommandLineLeavesThePom() {
        PomConfiguration pom = pomWithTwoPlatforms();
        new CommandLineValues(commandLine()).applyTo(pom);
        assertThat(pom.image).isEqualTo("example/pom:1.0");
        assertThat(pom.tags).containsExactly("pom-only");
        assertThat(pom.platforms).extracting(PlatformEntry::getName).containsExactly("linux/amd64", "linux/arm64/v8");
    }

    @Test
    void platformsKeepTheEntryThePomHasForThemUnderAnotherSpelling() {
        PomConfiguration pom = pomWithTwoPlatforms();
        new CommandLineValues(commandLine("scratch.image", "example/cli:2", "scratch.tags", "a, b",
                "scratch.platforms", "linux/aarch64,linux/s390x")).applyTo(pom);
        assertThat(pom.image).isEqualTo("example/cli:2");
        assertThat(pom.tags).containsExactly("a", "b");
        assertThat(pom.platform).isNull();
        assertThat(pom.platforms).hasSize(2);
        assertThat(pom.platforms.get(0).getEnvironment()).as("the POM's arm64 entry").containsEntry("MODE", "arm");
        assertThat(pom.platforms.get(1).getName()).isEqualTo("linux/s390x");
    }

    @Test
    void onePlatformPicksItsEntryFromThePomsPlatforms() {
        PomConfiguration pom = pomWithTwoPlatforms();
        new CommandLineValues(commandLine("scratch.platform", "linux/arm64/v8")).applyTo(pom);
        assertThat(pom.platform).isNull();
        assertThat(pom.platforms).singleElement().satisfies(entry ->
                assertThat(entry.getEnvironment()).containsEntry("MODE", "arm"));
    }

    @Test
    void platformAndPlatformsTogetherOnTheCommandLineAreAnError() {
        assertThatThrownBy(() -> new CommandLineValues(commandLine("scratch.platform", "linux/amd64",
                "scratch.platforms", "linux/arm64")).applyTo(pomWithTwoPlatforms()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("<platforms>: -Dscratch.platform and -Dscratch.platforms are both given");
    }
}
