package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.registry.RegistryOptions;
import io.github.scratchimage.registry.RegistrySink;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry sink counts the bytes it uploads in the run's progress (a docker-registry on loopback). */
class RegistrySinkProgressTest {
    @TempDir
    Path dir;

    @Test
    void theRegistrySinkCountsEveryByteItUploads() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("blobs"), ImageFormat.OCI, 3, 700_000, 900_000);
        PlatformImage platformImage = image.images().get(0);
        long bytes = platformImage.config().size() + platformImage.layers().stream().mapToLong(b -> b.size()).sum();
        Progress progress = new Progress(BuildLog.NONE, System::nanoTime);
        try (LocalRegistry registry = LocalRegistry.plain(dir.resolve("registry"))) {
            RegistryOptions options = RegistryOptions.builder()
                    .credentialLookup(Map.of("PATH", "/usr/bin:/bin"), dir).initialBackoff(Duration.ofMillis(20))
                    .build();
            ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/progress:v1"),
                    List.of());
            try (RegistrySink sink = new RegistrySink(options, name, BuildLog.NONE)) {
                sink.reportTo(progress);
                sink.open();
                sink.deliver(image);
                sink.publish();
            }
        }

        assertThat(progress.line()).contains(String.format(Locale.ROOT, "; uploaded %.1f MB at ", bytes / 1e6));
    }
}
