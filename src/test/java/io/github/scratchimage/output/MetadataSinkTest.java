package io.github.scratchimage.output;

import io.github.scratchimage.testing.Sinks;
import io.github.scratchimage.image.ImageName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataSinkTest {
    @TempDir
    Path dir;

    @Test
    void singlePlatform() throws IOException {
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path out = dir.resolve("out");
        Sinks.deliver(new MetadataSink(out, ImageName.of(ImageReference.parse("example/app:1.0"), List.of("latest", "1.0"))), image);

        assertThat(Files.readString(out.resolve("image.digest"))).isEqualTo(image.digest().toString())
                .startsWith("sha256:").hasSize(71);
        JsonNode json = JsonTrees.parse(Files.readAllBytes(out.resolve("image.json")));
        assertThat(json.path("image").asText()).isEqualTo("docker.io/example/app:1.0");
        assertThat(json.path("repository").asText()).isEqualTo("docker.io/example/app");
        assertThat(TarballSinkTest.texts(json.path("tags"))).containsExactly("1.0", "latest");
        assertThat(json.path("digest").asText()).isEqualTo(image.digest().toString());
        assertThat(json.path("mediaType").asText()).isEqualTo(ImageFormat.OCI.manifestMediaType());
        assertThat(json.path("platforms")).hasSize(1);
        assertPlatform(json.path("platforms").get(0), image.images().get(0));
        assertThat(TarballSinkTest.list(out)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("image.digest", "image.json");
    }

    @Test
    void multiPlatformNamesTheIndexAndEveryManifest() throws IOException {
        BuiltImage image = TestImages.twoPlatforms(dir.resolve("cache"), ImageFormat.DOCKER);
        Sinks.deliver(new MetadataSink(dir, ImageName.of(ImageReference.parse("localhost:5000/multi"), List.of())), image);

        assertThat(Files.readString(dir.resolve("image.digest"))).isEqualTo(image.index().digest().toString());
        JsonNode json = JsonTrees.parse(Files.readAllBytes(dir.resolve("image.json")));
        assertThat(json.path("image").asText()).isEqualTo("localhost:5000/multi:latest");
        assertThat(json.path("mediaType").asText()).isEqualTo(ImageFormat.DOCKER.indexMediaType());
        assertThat(json.path("platforms")).hasSize(2);
        assertThat(json.path("platforms").get(1).path("platform").asText()).isEqualTo("linux/arm64/v8");
        for (int i = 0; i < 2; i++) {
            assertPlatform(json.path("platforms").get(i), image.images().get(i));
        }
    }

    private static void assertPlatform(JsonNode node, PlatformImage image) throws IOException {
        assertThat(node.path("platform").asText()).isEqualTo(image.platform().toString());
        assertThat(node.path("manifestDigest").asText()).isEqualTo(image.manifest().digest().toString());
        assertThat(node.path("configDigest").asText()).isEqualTo(image.config().digest().toString());
        JsonNode diffIds = JsonTrees.parse(image.config().readAllBytes()).path("rootfs").path("diff_ids");
        JsonNode layers = node.path("layers");
        assertThat(layers).hasSize(image.layers().size());
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            assertThat(layers.get(i).path("digest").asText()).isEqualTo(image.layers().get(i).digest().toString());
            assertThat(layers.get(i).path("diffId").asText()).isEqualTo(diffIds.get(i).asText()).isNotEqualTo(
                    layers.get(i).path("digest").asText());
            assertThat(layers.get(i).path("size").asLong()).isEqualTo(Files.size(image.layers().get(i).file()));
            total += image.layers().get(i).size();
        }
        assertThat(node.path("size").asLong()).isEqualTo(total);
    }
}
