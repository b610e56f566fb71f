package io.github.scratchimage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that cannot be reached at all: a host name that does not resolve fails at once (no
 * retry can make it resolve, and the default retries would wait about 26 s), naming the host; a
 * refused connection is retried, and the warning says so plainly.
 */
class UnreachableRegistryTest {
    @TempDir
    Path dir;

    @Test
    void aHostThatDoesNotResolveFailsAtOnceNamingTheHost() throws Exception {
        // default retries (5) and default backoff (1 s doubling): retried, this takes about 26 s
        RegistryOptions options = RegistryOptions.builder()
                .credentialLookup(Map.of("PATH", "/usr/bin:/bin"), dir)
                .build();
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 7, 100);
        // .invalid is reserved (RFC 6761): it never resolves
        ImageName name = ImageName.of(ImageReference.parse("registry.invalid:5000/app:1"), List.of());
        CapturingLog log = new CapturingLog();

        long start = System.nanoTime();
        assertThatThrownBy(() -> new RegistryPusher(options, log).push(image, name))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("registry.invalid")
                .hasMessageContaining("does not resolve")
                .hasMessageContaining("image reference");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
        assertThat(log.warnings()).noneMatch(w -> w.contains("retrying"));
    }

    @Test
    void aProxyHostThatDoesNotResolveIsNamedAsTheProxy() throws Exception {
        RegistryOptions options = RegistryOptions.builder()
                .credentialLookup(Map.of("PATH", "/usr/bin:/bin"), dir)
                .proxy(new ProxyConfig("proxy.invalid", 3128, null, null, null))
                .build();
        ImageName name = ImageName.of(ImageReference.parse("registry.example:5000/app:1"), List.of());
        CapturingLog log = new CapturingLog();

        long start = System.nanoTime();
        assertThatThrownBy(() -> new RegistryPusher(options, log).open(name).close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("registry.example:5000")
                .hasMessageContaining("the proxy host proxy.invalid does not resolve");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(log.warnings()).noneMatch(w -> w.contains("retrying"));
    }

    @Test
    void aRefusedConnectionIsRetriedAndTheWarningSaysConnectionRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RegistryOptions options = RegistryTestSupport.options(dir).retries(2).build();
        ImageName name = ImageName.of(ImageReference.parse("127.0.0.1:" + closedPort + "/app:1"), List.of());
        CapturingLog log = new CapturingLog();

        assertThatThrownBy(() -> new RegistryPusher(options, log).open(name).close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("gave up after 3 attempts")
                .hasMessageContaining("connection refused");
        assertThat(log.warnings()).filteredOn(w -> w.contains("retrying")).hasSize(2)
                .allMatch(w -> w.contains("connection refused"), "says 'connection refused'");
    }
}
