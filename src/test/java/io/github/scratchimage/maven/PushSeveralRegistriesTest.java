package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.ProcessRunner;
import io.github.scratchimage.testing.Skopeo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push goal with {@code additionalImages}: one image pushed to real {@code docker-registry}
 * instances on loopback, two with htpasswd Basic auth whose credentials come from settings.xml
 * servers named after each host (passwords encrypted), and one in read-only mode that refuses every
 * write.
 */
class PushSeveralRegistriesTest {
    @TempDir
    Path basedir;

    private final CapturingMavenLog log = new CapturingMavenLog();
    private final List<LocalRegistry> registries = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final Map<LocalRegistry, String> credentials = new HashMap<>();
    private MavenSecrets secrets;

    @BeforeEach
    void setUp() throws IOException {
        PushMojos.writeSite(basedir, "<h1>several</h1>\n");
        secrets = MavenSecrets.create(basedir.resolve("m2"), "master-" + UUID.randomUUID());
    }

    @AfterEach
    void stopRegistries() {
        registries.forEach(LocalRegistry::close);
    }

    /** A registry with Basic auth for user {@code user}, and the settings.xml server for its host. */
    private LocalRegistry withAuth(String name, String user) throws IOException {
        String password = "pw-" + UUID.randomUUID();
        LocalRegistry registry = LocalRegistry.builder(basedir.resolve(name)).htpasswd(user, password).build();
        registries.add(registry);
        Server server = new Server();
        server.setId(registry.hostPort());
        server.setUsername(user);
        server.setPassword(secrets.encrypt(password));
        servers.add(server);
        credentials.put(registry, user + ":" + password);
        return registry;
    }

    private PushMojo mojo(String image, String... additionalImages) {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setServers(servers);
        PushMojo mojo = PushMojos.create(basedir, request, secrets.decrypter(), log, image);
        mojo.additionalImages = List.of(additionalImages);
        mojo.retries = 1;
        mojo.clock = () -> System.currentTimeMillis() + 10_000; // files count as settled: a record is written
        return mojo;
    }

    private String run(PushMojo mojo) throws Exception {
        int start = log.text().length();
        mojo.execute();
        return log.text().substring(start);
    }

    /** The digest {@code registry} holds at {@code repositoryAndTag}, or null when the tag is not there. */
    private String digestAt(LocalRegistry registry, String repositoryAndTag) {
        String reference = "docker://" + registry.hostPort() + "/" + repositoryAndTag;
        String creds = "--creds=" + credentials.get(registry);
        ProcessRunner.Result result = new Skopeo().tryInspect(reference, "--tls-verify=false", creds);
        if (result.exitCode() != 0) {
            assertThat(result.stdout() + result.stderr()).containsIgnoringCase("manifest unknown");
            return null;
        }
        return new Skopeo().inspect(reference, "--tls-verify=false", creds).path("Digest").asText();
    }

    private void assertNoSecretLogged() {
        for (String credential : credentials.values()) {
            assertThat(log.text()).doesNotContain(credential.substring(credential.indexOf(':') + 1));
        }
    }

    @Test
    void everyReferenceGetsTheSameDigestWithItsOwnRegistrysCredential() throws Exception {
        LocalRegistry first = withAuth("first", "ci");
        LocalRegistry second = withAuth("second", "mirror");

        run(mojo(first.hostPort() + "/team/demo:1.0", second.hostPort() + "/mirror/demo",
                first.hostPort() + "/team/copy:stable"));

        String digest = Files.readString(basedir.resolve("target/scratch/image.digest"));
        assertThat(digestAt(first, "team/demo:1.0")).isEqualTo(digest);
        assertThat(digestAt(first, "team/demo:latest")).isEqualTo(digest);
        assertThat(digestAt(second, "mirror/demo:1.0")).as("no tag given: the tags of <image>").isEqualTo(digest);
        assertThat(digestAt(second, "mirror/demo:latest")).isEqualTo(digest);
        assertThat(digestAt(first, "team/copy:stable")).isEqualTo(digest);
        assertThat(digestAt(first, "team/copy:1.0")).isNull();
        assertThat(log.text()).contains("settings.xml <server> '" + first.hostPort() + "'",
                "settings.xml <server> '" + second.hostPort() + "'", "Pushed 1 tag(s) of " + first.hostPort()
                + "/team/copy at " + digest);
        // the layer and the config: uploaded once to each registry, mounted into the second repository of the first
        assertThat(log.lines("INFO")).filteredOn(line -> line.startsWith("[INFO] Blobs: 2 uploaded")).hasSize(2);
        assertThat(log.lines("INFO")).filteredOn(line -> line.startsWith("[INFO] Blobs: 0 uploaded (0.0 MB), 0 already in the "
                + "registry, 2 mounted")).hasSize(1);
        assertThat(Files.readString(basedir.resolve("target/scratch/image.json"))).contains("\"references\" : [ \""
                + first.hostPort() + "/team/demo:1.0\", \"" + first.hostPort() + "/team/demo:latest\", \""
                + second.hostPort() + "/mirror/demo:1.0\", \"" + second.hostPort() + "/mirror/demo:latest\", \""
                + first.hostPort() + "/team/copy:stable\" ]");
        assertNoSecretLogged();
    }

    /** {@code -Dscratch.additionalImages} replaces the POM's list, as the other where-to values do. */
    @Test
    void theCommandLineListWinsOverThePom() throws Exception {
        PushMojo mojo = mojo("127.0.0.1:1/team/demo:1.0", "127.0.0.1:2/from/pom");
        mojo.session.getUserProperties().setProperty("scratch.additionalImages", "127.0.0.1:3/from/cli:x,127.0.0.1:4/b");
        ImageName name = ImageName.of(ImageReference.parse(mojo.image), mojo.tags);

        assertThat(mojo.sinks(name, BuildLog.NONE)).extracting(ImageSink::target).containsExactly(
                "registry 127.0.0.1:1/team/demo:1.0,latest", "registry 127.0.0.1:3/from/cli:x",
                "registry 127.0.0.1:4/b:1.0,latest", "metadata " + basedir.resolve("target/scratch/image.digest")
                        + ", image.json");
    }

    /** Every registry gets the image before any gets a tag: a refusal on the second leaves the first without. */
    @Test
    void aRegistryThatRefusesFailsTheBuildNamingItAndNoRegistryGetsATag() throws Exception {
        LocalRegistry first = withAuth("first", "ci");
        LocalRegistry readOnly = LocalRegistry.builder(basedir.resolve("read-only")).readOnly().build();
        registries.add(readOnly);

        assertThatThrownBy(() -> run(mojo(first.hostPort() + "/team/demo:1.0", readOnly.hostPort() + "/mirror/demo:1.0")))
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("Registry " + readOnly.hostPort() + ": ");

        assertThat(digestAt(first, "team/demo:1.0")).isNull();
        assertThat(digestAt(first, "team/demo:latest")).isNull();
        assertThat(basedir.resolve("target/scratch/image.digest")).doesNotExist();
        assertThat(log.text()).doesNotContain("Pushed ");
        assertNoSecretLogged();
    }

    /**
     * A registry that takes every blob but refuses the tag fails while tags are written (after every
     * registry has the image): the build names it, and the registries after it get no tag. A
     * {@link FaultProxy} refuses the manifest PUT: a real registry refuses no tag after taking the blobs.
     */
    @Test
    void aRegistryThatRefusesTheTagFailsTheBuildNamingItAndTheRegistriesAfterItGetNoTag() throws Exception {
        LocalRegistry behindProxy = LocalRegistry.plain(basedir.resolve("behind-proxy"));
        registries.add(behindProxy);
        LocalRegistry mirror = withAuth("mirror", "mirror");
        try (FaultProxy proxy = new FaultProxy(behindProxy.port())) {
            proxy.refuse(r -> r.method().equals("PUT") && r.path().contains("/manifests/"), 403);

            assertThatThrownBy(() -> run(mojo(proxy.hostPort() + "/team/demo:1.0", mirror.hostPort() + "/mirror/demo:1.0")))
                    .isInstanceOf(MojoExecutionException.class)
                    .hasMessageStartingWith("Registry " + proxy.hostPort() + ": put manifest team/demo:1.0 failed: HTTP 403");

            assertThat(proxy.count("PUT", "/v2/team/demo/blobs/uploads/.*")).as("the blobs went in").isEqualTo(2);
        }
        assertThat(digestAt(mirror, "mirror/demo:1.0")).isNull();
        assertThat(basedir.resolve("target/scratch/image.digest")).doesNotExist();
        assertNoSecretLogged();
    }

    /** The delivery record covers every registry: a tag moved on the mirror alone means a new push. */
    @Test
    void anUnchangedPushAsksEveryRegistry() throws Exception {
        LocalRegistry first = withAuth("first", "ci");
        LocalRegistry second = withAuth("second", "mirror");
        String image = first.hostPort() + "/team/demo:1.0";
        String mirror = second.hostPort() + "/mirror/demo:1.0";
        run(mojo(image, mirror));
        String digest = digestAt(second, "mirror/demo:1.0");

        assertThat(run(mojo(image, mirror))).contains("Unchanged since the last push").contains(digest);
        assertThat(run(mojo(image))).as("other targets than recorded").doesNotContain("Unchanged since the last push");

        run(mojo(image, mirror));
        PushMojo other = mojo(mirror);
        other.project.getBuild().setDirectory(basedir.resolve("other-target").toString());
        other.tags = List.of();
        other.environment.put("OTHER", "yes");
        run(other);
        assertThat(digestAt(second, "mirror/demo:1.0")).isNotEqualTo(digest);

        assertThat(run(mojo(image, mirror))).doesNotContain("Unchanged since the last push");
        assertThat(digestAt(second, "mirror/demo:1.0")).isEqualTo(digest);
        assertThat(digestAt(first, "team/demo:1.0")).isEqualTo(digest);
    }
}
