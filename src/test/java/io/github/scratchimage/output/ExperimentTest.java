package io.github.scratchimage.output;

import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {
    @Test
    void write() throws Exception {
        Path dir = Path.of("/tmp/exp");
        new ImageTarballWriter().write(TestImages.sample(dir.resolve("blobs"), ImageFormat.OCI),
                ImageReference.parse("example/app:1.0", "image"), List.of("latest"), dir.resolve("single.tar"));
        new ImageTarballWriter().write(TestImages.sample(dir.resolve("blobs"), ImageFormat.DOCKER),
                ImageReference.parse("example/app:1.0", "image"), List.of(), dir.resolve("docker.tar"));
        new ImageTarballWriter().write(TestImages.twoPlatforms(dir.resolve("blobs"), ImageFormat.OCI),
                ImageReference.parse("example/multi:1.0", "image"), List.of(), dir.resolve("multi.tar"));
    }
}
