package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.LayerFile;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file checksums hashed while a layer is written and kept with the cached layer (for the SBOM). */
class LayerFilesTest {
    @TempDir
    Path dir;

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private LayerBuilder builder(Path cache, boolean checksums) {
        return new LayerBuilder(dir.resolve("work"), new LayerOptions(6, 1, cache, 1L << 30, checksums), BuildLog.NONE);
    }

    @Test
    void everyRegularFileIsListedWithItsChecksumsAndTheLayerDigestDoesNotChange() throws Exception {
        Path root = LayerBuilderTest.tree(dir.resolve("src"), false, FileTime.fromMillis(1_000_000_000_000L));
        LayerSpec spec = LayerBuilderTest.layerOf(root);

        BuiltLayer plain = builder(null, false).build(spec, LayerBuilderTest.TIME);
        BuiltLayer listed = builder(null, true).build(spec, LayerBuilderTest.TIME);

        assertThat(plain.files()).isNull();
        assertThat(listed.digest()).isEqualTo(plain.digest());
        assertThat(listed.files()).extracting(LayerFile::path).containsExactly("opt/app/bin/app",
                "opt/app/données/résumé.txt", "opt/app/etc/app.conf", "opt/app/" + LayerBuilderTest.LONG_NAME,
                "opt/app/z/deep/er/file");
        byte[] app = Files.readAllBytes(root.resolve("bin/app"));
        assertThat(listed.files().get(0)).isEqualTo(new LayerFile("opt/app/bin/app", hex("SHA-1", app), hex("SHA-256", app)));
    }

    @Test
    void aCachedLayerKeepsItsListAndOneCachedWithoutAListIsBuiltAgain() throws Exception {
        Path root = LayerBuilderTest.tree(dir.resolve("src"), false, FileTime.fromMillis(1_000_000_000_000L));
        LayerSpec spec = LayerBuilderTest.layerOf(root);
        Path cache = dir.resolve("cache");

        BuiltLayer withoutList = builder(cache, false).build(spec, LayerBuilderTest.TIME);
        BuiltLayer rebuilt = builder(cache, true).build(spec, LayerBuilderTest.TIME);
        BuiltLayer fromCache = builder(cache, true).build(spec, LayerBuilderTest.TIME);

        assertThat(withoutList.files()).isNull();
        assertThat(rebuilt.cached()).isFalse();
        assertThat(rebuilt.files()).hasSize(5);
        assertThat(fromCache.cached()).isTrue();
        assertThat(fromCache.files()).isEqualTo(rebuilt.files());
        assertThat(fromCache.digest()).isEqualTo(withoutList.digest());
    }

    /**
     * A layer a registry holds (a known layer with the diff_id of these files) is taken, not
     * compressed: with the checksums asked for, one pass over its files gives both its diff_id and
     * its list, the same as building it gives; with or without a cache (empty: nothing remembered).
     */
    @Test
    void aReusedLayerGetsItsDiffIdAndFileListFromOnePassOverItsFiles() throws Exception {
        Path root = LayerBuilderTest.tree(dir.resolve("src"), false, FileTime.fromMillis(1_000_000_000_000L));
        List<LayerEntry> entries = LayerResolver.resolve(LayerBuilderTest.layerOf(root), LayerBuilderTest.TIME);
        LayerBuilder building = builder(null, true);
        BuiltLayer built = building.build("app", entries);
        assertThat(building.filePasses()).isEqualTo(1);
        Map<Digest, KnownLayer> inRegistry = Map.of(built.diffId(), new KnownLayer(built.diffId(),
                new Descriptor(MediaTypes.OCI_LAYER_GZIP, built.digest(), built.size()), "registry.example/app:1"));

        for (Path cache : Arrays.asList(null, dir.resolve("cache"))) {
            LayerBuilder reusing = builder(cache, true);
            BuiltLayer reused = reusing.build("app", entries, ReusableLayers.of(inRegistry), layer -> { });

            assertThat(reused.reused()).isTrue();
            assertThat(reused.diffId()).isEqualTo(built.diffId());
            assertThat(reused.digest()).isEqualTo(built.digest());
            assertThat(reused.files()).hasSize(5).isEqualTo(built.files());
            assertThat(reusing.filePasses()).as("cache " + cache).isEqualTo(1);
        }
    }

    /**
     * On a fresh runner (no cache, or an empty one) the files are hashed while the outputs' answer
     * comes in: here the answer only comes once the pass over the files has begun, which it could not
     * if the build waited for the answer first (it then fails after 10 s). The layer is then taken,
     * after that one pass.
     */
    @Test
    void theFilesAreHashedWhileTheOutputsAnswerComesIn() throws Exception {
        Path root = LayerBuilderTest.tree(dir.resolve("src"), false, FileTime.fromMillis(1_000_000_000_000L));
        List<LayerEntry> entries = LayerResolver.resolve(LayerBuilderTest.layerOf(root), LayerBuilderTest.TIME);
        BuiltLayer built = builder(null, true).build("app", entries);
        Map<Digest, KnownLayer> inRegistry = Map.of(built.diffId(), new KnownLayer(built.diffId(),
                new Descriptor(MediaTypes.OCI_LAYER_GZIP, built.digest(), built.size()), "registry.example/app:1"));

        for (Path cache : Arrays.asList(null, dir.resolve("empty-cache"))) {
            LayerBuilder reusing = builder(cache, true);
            java.util.concurrent.atomic.AtomicBoolean answeredAfterThePass = new java.util.concurrent.atomic.AtomicBoolean();
            ReusableLayers slowRegistry = ReusableLayers.askedOf(() -> {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while (reusing.filePasses() == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                answeredAfterThePass.set(reusing.filePasses() == 1);
                return inRegistry;
            });
            BuiltLayer reused = reusing.build("app", entries, slowRegistry, layer -> { });

            assertThat(answeredAfterThePass).as("cache " + cache).isTrue();
            assertThat(reused.reused()).isTrue();
            assertThat(reused.digest()).isEqualTo(built.digest());
            assertThat(reused.files()).isEqualTo(built.files());
            assertThat(reusing.filePasses()).isEqualTo(1);
        }
    }

    /**
     * A layer that must be written has the cores first: a pass that would only hash another layer
     * for the lookup waits until no layer is being written, so the written one is ready (and its
     * upload begins) before the others are hashed.
     */
    @Test
    void aLayerThatOnlyNeedsHashingWaitsWhileAnotherIsWritten() throws Exception {
        Path root = LayerBuilderTest.tree(dir.resolve("src"), false, FileTime.fromMillis(1_000_000_000_000L));
        List<LayerEntry> held = LayerResolver.resolve(LayerBuilderTest.layerOf(root), LayerBuilderTest.TIME);
        Files.writeString(root.resolve("changed.txt"), "changed\n");
        List<LayerEntry> changed = LayerResolver.resolve(LayerBuilderTest.layerOf(root), LayerBuilderTest.TIME);
        BuiltLayer inRegistry = builder(null, false).build("held", held);
        ReusableLayers registry = ReusableLayers.of(Map.of(inRegistry.diffId(), new KnownLayer(inRegistry.diffId(),
                new Descriptor(MediaTypes.OCI_LAYER_GZIP, inRegistry.digest(), inRegistry.size()), "registry")));

        LayerBuilder builder = builder(null, false);
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.io.OutputStream heldBack = new java.io.OutputStream() { // holds the write pass until released
            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var written = threads.submit(() -> builder.build("changed", changed, registry, () -> List.of(heldBack), l -> { }));
            assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            int passes = builder.filePasses(); // the changed layer's hashing pass and its write
            var reused = threads.submit(() -> builder.build("held", held, registry, l -> { }));

            Thread.sleep(300);
            assertThat(builder.filePasses()).as("no hashing pass while a layer is written").isEqualTo(passes);
            assertThat(reused.isDone()).isFalse();
            release.countDown();
            assertThat(written.get(10, java.util.concurrent.TimeUnit.SECONDS).reused()).isFalse();
            assertThat(reused.get(10, java.util.concurrent.TimeUnit.SECONDS).reused()).isTrue();
            assertThat(builder.filePasses()).isEqualTo(passes + 1);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    /** An answer that comes in empty while the files are hashed stops the pass; the layer is then built. */
    @Test
    void anEmptyAnswerDuringTheHashingPassStillBuildsTheSameLayer() throws Exception {
        Path root = LayerBuilderTest.tree(dir.resolve("src"), false, FileTime.fromMillis(1_000_000_000_000L));
        List<LayerEntry> entries = LayerResolver.resolve(LayerBuilderTest.layerOf(root), LayerBuilderTest.TIME);
        BuiltLayer expected = builder(null, true).build("app", entries);

        for (Path cache : Arrays.asList(null, dir.resolve("empty-cache"))) {
            LayerBuilder building = builder(cache, true);
            BuiltLayer built = building.build("app", entries, ReusableLayers.askedOf(Map::of), layer -> { });

            assertThat(built.reused()).isFalse();
            assertThat(built.digest()).isEqualTo(expected.digest());
            assertThat(built.diffId()).isEqualTo(expected.diffId());
            assertThat(built.files()).isEqualTo(expected.files());
            assertThat(building.filePasses()).isBetween(1, 2);
        }
    }

    @Test
    void theRecordKeepsPathsWithSpacesBackslashesAndLineBreaks() {
        List<LayerFile> files = List.of(new LayerFile("a b\\c\nd\re", "0".repeat(40), "f".repeat(64)),
                new LayerFile("plain", "1".repeat(40), "2".repeat(64)));
        assertThat(FileListRecord.parse(List.of(FileListRecord.lines(files)))).contains(files);
        assertThat(FileListRecord.parse(List.of("scratch-files/1", "bad line"))).isEmpty();
        assertThat(FileListRecord.parse(List.of())).isEmpty();
    }
}
