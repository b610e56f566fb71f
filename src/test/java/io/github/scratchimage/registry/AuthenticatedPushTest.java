package io.github.scratchimage.registry;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.ImageName;
import static io.github.scratchimage.registry.RegistryTestSupport.assertNoSecret;
import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static io.github.scratchimage.registry.RegistryTestSupport.tagExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import io.github.scratchimage.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS, htpasswd Basic, Bearer tokens and credential lookup against real registries. */
class AuthenticatedPushTest {
    private static final String USER = "pusher";
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path dir;

    private ImageReference at(String hostPort, String repositoryAndTag) {
        return ImageReference.parse(hostPort + "/" + repositoryAndTag);
    }

    @Test
    void selfSignedTlsNeedsCaCertificates() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).tls().build()) {
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 101, 2000);
            ImageReference reference = at(registry.hostPort(), "secure:v1");

            assertThatThrownBy(() -> new RegistryPusher(options(dir).build(), new CapturingLog()).push(image, ImageName.of(reference, List.of())))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("Registry " + registry.hostPort())
                    .hasMessageContaining("TLS certificate is not trusted")
                    .hasMessageContaining("<caCertificates>");

            PushResult result = new RegistryPusher(options(dir).caCertificates(List.of(registry.certificate())).build(),
                    new CapturingLog()).push(image, ImageName.of(reference, List.of()));
            assertThat(result.digest()).isEqualTo(image.digest());
            assertThat(skopeoRaw(registry.hostPort(), "secure:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));
        }
    }

    @Test
    void notAPemFileIsABadParameter() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.pem"), "hello");
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 102, 100);
        assertThatThrownBy(() -> new RegistryPusher(options(dir).caCertificates(List.of(bogus)).build(), new CapturingLog())
                .push(image, ImageName.of(at("127.0.0.1:1", "x:y"), List.of())))
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.TRUSTED_CERTIFICATES).hasMessageContaining("bogus.pem");
    }

    @Test
    void htpasswdBasicAuth() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).build();
                FaultProxy proxy = new FaultProxy(registry.port())) {
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 111, 3000, 4000);
            CapturingLog log = new CapturingLog();

            ImageReference wrong = at(proxy.hostPort(), "basic:v1");
            assertThatThrownBy(() -> new RegistryPusher(options(dir).credential(Credential.of(USER, "wrong")).build(), log)
                    .push(image, ImageName.of(wrong, List.of())))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("Registry " + proxy.hostPort())
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("rejected the credential");
            assertThat(proxy.count("POST", ".*")).isZero();
            assertThat(proxy.count("PUT", ".*")).isZero();
            assertThat(tagExists(registry.hostPort(), "basic:v1", USER + ":" + PASSWORD)).isFalse();

            assertThatThrownBy(() -> new RegistryPusher(options(dir).build(), log).push(image, ImageName.of(wrong, List.of())))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("no credential was found");

            PushResult result = new RegistryPusher(options(dir).credential(Credential.of(USER, PASSWORD)).build(), log)
                    .push(image, ImageName.of(at(registry.hostPort(), "basic:v1"), List.of()));
            assertThat(skopeoRaw(registry.hostPort(), "basic:v1", false, USER + ":" + PASSWORD))
                    .isEqualTo(TestImages.bytes(image.root()));
            assertThat(result.digest()).isEqualTo(image.digest());
            assertNoSecret(log, USER, PASSWORD);
        }
    }

    @Test
    void bearerTokenAuth() throws Exception {
        try (TokenServer tokens = new TokenServer(dir.resolve("tokens"), USER, PASSWORD);
                LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).token(tokens).build()) {
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 121, 3000, 4000);
            CapturingLog log = new CapturingLog();
            MountSources oneRun = new MountSources();

            new RegistryPusher(options(dir).credential(Credential.of(USER, PASSWORD)).build(), log, oneRun)
                    .push(image, ImageName.of(at(registry.hostPort(), "org/tokenized:v1"), List.of("v2")));

            assertThat(tokens.requestedScopes()).contains("repository:org/tokenized:pull,push");
            assertThat(tokens.tokenRequests()).isEqualTo(1);
            assertThat(skopeoRaw(registry.hostPort(), "org/tokenized:v2", false, USER + ":" + PASSWORD))
                    .isEqualTo(TestImages.bytes(image.root()));

            // access_token instead of token, and a mount from the first repository (pull scope on it)
            tokens.useAccessTokenField(true);
            new RegistryPusher(options(dir).credential(Credential.of(USER, PASSWORD)).build(), log, oneRun)
                    .push(image, ImageName.of(at(registry.hostPort(), "org/copy:v1"), List.of()));
            assertThat(tokens.requestedScopes()).contains("repository:org/copy:pull,push", "repository:org/tokenized:pull");
            assertThat(log.text()).contains(": mounted from org/tokenized");
            assertThat(skopeoRaw(registry.hostPort(), "org/copy:v1", false, USER + ":" + PASSWORD))
                    .isEqualTo(TestImages.bytes(image.root()));

            assertThatThrownBy(() -> new RegistryPusher(options(dir).credential(Credential.of(USER, "nope")).build(), log)
                    .push(image, ImageName.of(at(registry.hostPort(), "org/denied:v1"), List.of())))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("token server rejected the credential");
            assertThat(tagExists(registry.hostPort(), "org/denied:v1", USER + ":" + PASSWORD)).isFalse();
            assertNoSecret(log, USER, PASSWORD);
            assertThat(log.text()).doesNotContain("nope");
        }
    }

    /**
     * A registry front (on 127.0.0.1) sends every upload to another host name (localhost) with its
     * {@code Location}, as a registry with a separate storage front does. The storage front records what
     * it receives and authorizes the upload to the real registry by itself, as a signed URL would.
     * Neither the Basic credential nor the Bearer token may reach it, for one-request uploads and for
     * chunked PATCHes with their final PUT.
     */
    @ParameterizedTest(name = "{0}, chunked: {1}")
    @CsvSource({"basic, false", "basic, true", "token, false", "token, true"})
    void credentialsStayWithTheRegistryWhenAnUploadLocationPointsElsewhere(String auth, boolean chunked)
            throws Exception {
        try (TokenServer tokens = new TokenServer(dir.resolve("tokens"), USER, PASSWORD);
                LocalRegistry registry = auth.equals("token")
                        ? LocalRegistry.builder(dir.resolve("registry")).token(tokens).build()
                        : LocalRegistry.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).build();
                FaultProxy front = new FaultProxy(registry.port());
                FaultProxy storage = new FaultProxy(registry.port())) {
            String storageOrigin = "http://localhost:" + storage.port();
            front.rewriteLocation(location -> location.replace("http://" + front.hostPort(), storageOrigin));
            storage.authorizeUpstream(() -> front.requests().stream().map(FaultProxy.Request::authorization)
                    .filter(a -> a != null).reduce((first, last) -> last).orElse(null));
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 151, 3000, 70_000);
            CapturingLog log = new CapturingLog();

            new RegistryPusher(options(dir).credential(Credential.of(USER, PASSWORD))
                    .chunkSize(chunked ? 32_768L : null).build(), log)
                    .push(image, ImageName.of(at(front.hostPort(), "elsewhere:v1"), List.of()));

            assertThat(storage.requests()).as("uploads sent to the storage front")
                    .extracting(FaultProxy.Request::method).contains("PUT");
            if (chunked) {
                assertThat(storage.count("PATCH", ".*")).isGreaterThanOrEqualTo(3);
            }
            assertThat(storage.requests()).allSatisfy(r -> {
                assertThat(r.host()).isEqualTo("localhost:" + storage.port());
                assertThat(r.authorization()).as("Authorization sent to %s %s", r.method(), r.path()).isNull();
            });
            assertThat(front.requests()).anySatisfy(r -> assertThat(r.authorization()).isNotNull());
            assertThat(skopeoRaw(registry.hostPort(), "elsewhere:v1", false, USER + ":" + PASSWORD))
                    .isEqualTo(TestImages.bytes(image.root()));
            assertNoSecret(log, USER, PASSWORD);
        }
    }

    @Test
    void expiredTokenIsFetchedAgain() throws Exception {
        try (TokenServer tokens = new TokenServer(dir.resolve("tokens"), USER, PASSWORD);
                LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).token(tokens).build();
                FaultProxy proxy = new FaultProxy(registry.port())) {
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 125, 3000);
            boolean[] refused = {false};
            proxy.refuse(r -> {
                if (r.method().equals("PUT") && r.path().contains("/manifests/") && !refused[0]) {
                    refused[0] = true;
                    return true;
                }
                return false;
            }, 401, "WWW-Authenticate: Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service()
                    + "\",scope=\"repository:expiring:pull,push\",error=\"invalid_token\"");
            CapturingLog log = new CapturingLog();

            new RegistryPusher(options(dir).credential(Credential.of(USER, PASSWORD)).build(), log)
                    .push(image, ImageName.of(at(proxy.hostPort(), "expiring:v1"), List.of()));

            assertThat(refused[0]).isTrue();
            assertThat(tokens.tokenRequests()).isEqualTo(2);
            assertThat(proxy.count("PUT", "/v2/expiring/manifests/v1")).isEqualTo(2);
            assertThat(skopeoRaw(registry.hostPort(), "expiring:v1", false, USER + ":" + PASSWORD))
                    .isEqualTo(TestImages.bytes(image.root()));
            assertNoSecret(log, USER, PASSWORD);
        }
    }

    @Test
    void dockerConfigCredentialHelperAndAuths() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).build()) {
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 131, 2000);
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path helper = bin.resolve("docker-credential-test");
            Files.writeString(helper, "#!/bin/sh\nread server\necho \"$server\" >> \"" + dir.resolve("helper-calls")
                    + "\"\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD
                    + "\"}' \"$server\"\n");
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path dockerConfig = Files.createDirectories(dir.resolve("docker"));
            Files.writeString(dockerConfig.resolve("config.json"),
                    "{\"credHelpers\":{\"" + registry.hostPort() + "\":\"test\"}}");
            Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "DOCKER_CONFIG", dockerConfig.toString());
            CapturingLog log = new CapturingLog();

            new RegistryPusher(options(dir).credentialLookup(env, dir).build(), log)
                    .push(image, ImageName.of(at(registry.hostPort(), "helped:v1"), List.of()));

            assertThat(Files.readString(dir.resolve("helper-calls")).trim()).isEqualTo(registry.hostPort());
            assertThat(log.text()).contains("credHelpers 'test'");
            assertThat(tagExists(registry.hostPort(), "helped:v1", USER + ":" + PASSWORD)).isTrue();

            // auths in ~/.docker/config.json (no DOCKER_CONFIG)
            Files.createDirectories(dir.resolve("home/.docker"));
            String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            Files.writeString(dir.resolve("home/.docker/config.json"),
                    "{\"auths\":{\"http://" + registry.hostPort() + "\":{\"auth\":\"" + auth + "\"}}}");
            new RegistryPusher(options(dir).credentialLookup(Map.of("PATH", "/usr/bin"), dir.resolve("home")).build(), log)
                    .push(image, ImageName.of(at(registry.hostPort(), "fromauths:v1"), List.of()));
            assertThat(tagExists(registry.hostPort(), "fromauths:v1", USER + ":" + PASSWORD)).isTrue();
            assertNoSecret(log, USER, PASSWORD);
        }
    }

    @Test
    void httpClientLogsNothingSecretEvenWhenItsLoggerIsVerbose() throws Exception {
        String logged = pushLoggingTo("com.google.api.client", "quiet");
        assertThat(logged).doesNotContain(PASSWORD).doesNotContain(basicValue());
    }

    private static String basicValue() {
        return Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Pushes with a Basic credential while {@code loggerName} logs everything; returns what it logged. */
    private String pushLoggingTo(String loggerName, String repository) throws Exception {
        Logger logger = Logger.getLogger(loggerName);
        Level before = logger.getLevel();
        StringBuilder captured = new StringBuilder();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (captured) {
                    captured.append(record.getMessage()).append('\n');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try (LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).htpasswd(USER, PASSWORD).build()) {
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 141, 2000);
            new RegistryPusher(options(dir).credential(Credential.of(USER, PASSWORD)).build(), new CapturingLog())
                    .push(image, ImageName.of(at(registry.hostPort(), repository + ":v1"), List.of()));
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
        synchronized (captured) {
            return captured.toString();
        }
    }
}
