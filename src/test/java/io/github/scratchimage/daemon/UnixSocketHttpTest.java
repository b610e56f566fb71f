package io.github.scratchimage.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.output.ImageArchive;
import io.github.scratchimage.testing.PodmanService;
import io.github.scratchimage.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 over a unix socket: against the real Podman service for what it does, and against a small
 * loopback fake on a unix socket (written below) for what Podman never does: a chunked answer, a
 * Docker-style refusal inside a 200 answer ({@code errorDetail}), an answer sent before the request
 * body was read.
 */
class UnixSocketHttpTest {
    @TempDir
    Path dir;

    /** What the fake saw: the request head and the body, de-chunked. */
    record Request(String head, byte[] body) {
    }

    /** Accepts one connection, reads a request (chunked body or none), answers {@code answer}, closes. */
    private CompletableFuture<Request> fake(Path socket, String answer, boolean readBody) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return CompletableFuture.supplyAsync(() -> {
            try (server; SocketChannel channel = server.accept()) {
                InputStream in = Channels.newInputStream(channel);
                String head = head(in);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (readBody && head.contains("Transfer-Encoding: chunked")) {
                    for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                        body.write(in.readNBytes(size));
                        line(in);
                    }
                    line(in);
                }
                OutputStream out = Channels.newOutputStream(channel);
                out.write(answer.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return new Request(head, body.toByteArray());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            head.append(line).append('\n');
        }
        return head.toString();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static String chunked(String... chunks) {
        StringBuilder answer = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (String chunk : chunks) {
            answer.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length)).append("\r\n")
                    .append(chunk).append("\r\n");
        }
        return answer.append("0\r\n\r\n").toString();
    }

    private DockerHost host(Path socket) {
        return new DockerHost(socket, "a test");
    }

    @Test
    void theRequestBodyGoesChunkedAndWholeAndAChunkedAnswerIsReadWhole() throws Exception {
        Path socket = dir.resolve("fake.sock");
        CompletableFuture<Request> seen = fake(socket, chunked("{\"stream\":\"one\"}\r\n", "{\"stream\":\"two\"}\r\n"), true);
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);

        UnixSocketHttp.Response response = new UnixSocketHttp(host(socket)).post("/images/load?quiet=1",
                "application/x-tar", out -> {
                    out.write(body, 0, 1);
                    out.write(body, 1, 99_999);
                    out.write(body, 100_000, 0);
                    out.write(body, 100_000, 200_000);
                });

        Request request = seen.get(30, TimeUnit.SECONDS);
        assertThat(request.head()).startsWith("POST /images/load?quiet=1 HTTP/1.1\n")
                .contains("Content-Type: application/x-tar\n", "Transfer-Encoding: chunked\n", "Connection: close\n")
                .doesNotContain("Content-Length");
        assertThat(request.body()).isEqualTo(body);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("{\"stream\":\"one\"}\r\n{\"stream\":\"two\"}\r\n");
    }

    @Test
    void aRefusalInsideA200AnswerAsDockerSendsItFailsTheLoad() throws Exception {
        // a real Docker daemon answers a failed load with 200 and the error in the streamed JSON
        Path socket = dir.resolve("docker.sock");
        fake(socket, chunked("{\"stream\":\"Loading layer\"}\r\n",
                "{\"errorDetail\":{\"message\":\"write /var/lib/docker/tmp/x: no space left on device\"},"
                        + "\"error\":\"write /var/lib/docker/tmp/x: no space left on device\"}\r\n"), true);
        BuiltImage image = TestImages.sample(dir.resolve("blobs"), ImageFormat.OCI);
        ImageName name = ImageName.of(ImageReference.parse("example/app:1.0"), List.of());

        assertThatThrownBy(() -> new DockerEngine(host(socket)).load(new ImageArchive(image, name, image.images().get(0))))
                .isInstanceOf(EngineException.class)
                .hasMessage("the container engine at unix://" + socket + " (from a test) refused the image: "
                        + "write /var/lib/docker/tmp/x: no space left on device");
    }

    @Test
    void anAnswerSentBeforeTheBodyWasReadIsStillRead() throws Exception {
        Path socket = dir.resolve("early.sock");
        String message = "{\"message\":\"no space left on device\"}";
        fake(socket, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: "
                + message.length() + "\r\n\r\n" + message, false);
        byte[] block = new byte[1 << 20];

        UnixSocketHttp.Response response = new UnixSocketHttp(host(socket)).post("/images/load", "application/x-tar",
                out -> {
                    for (int i = 0; i < 64; i++) {
                        out.write(block);
                    }
                });

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).isEqualTo(message);
    }

    @Test
    void aBodyThatCannotBeMadeAbortsTheRequest() throws Exception {
        Path socket = dir.resolve("abort.sock");
        CompletableFuture<Request> seen = fake(socket, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true);

        assertThatThrownBy(() -> new UnixSocketHttp(host(socket)).post("/images/load", "application/x-tar", out -> {
            out.write(new byte[1000]);
            throw new IOException("a layer file vanished");
        })).isInstanceOf(IOException.class).hasMessage("a layer file vanished");
        assertThat(seen).failsWithin(30, TimeUnit.SECONDS); // the body never ended: the fake read to the end of the stream
    }

    @Test
    void getAgainstPodmanReadsContentLengthAnswersAndErrorStatuses() throws IOException {
        try (PodmanService podman = PodmanService.start(dir.resolve("engine"))) {
            UnixSocketHttp http = new UnixSocketHttp(host(podman.socket()));

            UnixSocketHttp.Response version = http.get("/version");
            assertThat(version.status()).isEqualTo(200);
            assertThat(version.headers()).containsKey("content-length");
            assertThat(version.text()).contains("\"ApiVersion\":\"1.");

            UnixSocketHttp.Response missing = http.get("/v1.41/images/docker.io/example/none:1/json");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.text()).contains("\"message\":");
            assertThat(new DockerEngine(host(podman.socket())).imageId("docker.io/example/none:1")).isEmpty();
        }
    }
}
