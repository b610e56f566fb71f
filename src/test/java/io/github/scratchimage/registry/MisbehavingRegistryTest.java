package io.github.scratchimage.registry;

import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers that a real registry cannot be made to give on purpose, from a small loopback fake (the
 * JDK's HttpServer) that speaks just enough of the distribution API for a push: error text with line
 * breaks, a HEAD whose digest header is garbage, a manifest PUT that reports another digest. A plain
 * HTTP server answering a TLS handshake is the real CNCF registry.
 */
class MisbehavingRegistryTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger heads = new AtomicInteger();
    /** Answers a request the default handling does not; set per test. */
    private BiConsumer<HttpExchange, String> special = (exchange, path) -> { };

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** A registry that has nothing and accepts every upload; {@link #special} may answer first. */
    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        special.accept(exchange, method + " " + path);
        if (exchange.getResponseCode() > 0) {
            return;
        }
        if (path.equals("/v2/")) {
            send(exchange, 200, Map.of(), "{}");
        } else if (method.equals("HEAD") && path.contains("/manifests/")) {
            heads.incrementAndGet();
            send(exchange, 404, Map.of(), "");
        } else if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
            send(exchange, 202, Map.of("Location", path + "session"), "");
        } else if (method.equals("PUT")) {
            send(exchange, 201, Map.of(), "");
        } else {
            send(exchange, 404, Map.of(), "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}");
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) {
        try {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            boolean empty = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private BuiltImage image() throws IOException {
        return TestImages.single(dir.resolve("img"), ImageFormat.OCI, 171, 1000);
    }

    private PushResult push(CapturingLog log) throws IOException {
        return new RegistryPusher(options(dir).build(), log).push(image(),
                ImageName.of(ImageReference.parse(hostPort() + "/team/app:1.0"), List.of()));
    }

    @Test
    void registryErrorTextIsQuotedOnOneLine() {
        special = (exchange, request) -> {
            if (request.startsWith("POST")) {
                send(exchange, 400, Map.of(), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\\n[INFO] Pushed "
                        + "evil/image:1.0\\r\\u001b[2Kdone\"}]}");
            }
        };
        CapturingLog log = new CapturingLog();

        assertThatThrownBy(() -> push(log)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("DENIED: no\\n[INFO] Pushed evil/image:1.0\\r\\u001b[2Kdone")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u001b"));
        assertThat(log.lines()).noneMatch(line -> line.contains("\n") || line.startsWith("[INFO] Pushed evil"));
    }

    @Test
    void aHeadWhoseDigestCannotBeParsedIsRetriedWithTheReason() throws IOException {
        AtomicInteger garbled = new AtomicInteger();
        special = (exchange, request) -> {
            if (request.startsWith("HEAD") && request.contains("/manifests/") && garbled.getAndIncrement() == 0) {
                send(exchange, 200, Map.of("Docker-Content-Digest", "sha256:not-a-digest"), "");
            }
        };
        CapturingLog log = new CapturingLog();

        push(log);

        assertThat(garbled.get()).isGreaterThanOrEqualTo(2);
        assertThat(log.text()).contains("check manifest team/app:1.0 failed (the answer's Docker-Content-Digest "
                + "'sha256:not-a-digest' is not a digest); retrying");
    }

    @Test
    void aManifestDigestOtherThanOursFailsThePush() {
        special = (exchange, request) -> {
            if (request.startsWith("PUT") && request.contains("/manifests/")) {
                send(exchange, 201, Map.of("Docker-Content-Digest", "sha256:" + "0".repeat(64)), "");
            }
        };

        assertThatThrownBy(() -> push(new CapturingLog())).isInstanceOf(RegistryException.class)
                .hasMessageContaining("put manifest team/app:1.0")
                .hasMessageContaining("reports digest sha256:" + "0".repeat(64));
    }

    /**
     * The real registry, plain HTTP, asked over HTTPS (as for any registry that is not loopback
     * without allowInsecureRegistries): the handshake's failure is recognised, not retried as a
     * network fault.
     */
    @Test
    void aPlainHttpAnswerToTlsIsRecognised() throws IOException {
        try (LocalRegistry registry = LocalRegistry.builder(dir.resolve("registry")).build();
                RegistryHttp http = new RegistryHttp(options(dir).build())) {
            IOException failure = null;
            try (HttpReply reply = http.send(new HttpCall("GET", "https://" + registry.hostPort() + "/v2/", Map.of(),
                    null, false))) {
                assertThat(reply.status()).as("a TLS answer from a plain-HTTP registry").isNegative();
            } catch (IOException e) {
                failure = e;
            }
            assertThat(failure).isNotNull();
            assertThat(Responses.isPlainHttpAnswer(failure)).as(Responses.describe(failure)).isTrue();
            assertThat(Responses.isPlainHttpAnswer(new IOException("Connection refused"))).isFalse();
        }
    }
}
