package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryHttp} against loopback HTTP servers (the JDK's own {@code HttpServer}) that answer with
 * what a registry or a redirecting front end may send.
 */
class RegistryHttpTest {
    /** What a server saw of one request. */
    record Seen(String method, String path, String authorization, String userAgent, String body, int clientPort,
            String contentLength, String transferEncoding) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer first;
    private HttpServer second;
    private RegistryHttp http;

    @BeforeEach
    void start() throws IOException {
        first = server();
        second = server();
        http = new RegistryHttp(RegistryOptions.builder().build());
    }

    @AfterEach
    void stop() {
        http.close();
        first.stop(0);
        second.stop(0);
    }

    private HttpServer server() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        return server;
    }

    private String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("User-Agent"), body, exchange.getRemoteAddress().getPort(),
                exchange.getRequestHeaders().getFirst("Content-Length"),
                exchange.getRequestHeaders().getFirst("Transfer-Encoding")));
        switch (path) {
            case "/same-host" -> redirect(exchange, 307, "/target");
            case "/other-host" -> redirect(exchange, 302, base(second) + "/target");
            case "/see-other" -> redirect(exchange, 303, "/target");
            case "/protected" -> {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1/token\"");
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
                send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            }
            case "/missing" -> send(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"unknown\"}]}");
            default -> {
                exchange.getResponseHeaders().add("Docker-Content-Digest", "sha256:abc");
                send(exchange, 200, "ok " + exchange.getRequestMethod());
            }
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        send(exchange, status, "");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /**
     * Sends {@code call} while a JVM-wide default Authenticator that would answer any challenge is
     * set, checks the reply with {@code check}, and returns how often that Authenticator was asked.
     */
    private int defaultAuthenticatorAsked(HttpCall call, java.util.function.Consumer<HttpReply> check)
            throws IOException {
        AtomicInteger asked = new AtomicInteger();
        Authenticator before = Authenticator.getDefault();
        Authenticator.setDefault(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                asked.incrementAndGet();
                return new PasswordAuthentication("someone", "else".toCharArray());
            }
        });
        try (HttpReply reply = http.send(call)) {
            check.accept(reply);
        } finally {
            Authenticator.setDefault(before);
        }
        return asked.get();
    }

    private HttpReply get(String url, boolean follow) throws IOException {
        return http.send(new HttpCall("GET", url, Map.of("Authorization", "Bearer t0ken"), null, follow));
    }

    @Test
    void followsARedirectOnTheSameHostWithTheAuthorization() throws IOException {
        try (HttpReply reply = get(base(first) + "/same-host", true)) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(new String(reply.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok GET");
        }
        assertThat(seen).extracting(Seen::path).containsExactly("/same-host", "/target");
        assertThat(seen).extracting(Seen::authorization).containsExactly("Bearer t0ken", "Bearer t0ken");
        assertThat(seen).extracting(Seen::userAgent).containsOnly(Responses.USER_AGENT);
    }

    @Test
    void aRedirectToAnotherHostDropsTheAuthorization() throws IOException {
        try (HttpReply reply = get(base(first) + "/other-host", true)) {
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(seen).extracting(Seen::path).containsExactly("/other-host", "/target");
        assertThat(seen.get(1).authorization()).isNull();
    }

    @Test
    void aRedirectIsReturnedWhenNotToBeFollowed() throws IOException {
        try (HttpReply reply = get(base(first) + "/same-host", false)) {
            assertThat(reply.status()).isEqualTo(307);
            assertThat(reply.header("location")).isEqualTo("/target");
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void seeOtherTurnsAPostIntoAGetWithoutBody() throws IOException {
        HttpCall post = new HttpCall("POST", base(first) + "/see-other", Map.of(),
                new RequestBody.Bytes("text/plain", "form".getBytes(StandardCharsets.UTF_8)), true);
        try (HttpReply reply = http.send(post)) {
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(seen).extracting(Seen::method).containsExactly("POST", "GET");
        assertThat(seen).extracting(Seen::body).containsExactly("form", "");
    }

    /**
     * A 401 to a request with a body comes back as an answer with every challenge, in order; a
     * JVM-wide default Authenticator is never asked.
     */
    @Test
    void unauthorizedAnswerToAPutComesBackWithItsChallenges() throws IOException {
        int asked = defaultAuthenticatorAsked(new HttpCall("PUT", base(first) + "/protected", Map.of(),
                new RequestBody.Bytes("application/json", "{}".getBytes(StandardCharsets.UTF_8)), false), reply -> {
                    assertThat(reply.status()).isEqualTo(401);
                    assertThat(reply.headers("www-authenticate")).containsExactly(
                            "Bearer realm=\"http://127.0.0.1/token\"", "Basic realm=\"registry\"");
                    assertThat(Responses.errors(reply)).containsExactly("UNAUTHORIZED: authentication required");
                });
        assertThat(asked).isZero();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).authorization()).isNull();
    }

    @Test
    void errorBodyAndHeadersOfAHead() throws IOException {
        try (HttpReply reply = http.send(new HttpCall("HEAD", base(first) + "/x", Map.of(), null, true))) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("DOCKER-CONTENT-DIGEST")).isEqualTo("sha256:abc");
            assertThat(reply.body().readAllBytes()).isEmpty();
        }
        try (HttpReply reply = get(base(first) + "/missing", true)) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(Responses.errors(reply)).containsExactly("MANIFEST_UNKNOWN: unknown");
        }
    }

    /** Closing a reply reads its body to the end, so the next request reuses the connection. */
    @Test
    void closedRepliesLeaveTheConnectionForTheNextRequest() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (HttpReply reply = get(base(first) + "/x" + i, true)) {
                assertThat(reply.status()).isEqualTo(200);
            }
        }
        assertThat(seen).hasSize(3);
        assertThat(seen).extracting(Seen::clientPort).containsOnly(seen.get(0).clientPort());
    }

    private static BlobBody blobBody(byte[] content) {
        io.github.scratchimage.image.Blob blob = io.github.scratchimage.image.Blob.ofBytes("application/octet-stream",
                content);
        return new BlobBody(blob, 0, blob.size(), done -> { }, null);
    }

    /** A blob goes out with its length, in one piece (no chunked encoding), byte for byte. */
    @Test
    void aBlobIsSentWithItsLength() throws IOException {
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + (content[i] & 15)); // text, so the recorded body compares as a string
        }
        try (HttpReply reply = http.send(new HttpCall("PUT", base(first) + "/blob", Map.of("Authorization", "Bearer t"),
                blobBody(content), false))) {
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).body()).isEqualTo(new String(content, StandardCharsets.UTF_8));
        assertThat(seen.get(0).contentLength()).isEqualTo("300000");
        assertThat(seen.get(0).transferEncoding()).isNull();
        assertThat(seen.get(0).authorization()).isEqualTo("Bearer t");
    }

    /**
     * A blob is streamed from its file, not held in memory; a 401 to it still comes back with every
     * challenge, in order, and the JVM-wide default Authenticator is not asked.
     */
    @Test
    void aBlobAnsweredWith401ComesBackWithItsChallenges() throws IOException {
        int asked = defaultAuthenticatorAsked(new HttpCall("PUT", base(first) + "/protected", Map.of(),
                blobBody(new byte[1000]), false), reply -> {
                    assertThat(reply.status()).isEqualTo(401);
                    assertThat(reply.headers("www-authenticate")).containsExactly(
                            "Bearer realm=\"http://127.0.0.1/token\"", "Basic realm=\"registry\"");
                });
        assertThat(asked).isZero();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).contentLength()).isEqualTo("1000");
    }
}
