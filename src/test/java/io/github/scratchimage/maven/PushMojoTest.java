package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.registry.RegistryOptions;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.Skopeo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push goal built by plain construction with a real MavenSession and Maven's real
 * SettingsDecrypter, pushing to a real registry with htpasswd Basic auth on loopback.
 */
class PushMojoTest {
    private static final String USER = "ci";

    @TempDir
    Path basedir;

    private final String password = "pw-" + UUID.randomUUID();
    private final CapturingMavenLog log = new CapturingMavenLog();
    private MavenSecrets secrets;
    private LocalRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(basedir.resolve("site"));
        Files.writeString(basedir.resolve("site/index.html"), "<h1>pushed</h1>\n");
        secrets = MavenSecrets.create(basedir.resolve("m2"), "master-" + UUID.randomUUID());
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private void startRegistry() throws IOException {
        registry = LocalRegistry.builder(basedir.resolve("registry")).htpasswd(USER, password).build();
    }

    private PushMojo mojo(String serverPassword, boolean offline) {
        MavenProject project = new MavenProject();
        project.setArtifactId("demo");
        project.setVersion("1.0");
        project.setFile(basedir.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(basedir.resolve("target").toString());
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setOffline(offline);
        Server server = new Server();
        server.setId(registry == null ? "127.0.0.1:1" : registry.hostPort());
        server.setUsername(USER);
        server.setPassword(secrets.encrypt(serverPassword));
        request.setServers(List.of(server));
        PushMojo mojo = new PushMojo(secrets.decrypter());
        mojo.setLog(log);
        mojo.session = new MavenSession(null, request, new DefaultMavenExecutionResult(), project);
        mojo.project = project;
        mojo.image = (registry == null ? "127.0.0.1:1" : registry.hostPort()) + "/team/demo:1.0";
        mojo.tags = List.of("latest");
        mojo.platform = "linux/amd64";
        mojo.format = "oci";
        mojo.layers = List.of(new Layer("site", List.of(new FileEntry("site", "/srv/www"))));
        return mojo;
    }

    private void assertNoSecretLogged() {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        assertThat(log.text()).doesNotContain(password).doesNotContain(basic);
    }

    @Test
    void pushesWithTheEncryptedSettingsPasswordAndWritesTheDigest() throws Exception {
        startRegistry();

        mojo(password, false).execute();

        String digest = Files.readString(basedir.resolve("target/scratch/image.digest"));
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(Files.readString(basedir.resolve("target/scratch/image.json"))).contains(digest, "latest");
        String creds = "--creds=" + USER + ":" + password;
        for (String tag : List.of("1.0", "latest")) {
            assertThat(new Skopeo().inspect("docker://" + registry.hostPort() + "/team/demo:" + tag,
                    "--tls-verify=false", creds).path("Digest").asText()).isEqualTo(digest);
            assertThat(log.text()).contains("Pushed " + registry.hostPort() + "/team/demo:" + tag + "@" + digest);
        }
        assertThat(log.text()).contains("settings.xml <server> '" + registry.hostPort() + "'");
        assertNoSecretLogged();
    }

    @Test
    void wrongPasswordFailsWith401AndPushesNoTag() throws Exception {
        startRegistry();

        assertThatThrownBy(() -> mojo("wrong-" + password, false).execute())
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining(registry.hostPort()).hasMessageContaining("401");

        var result = new Skopeo().tryInspect("docker://" + registry.hostPort() + "/team/demo:1.0", "--tls-verify=false",
                "--creds=" + USER + ":" + password);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr()).containsIgnoringCase("manifest unknown");
        assertThat(basedir.resolve("target/scratch/image.digest")).doesNotExist();
        assertNoSecretLogged();
    }

    @Test
    void pushWithoutImageFailsNamingTheParameter() {
        PushMojo mojo = mojo(password, false);
        mojo.image = null;
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<image>").hasMessageContaining("required");
        assertThat(basedir.resolve("target/scratch")).doesNotExist();
    }

    @Test
    void badInputIsReportedFirstEvenWhenTheRegistryCannotBeReached() {
        PushMojo mojo = mojo(password, false);
        mojo.image = "127.0.0.1:1/team/demo:1.0"; // nothing listens there
        mojo.layers = List.of(new Layer("site", List.of(new FileEntry("missing", "/srv/www"))));
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("source").hasMessageContaining("missing");
    }

    @Test
    void offlineFailsClearlyAndWritesNoDigest() {
        assertThatThrownBy(() -> mojo(password, true).execute())
                .isInstanceOf(MojoExecutionException.class).hasMessageContaining("offline");
        assertThat(basedir.resolve("target/scratch/image.digest")).doesNotExist();
        assertThat(basedir.resolve("target/scratch/work")).as("nothing is built offline").doesNotExist();
        assertNoSecretLogged();
    }

    @Test
    void parametersReachTheEngineOptions() throws Exception {
        Path ca = Files.writeString(basedir.resolve("ca.pem"), "not checked here");
        PushMojo mojo = mojo(password, true);
        mojo.caCertificates = List.of(ca.toFile());
        mojo.allowInsecureRegistries = true;
        mojo.retries = 2;
        mojo.chunkSize = 1024L;
        mojo.parallelUploads = 3;
        mojo.httpTimeout = 7;

        RegistryOptions options = mojo.registryOptions(io.github.scratchimage.image.ImageReference.parse(mojo.image, "image"));

        assertThat(options.caCertificates()).containsExactly(ca);
        assertThat(options.allowInsecureRegistries()).isTrue();
        assertThat(options.retries()).isEqualTo(2);
        assertThat(options.chunkSize()).isEqualTo(1024L);
        assertThat(options.parallelUploads()).isEqualTo(3);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.offline()).isTrue();
        assertThat(options.credential().secret()).isEqualTo(password);
        assertThat(options.proxy()).isNull();
    }

    @Test
    void badParametersFailTheBuildNamingThem() {
        PushMojo negative = mojo(password, false);
        negative.retries = -1;
        assertThatThrownBy(negative::execute).isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<retries>");

        PushMojo zeroChunk = mojo(password, false);
        zeroChunk.chunkSize = 0L;
        assertThatThrownBy(zeroChunk::execute).isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<chunkSize>");

        for (int timeout : new int[] {0, 86_401}) {
            PushMojo badTimeout = mojo(password, false);
            badTimeout.httpTimeout = timeout;
            assertThatThrownBy(badTimeout::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageStartingWith("<httpTimeout>").hasMessageContaining("from 1 to 86400 seconds")
                    .hasMessageEndingWith("not " + timeout);
        }

        PushMojo missingCa = mojo(password, false);
        missingCa.caCertificates = List.of(new File(basedir.toFile(), "missing.pem"));
        assertThatThrownBy(missingCa::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<caCertificates/caCertificate[1]>").hasMessageContaining("missing.pem");
        assertThat(basedir.resolve("target")).doesNotExist();
    }
}
