package io.github.scratchimage.maven;

import static io.github.scratchimage.maven.HarnessSupport.file;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The save goal as Maven builds it: looked up from the plugin descriptor, its parameters filled by
 * Maven's own configurator and expression evaluator from a test POM ({@code src/test/resources/harness})
 * and the session's user properties ({@code -Dscratch.*}), its components injected. The project is a
 * real {@link MavenProject} in a temporary directory; the session is the harness's mock.
 */
@MojoTest
class SaveMojoHarnessTest {

    @TempDir
    Path basedir;

    @Inject
    MavenSession session;

    /** The project the goal runs in, instead of the harness's, whose directory is this checkout. */
    @Provides
    MavenProject project() {
        return HarnessSupport.project(basedir);
    }

    private Path target() {
        return basedir.resolve("target");
    }

    /** Every parameter of save that has a default, with the value Maven injects in {@link #project()}. */
    private Map<String, Object> defaults(MavenProject project) {
        Map<String, Object> defaults = HarnessSupport.commonDefaults(project);
        defaults.put("attach", false);
        defaults.put("session", session);
        return defaults;
    }

    @Test
    @Basedir("/harness/defaults")
    @InjectMojo(goal = "save", pom = "pom.xml")
    void everyParameterDefaultAsMavenInjectsIt(SaveMojo mojo) throws Exception {
        Map<String, Object> defaults = defaults(mojo.project);
        assertThat(mojo.mojoExecution.getMojoDescriptor().getGoal()).as("${mojoExecution}").isEqualTo("save");
        defaults.put("mojoExecution", mojo.mojoExecution);

        assertThat(defaults.keySet()).as("the parameters with a default in plugin.xml")
                .containsExactlyInAnyOrderElementsOf(HarnessSupport.parametersWithDefault("save"));
        assertThat(HarnessSupport.values(mojo, defaults.keySet())).isEqualTo(defaults);
        Map<String, Object> unconfigured = HarnessSupport.commonUnconfigured();
        unconfigured.put("outputFile", null);
        unconfigured.put("classifier", null);
        unconfigured.put("loadPlatform", null);
        unconfigured.put("layoutDirectory", null);
        assertThat(unconfigured.keySet()).as("the parameters without a default in plugin.xml")
                .containsExactlyInAnyOrderElementsOf(HarnessSupport.parametersWithoutDefault("save"));
        assertThat(HarnessSupport.values(mojo, unconfigured.keySet())).isEqualTo(unconfigured);
    }

    @Test
    @Basedir("/harness/site")
    @InjectMojo(goal = "save", pom = "pom.xml")
    void pomValuesAreInjectedAndTheEnvironmentKeepsItsOrder(SaveMojo mojo) {
        assertThat(mojo.image).isEqualTo("example/harness:1.0");
        assertThat(mojo.format).isEqualTo("docker");
        assertThat(mojo.layers).singleElement().satisfies(layer -> {
            assertThat(layer.getName()).isEqualTo("site");
            assertThat(layer.getFiles()).singleElement().satisfies(file -> {
                assertThat(file.getSource()).isEqualTo("site");
                assertThat(file.getTarget()).isEqualTo("/srv/www");
            });
        });
        assertThat(mojo.environment).isInstanceOf(LinkedHashMap.class);
        assertThat(mojo.environment.keySet()).containsExactly("ZETA", "ALPHA", "MIDDLE");
        assertThat(mojo.labels.keySet()).as("a field of type Map gets a TreeMap").containsExactly("a", "b");
    }

    @Test
    @Basedir("/harness/site")
    @InjectMojo(goal = "save", pom = "pom.xml")
    void executeWritesTheTarballWithDigestAndDescriptionBeside(SaveMojo mojo) throws Exception {
        HarnessSupport.writeSite(basedir);
        Path userCache = target().resolve("user-cache");
        mojo.getenv = name -> name.equals("XDG_CACHE_HOME") ? userCache.toString() : null;

        mojo.execute();

        Path tarball = target().resolve("scratch/image.tar");
        String digest = Files.readString(target().resolve("scratch/image.digest")).trim();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(Files.readString(target().resolve("scratch/image.json"))).contains("example/harness", digest);
        Map<String, byte[]> entries = HarnessSupport.tarEntries(tarball);
        assertThat(entries).containsKeys("oci-layout", "index.json", "manifest.json");
        assertThat(entries).containsKey("blobs/sha256/" + Digest.parse(digest).encoded());
        assertThat(HarnessSupport.layerFiles(entries)).containsEntry("srv/www/index.html", HarnessSupport.PAGE);
        assertThat(userCache.resolve("scratch-maven-plugin/blobs")).as("the default cacheDirectory").isNotEmptyDirectory();
        assertThat(target().resolve("scratch/cache")).doesNotExist();
        assertThat(mojo.project.getAttachedArtifacts()).isEmpty();
    }

    /** {@code mvn -Dscratch.X=...} for every property save reads; nothing in the POM. */
    @Nested
    class EveryUserProperty {
        private final Map<String, String> properties = new LinkedHashMap<>();

        @BeforeEach
        void userProperties() {
            properties.put("scratch.outputFile", "out/app.tar");
            properties.put("scratch.attach", "true");
            properties.put("scratch.classifier", "native");
            properties.put("scratch.layoutDirectory", "out/layout");
            properties.put("scratch.image", "example/cli:2.0");
            properties.put("scratch.tags", "a,b");
            properties.put("scratch.platform", "linux/arm64/v8");
            properties.put("scratch.osVersion", "10.0");
            properties.put("scratch.alwaysIndex", "true");
            properties.put("scratch.platformCheck", "warn");
            properties.put("scratch.compression", "zstd");
            properties.put("scratch.compressionLevel", "1");
            properties.put("scratch.cacheDirectory", "/var/cache/scratch");
            properties.put("scratch.cacheMaxSize", "1g");
            properties.put("scratch.workingDirectory", "/app");
            properties.put("scratch.user", "65532:65532");
            properties.put("scratch.exposedPorts", "80,443/udp");
            properties.put("scratch.volumes", "/data,/logs");
            properties.put("scratch.stopSignal", "SIGINT");
            properties.put("scratch.creationTime", "2024-05-01T00:00:00Z");
            properties.put("scratch.format", "docker");
            properties.put("scratch.sbom", "false");
            properties.put("scratch.signingKey", "keys/cosign.pem");
            properties.put("scratch.signingServerId", "signing");
            properties.put("scratch.skip", "true");
            properties.put("scratch.loadPlatform", "linux/arm64");
            session.getUserProperties().putAll(properties);
        }

        @Test
        @Basedir("/harness/defaults")
        @InjectMojo(goal = "save", pom = "pom.xml")
        void overrideTheDefaults(SaveMojo mojo) throws Exception {
            assertThat(properties.keySet()).as("every property of save is set here")
                    .containsExactlyInAnyOrderElementsOf(HarnessSupport.properties("save"));

            assertThat(mojo.outputFile).as("relative to the project directory").isEqualTo(file(basedir, "out/app.tar"));
            assertThat(mojo.attach).isTrue();
            assertThat(mojo.classifier).isEqualTo("native");
            assertThat(mojo.layoutDirectory).as("relative to the project directory").isEqualTo(file(basedir, "out/layout"));
            assertThat(mojo.image).isEqualTo("example/cli:2.0");
            assertThat(mojo.tags).containsExactly("a", "b");
            assertThat(mojo.platform).isEqualTo("linux/arm64/v8");
            assertThat(mojo.osVersion).isEqualTo("10.0");
            assertThat(mojo.alwaysIndex).isTrue();
            assertThat(mojo.platformCheck).isEqualTo("warn");
            assertThat(mojo.compression).isEqualTo("zstd");
            assertThat(mojo.compressionLevel).isEqualTo(1);
            assertThat(mojo.cacheDirectory).isEqualTo(new File("/var/cache/scratch"));
            assertThat(mojo.cacheMaxSize).isEqualTo("1g");
            assertThat(mojo.workingDirectory).isEqualTo("/app");
            assertThat(mojo.user).isEqualTo("65532:65532");
            assertThat(mojo.exposedPorts).containsExactly("80", "443/udp");
            assertThat(mojo.volumes).containsExactly("/data", "/logs");
            assertThat(mojo.stopSignal).isEqualTo("SIGINT");
            assertThat(mojo.creationTime).isEqualTo("2024-05-01T00:00:00Z");
            assertThat(mojo.format).isEqualTo("docker");
            assertThat(mojo.sbom).isFalse();
            assertThat(mojo.signingKey).as("relative to the project directory").isEqualTo(file(basedir, "keys/cosign.pem"));
            assertThat(mojo.signingServerId).isEqualTo("signing");
            assertThat(mojo.skip).isTrue();
            assertThat(mojo.loadPlatform).isEqualTo("linux/arm64");
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "save", pom = "pom.xml")
        void theCommandLineWinsForWhereTheImageGoesThePomForTheRest(SaveMojo mojo) {
            assertThat(mojo.image).as("as Maven injects it: the POM wins over the property").isEqualTo("example/harness:1.0");
            assertThat(mojo.format).isEqualTo("docker");
            assertThat(mojo.compressionLevel).as("not in the POM").isEqualTo(1);

            mojo.commandLine().applyTo(mojo);

            assertThat(mojo.image).as("as the goal uses it").isEqualTo("example/cli:2.0");
            assertThat(mojo.tags).containsExactly("a", "b");
            assertThat(mojo.platform).isEqualTo("linux/arm64/v8");
            assertThat(mojo.format).as("the POM still wins for other parameters").isEqualTo("docker");
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "save", pom = "pom.xml")
        void skipWritesNothing(SaveMojo mojo) throws Exception {
            HarnessSupport.writeSite(basedir);

            mojo.execute();

            assertThat(target()).doesNotExist();
            assertThat(basedir.resolve("out")).doesNotExist();
        }
    }

    /** {@code mvn -Dscratch.attach=true -Dscratch.outputFile=...}: the tarball is written there and attached. */
    @Nested
    class AttachFromTheCommandLine {
        @BeforeEach
        void userProperties() {
            session.getUserProperties().setProperty("scratch.attach", "true");
            session.getUserProperties().setProperty("scratch.outputFile", "target/app-image.tar");
        }

        @Test
        @Basedir("/harness/site")
        @InjectMojo(goal = "save", pom = "pom.xml")
        void executeWritesAndAttachesTheTarball(SaveMojo mojo) throws Exception {
            HarnessSupport.writeSite(basedir);

            mojo.execute();

            Path tarball = target().resolve("app-image.tar");
            assertThat(HarnessSupport.layerFiles(HarnessSupport.tarEntries(tarball)))
                    .containsEntry("srv/www/index.html", HarnessSupport.PAGE);
            assertThat(target().resolve("image.digest")).isRegularFile();
            List<Artifact> attached = mojo.project.getAttachedArtifacts();
            assertThat(attached).singleElement().satisfies(artifact -> {
                assertThat(artifact.getClassifier()).isEqualTo("image");
                assertThat(artifact.getType()).isEqualTo("tar");
                assertThat(artifact.getFile()).isEqualTo(tarball.toFile());
            });
        }
    }
}
