package io.github.scratchimage.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.engine.OutputException;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.Sinks;
import io.github.scratchimage.testing.Skopeo;
import io.github.scratchimage.testing.TestImages;
import io.github.scratchimage.testing.Umoci;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutSinkTest {
    private static final ImageReference REFERENCE = ImageReference.parse("localhost:5000/team/app:2.0");
    private static final ImageReference OTHER = ImageReference.parse("localhost:5000/team/other:3.0");

    @TempDir
    Path dir;

    private final CapturingLog log = new CapturingLog();

    private OciLayoutSink sink(Path layout, ImageReference reference, String... tags) {
        return new OciLayoutSink(layout, ImageName.of(reference, List.of(tags)), log);
    }

    /** ref.name → digest of each entry of index.json, in document order of first appearance. */
    private static Map<String, String> refs(Path layout) throws IOException {
        JsonNode index = JsonTrees.parse(Files.readAllBytes(layout.resolve("index.json")));
        Map<String, String> refs = new TreeMap<>();
        for (JsonNode entry : index.path("manifests")) {
            String ref = entry.path("annotations").path(OciLayout.REF_NAME).asText();
            assertThat(refs.put(ref, entry.path("digest").asText())).as("ref %s twice", ref).isNull();
        }
        return refs;
    }

    @Test
    void umociAndSkopeoReadTheLayout() throws IOException {
        assumeTrue(Umoci.isInstalled() && Skopeo.isInstalled(), "umoci or skopeo is not installed");
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path layout = dir.resolve("out/layout");
        Sinks.deliver(sink(layout, REFERENCE, "latest"), image);

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
    void anotherImageIsAddedAndEverythingAlreadyThereStays() throws IOException {
        Path layout = dir.resolve("layout");
        BuiltImage first = TestImages.sample(dir.resolve("cache1"), ImageFormat.OCI);
        Sinks.deliver(sink(layout, REFERENCE, "latest"), first);
        Files.writeString(layout.resolve("stray-file"), "someone else's");
        BuiltImage second = TestImages.twoPlatforms(dir.resolve("cache2"), ImageFormat.OCI);

        Sinks.deliver(sink(layout, OTHER), second);

        assertThat(refs(layout)).containsExactly(Map.entry("2.0", first.digest().toString()),
                Map.entry("3.0", second.digest().toString()), Map.entry("latest", first.digest().toString()));
        for (Blob blob : OciLayout.blobs(first)) {
            assertThat(layout.resolve(OciLayout.blobPath(blob.digest()))).exists();
        }
        for (Blob blob : OciLayout.blobs(second)) {
            assertThat(layout.resolve(OciLayout.blobPath(blob.digest()))).hasBinaryContent(blob.readAllBytes());
        }
        assertThat(layout.resolve("stray-file")).hasContent("someone else's");
        assertThat(TarballSinkTest.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("layout", "cache1", "cache2");
        assertThat(TarballSinkTest.list(layout.resolve("blobs/sha256")))
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{64}"));
        if (Umoci.isInstalled()) {
            assertThat(new Umoci().tags(layout)).containsExactlyInAnyOrder("2.0", "3.0", "latest");
        }
    }

    @Test
    void anEntryWithTheSameRefNameIsReplacedAndBlobsThereAreNotWrittenAgain() throws IOException {
        Path layout = dir.resolve("layout");
        BuiltImage first = TestImages.sample(dir.resolve("cache1"), ImageFormat.OCI);
        Sinks.deliver(sink(layout, REFERENCE, "latest"), first);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (Blob blob : OciLayout.blobs(first)) {
            Files.setLastModifiedTime(layout.resolve(OciLayout.blobPath(blob.digest())), old);
        }

        BuiltImage again = TestImages.sample(dir.resolve("cache2"), ImageFormat.OCI);
        assertThat(again.digest()).isEqualTo(first.digest());
        BuiltImage other = TestImages.single(dir.resolve("cache3"), ImageFormat.OCI, 7, 500);
        Sinks.deliver(sink(layout, OTHER, "latest"), other);
        Sinks.deliver(sink(layout, REFERENCE.withTag("2.0")), again);

        assertThat(refs(layout)).containsExactly(Map.entry("2.0", first.digest().toString()),
                Map.entry("3.0", other.digest().toString()), Map.entry("latest", other.digest().toString()));
        for (Blob blob : OciLayout.blobs(first)) {
            assertThat(Files.getLastModifiedTime(layout.resolve(OciLayout.blobPath(blob.digest())))).isEqualTo(old);
        }
        assertThat(log.lines()).anyMatch(line -> line.contains("replacing the image(s) named latest"));
    }

    @RepeatedTest(5)
    void buildsAddingAtOnceAllEndUpInTheIndex() throws Exception {
        Path layout = dir.resolve("layout");
        List<BuiltImage> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // three contents: builds write the same blobs at once too
            images.add(TestImages.single(dir.resolve("cache" + i), ImageFormat.OCI, i % 3, 300_000));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                BuiltImage image = images.get(i);
                ImageReference reference = REFERENCE.withTag("t" + i);
                runs.add(pool.submit(() -> {
                    Sinks.deliver(sink(layout, reference), image);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> refs = refs(layout);
        for (int i = 0; i < images.size(); i++) {
            assertThat(refs).containsEntry("t" + i, images.get(i).digest().toString());
        }
        assertThat(refs).hasSize(images.size());
        assertThat(TarballSinkTest.list(layout.resolve("blobs/sha256"))).hasSize(3 * 3)
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{64}"));
    }

    /** Empty, or holding only what another build starting a layout there writes first (else builds at once fail). */
    @Test
    void anEmptyDirectoryIsFilled() throws IOException {
        Path layout = Files.createDirectories(dir.resolve("layout"));
        Files.writeString(layout.resolve(".scratch-probe-123.tmp"), "");
        Files.writeString(layout.resolve(".oci-layout.k1ll3d.tmp"), "{");
        Sinks.deliver(sink(layout, REFERENCE), TestImages.sample(dir.resolve("cache"), ImageFormat.OCI));
        assertThat(layout.resolve("oci-layout")).isRegularFile();

        Path hidden = Files.createDirectories(dir.resolve("hidden"));
        Files.writeString(hidden.resolve(".gitignore"), "*\n");
        assertThatThrownBy(() -> sink(hidden, REFERENCE).check()).isInstanceOf(OutputException.class)
                .hasMessageContaining("not an OCI image layout");
    }

    @Test
    void aDirectoryThatIsNotALayoutIsRefusedBeforeTheBuildAndKept() throws IOException {
        Path target = Files.createDirectories(dir.resolve("sources"));
        Files.writeString(target.resolve("Main.java"), "class Main {}");
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);

        assertThatThrownBy(() -> sink(target, REFERENCE).check())
                .isInstanceOf(OutputException.class).hasMessageContaining("not an OCI image layout");
        assertThatThrownBy(() -> sink(target, REFERENCE).deliver(image))
                .isInstanceOf(OutputException.class).hasMessageContaining("not an OCI image layout");
        assertThat(TarballSinkTest.list(target)).containsExactly(target.resolve("Main.java"));

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> sink(file, REFERENCE).check()).isInstanceOf(OutputException.class)
                .hasMessageContaining("not a directory");
        assertThat(file).hasContent("x");
        assertThat(TarballSinkTest.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("sources", "cache", "a-file");
    }

    @Test
    void aFailingWriteKeepsTheIndexAndLeavesNoTemporaryFile() throws IOException {
        Path layout = dir.resolve("layout");
        BuiltImage first = TestImages.sample(dir.resolve("cache1"), ImageFormat.OCI);
        Sinks.deliver(sink(layout, REFERENCE), first);
        byte[] oldIndex = Files.readAllBytes(layout.resolve("index.json"));
        BuiltImage second = TestImages.twoPlatforms(dir.resolve("cache2"), ImageFormat.OCI);
        Files.delete(second.images().get(1).layers().get(1).file());

        assertThatThrownBy(() -> Sinks.deliver(sink(layout, OTHER), second)).isInstanceOf(IOException.class);

        assertThat(layout.resolve("index.json")).hasBinaryContent(oldIndex);
        for (Blob blob : OciLayout.blobs(first)) {
            assertThat(layout.resolve(OciLayout.blobPath(blob.digest()))).exists();
        }
        assertThat(TarballSinkTest.list(layout.resolve("blobs/sha256")))
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{64}"));
        assertThat(TarballSinkTest.list(layout)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("blobs", "index.json", "oci-layout", OciLayoutSink.LOCK_FILE);
    }

    @Test
    void aDamagedIndexIsNamedAndNotOverwritten() throws IOException {
        Path layout = dir.resolve("layout");
        Sinks.deliver(sink(layout, REFERENCE), TestImages.sample(dir.resolve("cache1"), ImageFormat.OCI));
        Files.writeString(layout.resolve("index.json"), "{\"manifests\": [");

        assertThatThrownBy(() -> Sinks.deliver(sink(layout, OTHER), TestImages.single(dir.resolve("c2"), ImageFormat.OCI, 3, 100)))
                .isInstanceOf(OutputException.class).hasMessageContaining(layout.resolve("index.json").toString())
                .hasMessageContaining("not a valid OCI index");
        assertThat(layout.resolve("index.json")).hasContent("{\"manifests\": [");
    }
}
