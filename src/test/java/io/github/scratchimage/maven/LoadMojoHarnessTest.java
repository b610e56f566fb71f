package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.PodmanService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load goal as Maven builds it (see {@link SaveMojoHarnessTest}): its defaults and {@code -D}
 * properties, and a run into a real {@code podman system service} named by {@code -Dscratch.dockerHost}.
 */
@MojoTest
class LoadMojoHarnessTest {
    @TempDir
    Path basedir;

    @Inject
    MavenSession session;

    @Provides
    MavenProject project() {
        return HarnessSupport.project(basedir);
    }

    @Test
    @Basedir("/harness/defaults")
    @InjectMojo(goal = "load", pom = "pom.xml")
    void everyParameterDefaultAsMavenInjectsIt(LoadMojo mojo) throws Exception {
        Map<String, Object> defaults = HarnessSupport.commonDefaults(mojo.project);
        defaults.put("session", session);
        defaults.put("mojoExecution", mojo.mojoExecution);
        assertThat(mojo.mojoExecution.getMojoDescriptor().getGoal()).isEqualTo("load");
        assertThat(defaults.keySet()).as("the parameters with a default in plugin.xml")
                .containsExactlyInAnyOrderElementsOf(HarnessSupport.parametersWithDefault("load"));
        assertThat(HarnessSupport.values(mojo, defaults.keySet())).isEqualTo(defaults);

        Map<String, Object> unconfigured = HarnessSupport.commonUnconfigured();
        unconfigured.put("dockerHost", null);
        unconfigured.put("loadPlatform", null);
        assertThat(unconfigured.keySet()).as("the parameters without a default in plugin.xml")
                .containsExactlyInAnyOrderElementsOf(HarnessSupport.parametersWithoutDefault("load"));
        assertThat(HarnessSupport.values(mojo, unconfigured.keySet())).isEqualTo(unconfigured);
    }

    @Test
    void itReadsTheSamePropertiesAsSaveButItsOutputAndAttachmentOnesAndTheDockerHost() throws Exception {
        List<String> expected = new ArrayList<>(HarnessSupport.properties("save"));
        expected.removeAll(List.of("scratch.outputFile", "scratch.attach", "scratch.classifier",
                "scratch.layoutDirectory"));
        expected.add("scratch.dockerHost");
        assertThat(HarnessSupport.properties("load")).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** {@code mvn scratch:load -Dscratch.dockerHost=unix://... -Dscratch.loadPlatform=linux/amd64} with podman there. */
    @Nested
    class IntoPodman {
        private PodmanService podman;

        @BeforeEach
        void startPodman() throws IOException {
            podman = PodmanService.start(basedir.resolve("engine"));
            session.getUserProperties().setProperty("scratch.dockerHost", podman.url());
            session.getUserProperties().setProperty("scratch.loadPlatform", "linux/amd64");
        }

        @AfterEach
        void stopPodman() {
            podman.close();
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "load", pom = "pom.xml")
        void executeLoadsTheImageIntoTheEngineTheDockerHostNames(LoadMojo mojo) throws Exception {
            assertThat(mojo.dockerHost).isEqualTo(podman.url());
            assertThat(mojo.loadPlatform).isEqualTo("linux/amd64");
            HarnessSupport.writeSite(basedir);

            mojo.execute();

            JsonNode image = JsonTrees.parse(podman.curl("/images/docker.io/example/harness:1.0/json")
                    .requireSuccess().output());
            assertThat(image.path("Id").asText()).startsWith("sha256:");
            assertThat(image.path("Config").path("Env").toString()).contains("ZETA=last letter, first written");
        }

        /** Load attaches nothing: with {@code <sbom>} on (the default) its layers are cached without file lists. */
        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "load", pom = "pom.xml")
        void aLoadHashesNoFileForAnSbomItCannotDeliver(LoadMojo mojo) throws Exception {
            HarnessSupport.writeSite(basedir);
            mojo.cacheDirectory = basedir.resolve("cache").toFile();
            assertThat(mojo.sbom).isTrue();

            mojo.execute();

            assertThat(podman.curl("/images/docker.io/example/harness:1.0/json").succeeded()).isTrue();
            assertThat(HarnessSupport.cachedLayersAndFileLists(basedir.resolve("cache"))).containsExactly(1, 0);
        }

        /**
         * A plugin-level {@code <signingKey>} meant for push does not concern load: not even a key file
         * that is missing stops it.
         */
        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "load", pom = "pom.xml")
        void aLoadReadsNoSigningKey(LoadMojo mojo) throws Exception {
            HarnessSupport.writeSite(basedir);
            mojo.signingKey = basedir.resolve("no-such-cosign.key").toFile();

            mojo.execute();

            assertThat(podman.curl("/images/docker.io/example/harness:1.0/json").succeeded()).isTrue();
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "load", pom = "pom.xml")
        void aLoadPlatformTheImageLacksIsABuildFailureNamingItAndThePlatformsThereAre(LoadMojo mojo)
                throws IOException {
            HarnessSupport.writeSite(basedir);
            mojo.loadPlatform = "linux/s390x";

            assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessage("<loadPlatform>: linux/s390x is not a platform of this image; it has linux/amd64; "
                            + "choose one of them");
            assertThat(podman.curl("/images/docker.io/example/harness:1.0/json").succeeded()).isFalse();
        }
    }

    /** {@code -Dscratch.dockerHost} naming a socket nobody listens on. */
    @Nested
    class NoEngine {
        @BeforeEach
        void userProperties() {
            session.getUserProperties().setProperty("scratch.dockerHost", "unix://" + basedir.resolve("missing.sock"));
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "load", pom = "pom.xml")
        void isAnExecutionErrorNamingTheSocketAndTheParameter(LoadMojo mojo) throws IOException {
            HarnessSupport.writeSite(basedir);

            assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("scratch: cannot connect to the container engine at unix://"
                            + basedir.resolve("missing.sock") + " (from <dockerHost>)");
        }
    }

    /** {@code -Dscratch.loadPlatform=linux}: not a platform. */
    @Nested
    class BadLoadPlatform {
        @BeforeEach
        void userProperties() {
            session.getUserProperties().setProperty("scratch.loadPlatform", "linux");
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "load", pom = "pom.xml")
        void isABuildFailureNamingIt(LoadMojo mojo) {
            assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageStartingWith("<loadPlatform>: 'linux' is not a platform");
        }
    }
}
