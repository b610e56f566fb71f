package io.github.scratchimage.output;

import io.github.scratchimage.image.ImageName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.Skopeo;
import io.github.scratchimage.testing.TestImages;
import io.github.scratchimage.testing.Umoci;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutSinkTest {
    private static final ImageReference REFERENCE = ImageReference.parse("localhost:5000/team/app:2.0");

    @TempDir
    Path dir;

    @Test
    void umociAndSkopeoReadTheLayout() throws IOException {
        assumeTrue(Umoci.isInstalled() && Skopeo.isInstalled(), "umoci or skopeo is not installed");
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path layout = dir.resolve("out/layout");
        new OciLayoutSink(layout, ImageName.of(REFERENCE, List.of("latest"))).deliver(image);

        assertThat(Files.readString(layout.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        for (Blob blob : OciLayout.blobs(image)) {
            assertThat(layout.resolve("blobs/sha256/" + blob.digest().encoded())).hasBinaryContent(blob.readAllBytes());
        }
        try (var files = Files.list(layout.resolve("blobs/sha256"))) {
            assertThat(files.count()).isEqualTo(4);
        }
        JsonNode index = JsonTrees.parse(Files.readAllBytes(layout.resolve("index.json")));
        assertThat(index.path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("localhost:5000/team/app:2.0");

        Umoci umoci = new Umoci();
        assertThat(umoci.tags(layout)).containsExactlyInAnyOrder("2.0", "latest");
        LayoutAssertions.assertSampleRootfs(umoci.unpack(layout, "2.0", dir.resolve("bundle")));
        assertThat(new Skopeo().inspect("oci:" + layout + ":latest").path("Digest").asText())
                .isEqualTo(image.digest().toString());
    }

    @Test
    void anExistingLayoutIsReplacedAndNothingIsLeftBeside() throws IOException {
        Path layout = dir.resolve("layout");
        new OciLayoutSink(layout, ImageName.of(REFERENCE, List.of())).deliver(TestImages.sample(dir.resolve("cache1"), ImageFormat.OCI));
        Files.writeString(layout.resolve("stray-file"), "from an older layout");
        BuiltImage second = TestImages.twoPlatforms(dir.resolve("cache2"), ImageFormat.OCI);

        new OciLayoutSink(layout, ImageName.of(REFERENCE, List.of())).deliver(second);

        assertThat(layout.resolve("stray-file")).doesNotExist();
        JsonNode index = JsonTrees.parse(Files.readAllBytes(layout.resolve("index.json")));
        assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(second.digest().toString());
        try (var files = Files.list(layout.resolve("blobs/sha256"))) {
            assertThat(files.count()).isEqualTo(OciLayout.blobs(second).size());
        }
        assertThat(TarballSinkTest.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("layout", "cache1", "cache2");
    }

    @Test
    void anEmptyDirectoryIsFilled() throws IOException {
        Path layout = Files.createDirectories(dir.resolve("layout"));
        new OciLayoutSink(layout, ImageName.of(REFERENCE, List.of())).deliver(TestImages.sample(dir.resolve("cache"), ImageFormat.OCI));
        assertThat(layout.resolve("oci-layout")).isRegularFile();
    }

    @Test
    void aDirectoryThatIsNotALayoutIsRefusedAndKept() throws IOException {
        Path target = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(target.resolve("Main.java"), "class Main {}");
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);

        assertThatThrownBy(() -> new OciLayoutSink(target, ImageName.of(REFERENCE, List.of())).deliver(image))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("not an OCI image layout");
        assertThat(TarballSinkTest.list(target)).containsExactly(target.resolve("Main.java"));

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> new OciLayoutSink(file, ImageName.of(REFERENCE, List.of())).deliver(image))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("x");
        assertThat(TarballSinkTest.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("sources", "cache", "a-file");
    }

    @Test
    void aFailingWriteKeepsTheOldLayoutAndLeavesNoTemporaryDirectory() throws IOException {
        Path layout = dir.resolve("layout");
        BuiltImage first = TestImages.sample(dir.resolve("cache1"), ImageFormat.OCI);
        new OciLayoutSink(layout, ImageName.of(REFERENCE, List.of())).deliver(first);
        byte[] oldIndex = Files.readAllBytes(layout.resolve("index.json"));
        BuiltImage second = TestImages.twoPlatforms(dir.resolve("cache2"), ImageFormat.OCI);
        Files.delete(second.images().get(1).layers().get(1).file());

        assertThatThrownBy(() -> new OciLayoutSink(layout, ImageName.of(REFERENCE, List.of())).deliver(second))
                .isInstanceOf(IOException.class);
        assertThat(layout.resolve("index.json")).hasBinaryContent(oldIndex);
        for (Blob blob : OciLayout.blobs(first)) {
            assertThat(layout.resolve("blobs/sha256/" + blob.digest().encoded())).exists();
        }
        assertThat(TarballSinkTest.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("layout", "cache1", "cache2");
    }
}
