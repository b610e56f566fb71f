package io.github.scratchimage.registry;

import io.github.scratchimage.image.ImageName;
import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured timeout bounds every wait for a registry: a connection that is never accepted and
 * an answer that never comes. google-http-client's own defaults (20 s for each) must not apply: a
 * loopback registry is tried over plain HTTP and then HTTPS, so each case would take 40 s with them;
 * with a 1 s timeout it fails within a few seconds.
 */
class RegistryTimeoutTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anAnswerThatNeverComesFailsAfterTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, read from never, answered never
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            assertFailsWithin(silent.getLocalPort(), "timed out");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aConnectionThatIsNeverAcceptedFailsAfterTheTimeout() throws Exception {
        // Backlog 1 and nobody accepting: once two connections wait in the queue, Linux drops further
        // SYNs, so the next connect hangs until the client gives up.
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            while (true) {
                Socket socket = new Socket();
                queued.add(socket);
                try {
                    socket.connect(address, 500);
                } catch (IOException queueFull) {
                    break;
                }
            }

            assertFailsWithin(full.getLocalPort(), "connect");
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    private void assertFailsWithin(int port, String expected) {
        RegistryOptions options = options(dir).retries(0).timeout(Duration.ofSeconds(1)).build();
        ImageReference reference = ImageReference.parse("127.0.0.1:" + port + "/app:1");
        long start = System.nanoTime();
        assertThatThrownBy(() -> new RegistryPusher(options, new CapturingLog()).open(ImageName.of(reference, List.of())).close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining(expected);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT);
    }
}
