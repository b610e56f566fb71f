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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        PushMojos.writeSite(basedir, "<h1>pushed</h1>\n");
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
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setOffline(offline);
        Server server = new Server();
        server.setId(registry == null ? "127.0.0.1:1" : registry.hostPort());
        server.setUsername(USER);
        server.setPassword(secrets.encrypt(serverPassword));
        request.setServers(List.of(server));
        return PushMojos.create(basedir, request, secrets.decrypter(), log,
                (registry == null ? "127.0.0.1:1" : registry.hostPort()) + "/team/demo:1.0");
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

    /** Push attaches the SBOM (on by default): the files are hashed for it and kept with the cached layer. */
    @Test
    void thePushedLayersAreCachedWithTheirFilesChecksumsForTheSbom() throws Exception {
        startRegistry();
        PushMojo mojo = mojo(password, false);
        mojo.cacheDirectory = basedir.resolve("cache").toFile();
        assertThat(mojo.sbom).isTrue();

        mojo.execute();

        assertThat(log.text()).contains("Attached application/spdx+json");
        assertThat(HarnessSupport.cachedLayersAndFileLists(basedir.resolve("cache"))).containsExactly(1, 1);
    }

    /**
     * A goal run from a reactor root runs in every module: one whose build does not declare the plugin
     * (here the parent, without an image) is skipped with one line instead of failing the reactor.
     */
    @Test
    void aReactorModuleThatDoesNotDeclareThePluginIsSkipped() throws Exception {
        PushMojo mojo = mojo(password, false);
        mojo.image = null;
        MavenProject other = new MavenProject();
        other.setArtifactId("app");
        mojo.session.setProjects(List.of(mojo.project, other));

        mojo.execute();

        assertThat(log.text()).contains("scratch: skipped demo: its <build> does not declare scratch-maven-plugin");
        assertThat(basedir.resolve("target")).doesNotExist();

        mojo.session.setProjects(List.of(mojo.project));
        assertThatThrownBy(mojo::execute).as("alone, the project is built as configured")
                .isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<image>");
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
        mojo.chunkSize = "64k";
        mojo.parallelUploads = 3;
        mojo.httpTimeout = 7;

        RegistryOptions options = mojo.registryOptions(io.github.scratchimage.image.ImageReference.parse(mojo.image));

        assertThat(options.caCertificates()).containsExactly(ca);
        assertThat(options.allowInsecureRegistries()).isTrue();
        assertThat(options.retries()).isEqualTo(2);
        assertThat(options.chunkSize()).isEqualTo(65_536L);
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
        zeroChunk.chunkSize = "0";
        assertThatThrownBy(zeroChunk::execute).isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<chunkSize>")
                .hasMessageContaining("must be a positive size");
        PushMojo notASize = mojo(password, false);
        notASize.chunkSize = "64 MB";
        assertThatThrownBy(notASize::execute).isInstanceOf(MojoFailureException.class).hasMessageStartingWith("<chunkSize>")
                .hasMessageContaining("'64 MB' is not a size");

        for (int timeout : new int[] {0, 86_401}) {
            PushMojo badTimeout = mojo(password, false);
            badTimeout.httpTimeout = timeout;
            assertThatThrownBy(badTimeout::execute).isInstanceOf(MojoFailureException.class)
                    .hasMessageStartingWith("<httpTimeout>").hasMessageContaining("from 1 to 86400 seconds")
                    .hasMessageEndingWith("not " + timeout);
        }

        PushMojo otherRegistry = mojo(password, false);
        otherRegistry.cacheFrom = List.of("other.example:5000/team/demo:1.0");
        assertThatThrownBy(otherRegistry::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<cacheFrom>").hasMessageContaining("other.example:5000/team/demo:1.0")
                .hasMessageContaining("name images of the same registry");

        PushMojo badReference = mojo(password, false);
        badReference.cacheFrom = List.of("Not A Reference");
        assertThatThrownBy(badReference::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<cacheFrom>");

        PushMojo missingCa = mojo(password, false);
        missingCa.caCertificates = List.of(new File(basedir.toFile(), "missing.pem"));
        assertThatThrownBy(missingCa::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("<caCertificates/caCertificate[1]>").hasMessageContaining("missing.pem");
        assertThat(basedir.resolve("target")).doesNotExist();
    }

    /**
     * A cached layer damaged in place (same size, so no stat can tell) is found while it is uploaded,
     * before its last bytes go out; it is dropped from the cache, built again from its files, and the
     * push completes with the right image. Before, every push failed with the registry's DIGEST_INVALID.
     */
    @ParameterizedTest(name = "chunked: {0}")
    @ValueSource(booleans = {false, true})
    void aDamagedCachedLayerIsBuiltAgainAndPushed(boolean chunked) throws Exception {
        startRegistry();
        Path cache = basedir.resolve("cache");
        PushMojo first = mojo(password, false);
        first.cacheDirectory = cache.toFile();
        run(first);
        String digest = tagDigest("1.0");
        List<Path> blobs;
        try (var files = Files.list(cache.resolve("blobs"))) {
            blobs = files.toList();
        }
        assertThat(blobs).hasSize(1);
        Path blob = blobs.get(0);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);
        registry.close(); // an empty registry on a new port: the blob must be uploaded, not mounted or found
        registry = LocalRegistry.builder(basedir.resolve("registry2")).htpasswd(USER, password).build();

        PushMojo second = mojo(password, false);
        second.cacheDirectory = cache.toFile();
        second.image = registry.hostPort() + "/team/healed:1.0";
        second.chunkSize = chunked ? "64" : null;
        String logged = run(second);

        assertThat(logged).contains("does not match its digest", "building the layer again", blob.toString());
        String creds = "--creds=" + USER + ":" + password;
        assertThat(new Skopeo().inspect("docker://" + registry.hostPort() + "/team/healed:1.0", "--tls-verify=false",
                creds).path("Digest").asText()).isEqualTo(digest);
        Path layout = basedir.resolve("pulled-healed");
        new Skopeo().copy("docker://" + registry.hostPort() + "/team/healed:1.0", "oci:" + layout + ":pulled",
                "--src-tls-verify=false", "--src-creds=" + USER + ":" + password);
        Path bundle = new io.github.scratchimage.testing.Umoci().unpack(layout, "pulled", basedir.resolve("bundle"));
        assertThat(Files.readString(bundle.resolve("srv/www/index.html"))).isEqualTo("<h1>pushed</h1>\n");
        assertThat(io.github.scratchimage.image.Digest.sha256(Files.readAllBytes(blob)).encoded())
                .as("the cache holds the layer again, undamaged").isEqualTo(blob.getFileName().toString());
        assertNoSecretLogged();
    }

    // --- a push whose inputs did not change since the last one ---

    /** A mojo whose clock runs ahead, so that the files just written count as settled. */
    private PushMojo settledMojo() {
        PushMojo mojo = mojo(password, false);
        mojo.clock = () -> System.currentTimeMillis() + 10_000;
        return mojo;
    }

    /** Runs {@code mojo} and returns what it logged. */
    private String run(PushMojo mojo) throws Exception {
        int start = log.text().length();
        mojo.execute();
        return log.text().substring(start);
    }

    private String tagDigest(String tag) {
        return new Skopeo().inspect("docker://" + registry.hostPort() + "/team/demo:" + tag, "--tls-verify=false",
                "--creds=" + USER + ":" + password).path("Digest").asText();
    }

    /** The content of {@code path} in the image at {@code tag}, read back through skopeo and umoci. */
    private String fileInImage(String tag, String path) throws IOException {
        Path layout = basedir.resolve("pulled-" + UUID.randomUUID());
        new Skopeo().copy("docker://" + registry.hostPort() + "/team/demo:" + tag, "oci:" + layout + ":pulled",
                "--src-tls-verify=false", "--src-creds=" + USER + ":" + password);
        Path bundle = new io.github.scratchimage.testing.Umoci().unpack(layout, "pulled", basedir.resolve("bundle-"
                + UUID.randomUUID()));
        return Files.readString(bundle.resolve(path)); // unpack gives the rootfs
    }

    @Test
    void aPushWithNothingChangedAsksTheRegistryAndBuildsNothing() throws Exception {
        startRegistry();
        String first = run(settledMojo());
        assertThat(first).contains("1 layer(s)").doesNotContain("Unchanged since the last push");
        String digest = tagDigest("1.0");
        assertThat(basedir.resolve("target/scratch/" + "delivery.state")).exists();

        String second = run(settledMojo());

        assertThat(second).contains("Unchanged since the last push").contains(digest)
                .doesNotContain("layer(s)").contains("Pushed 2 tag(s)");
        assertThat(tagDigest("1.0")).isEqualTo(digest);
        assertThat(tagDigest("latest")).isEqualTo(digest);
        assertThat(Files.readString(basedir.resolve("target/scratch/image.digest"))).isEqualTo(digest);
        assertNoSecretLogged();
    }

    /** The cache must never be stale: same size, same mtime, new bytes → the new bytes are pushed. */
    @Test
    void aFileRewrittenWithItsOldSizeAndMtimeIsBuiltAndPushedAgain() throws Exception {
        startRegistry();
        Path page = basedir.resolve("site/index.html");
        FileTime mtime = Files.getLastModifiedTime(page);
        run(settledMojo());
        String before = tagDigest("1.0");
        assertThat(fileInImage("1.0", "srv/www/index.html")).isEqualTo("<h1>pushed</h1>\n");
        Thread.sleep(20); // past the file system's timestamp granularity

        Files.writeString(page, "<h1>PUSHED</h1>\n");
        Files.setLastModifiedTime(page, mtime);
        String again = run(settledMojo());

        assertThat(again).doesNotContain("Unchanged since the last push").contains("1 layer(s)");
        assertThat(tagDigest("1.0")).isNotEqualTo(before);
        assertThat(fileInImage("1.0", "srv/www/index.html")).isEqualTo("<h1>PUSHED</h1>\n");
    }

    @Test
    void aChangedSettingIsBuiltAndPushedAgain() throws Exception {
        startRegistry();
        run(settledMojo());
        String before = tagDigest("1.0");

        PushMojo changed = settledMojo();
        changed.environment.put("MODE", "debug");
        String again = run(changed);

        assertThat(again).doesNotContain("Unchanged since the last push");
        assertThat(tagDigest("1.0")).isNotEqualTo(before);
    }

    /** Pushes an image with other content to {@code image} alone, from another build directory. */
    private void pushAnotherImage(String image) throws Exception {
        PushMojo other = settledMojo();
        other.project.getBuild().setDirectory(basedir.resolve("other-target").toString());
        other.image = image;
        other.tags = List.of();
        other.environment.put("OTHER", "yes");
        run(other);
    }

    /** Someone else pushed to the tag since: the record alone must not keep their image there. */
    @Test
    void aTagMovedAtTheRegistryIsPushedAgain() throws Exception {
        startRegistry();
        run(settledMojo());
        String ours = tagDigest("1.0");
        pushAnotherImage(registry.hostPort() + "/team/demo:1.0");
        assertThat(tagDigest("1.0")).isNotEqualTo(ours);
        assertThat(tagDigest("latest")).isEqualTo(ours);

        String again = run(settledMojo());

        assertThat(again).doesNotContain("Unchanged since the last push");
        assertThat(tagDigest("1.0")).isEqualTo(ours);
    }

    @Test
    void anExtraTagMovedAtTheRegistryIsPushedAgain() throws Exception {
        startRegistry();
        run(settledMojo());
        String ours = tagDigest("latest");
        pushAnotherImage(registry.hostPort() + "/team/demo:latest");
        assertThat(tagDigest("latest")).isNotEqualTo(ours);

        String again = run(settledMojo());

        assertThat(again).doesNotContain("Unchanged since the last push");
        assertThat(tagDigest("latest")).isEqualTo(ours);
        assertThat(tagDigest("1.0")).isEqualTo(ours);
    }

    @Test
    void aMissingDigestFileMeansAFullPushThatWritesItAgain() throws Exception {
        startRegistry();
        run(settledMojo());
        Path digestFile = basedir.resolve("target/scratch/image.digest");
        String digest = Files.readString(digestFile);
        Files.delete(digestFile);

        String again = run(settledMojo());

        assertThat(again).doesNotContain("Unchanged since the last push").contains("1 layer(s)");
        assertThat(Files.readString(digestFile)).isEqualTo(digest);
    }

    /** Files changed within the last seconds may change again unseen: no record, so the next push builds. */
    @Test
    void freshFilesLeaveNoRecord() throws Exception {
        startRegistry();
        run(mojo(password, false));

        assertThat(basedir.resolve("target/scratch/" + "delivery.state")).doesNotExist();
        assertThat(run(mojo(password, false))).doesNotContain("Unchanged since the last push");
    }
}
