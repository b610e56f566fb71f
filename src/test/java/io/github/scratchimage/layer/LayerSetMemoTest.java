package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerBuilderTest.TIME;
import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static io.github.scratchimage.layer.LayerResolverTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's whole set of layers found with one record: {@link LayerBuilder#findAll} and {@link LayerBuilder#rememberAll}. */
class LayerSetMemoTest {
    private static final List<String> NAMES = List.of("config", "data");

    @TempDir
    Path dir;

    /** @param aheadMillis how far the builder's clock runs ahead, so that files just written look settled */
    private LayerBuilder builder(String blobs, int level, long aheadMillis) {
        return new LayerBuilder(dir.resolve(blobs), new LayerOptions(level, 2, dir.resolve("cache")), BuildLog.NONE,
                () -> System.currentTimeMillis() + aheadMillis);
    }

    private List<List<LayerEntry>> resolve() throws IOException {
        return List.of(
                LayerResolver.resolve(new LayerSpec("config", List.of(spec(1, dir.resolve("src/config"), "/etc/app")),
                        "layers/layer[1]"), TIME),
                LayerResolver.resolve(new LayerSpec("data", List.of(spec(1, dir.resolve("src/data"), "/data")),
                        "layers/layer[2]"), TIME));
    }

    /** Builds each layer as ImageBuilder does and remembers the set. */
    private List<BuiltLayer> buildAndRemember(LayerBuilder builder) throws IOException {
        long beforeRead = builder.now();
        List<List<LayerEntry>> entries = resolve();
        List<BuiltLayer> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            layers.add(builder.build(NAMES.get(i), entries.get(i)));
        }
        builder.rememberAll(entries, layers, beforeRead);
        return layers;
    }

    private void source() throws IOException {
        write(dir.resolve("src/config/app.conf"), "mode=blue\n");
        write(dir.resolve("src/data/a.bin"), "0123456789".repeat(3000));
        write(dir.resolve("src/data/b.bin"), "abcdefghij".repeat(3000));
    }

    @Test
    void aWarmBuildFindsAllItsLayersInOneRecord() throws IOException {
        source();
        List<BuiltLayer> cold = buildAndRemember(builder("b1", 6, 10_000));

        LayerBuilder warm = builder("b2", 6, 10_000);
        List<BuiltLayer> found = warm.findAll(NAMES, resolve()).orElseThrow();

        assertThat(warm.setHits()).isEqualTo(1);
        assertThat(warm.memoHits()).as("no per-layer lookup").isZero();
        assertThat(found).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(found.get(i).name()).isEqualTo(NAMES.get(i));
            assertThat(found.get(i).digest()).isEqualTo(cold.get(i).digest());
            assertThat(found.get(i).diffId()).isEqualTo(cold.get(i).diffId());
            assertThat(found.get(i).size()).isEqualTo(cold.get(i).size());
            assertThat(found.get(i).cached()).isTrue();
            assertThat(Files.readAllBytes(found.get(i).file())).isEqualTo(Files.readAllBytes(cold.get(i).file()));
        }
    }

    /** The set's key hashes all layers' entries in one go: where one layer ends must count too. */
    @Test
    void theSameEntriesSplitIntoLayersDifferentlyMissTheSet() throws IOException {
        source();
        buildAndRemember(builder("b1", 6, 10_000));
        List<List<LayerEntry>> layers = resolve();
        List<LayerEntry> all = new ArrayList<>(layers.get(0));
        all.addAll(layers.get(1));
        int boundary = layers.get(0).size() + 1;
        List<List<LayerEntry>> moved = List.of(all.subList(0, boundary), all.subList(boundary, all.size()));

        LayerBuilder warm = builder("b2", 6, 10_000);
        assertThat(warm.findAll(NAMES, layers)).isPresent();
        assertThat(warm.findAll(NAMES, moved)).isEmpty();
    }

    @Test
    void aFileRewrittenWithItsOldSizeAndMtimeMissesTheSet() throws Exception {
        source();
        buildAndRemember(builder("b1", 6, 10_000));
        Path file = dir.resolve("src/data/b.bin");
        FileTime mtime = Files.getLastModifiedTime(file);
        Thread.sleep(50); // past the kernel's timestamp tick
        Files.writeString(file, "ABCDEFGHIJ".repeat(3000));
        Files.setLastModifiedTime(file, mtime);

        LayerBuilder warm = builder("b2", 6, 10_000);
        assertThat(warm.findAll(NAMES, resolve())).isEmpty();

        List<BuiltLayer> rebuilt = buildAndRemember(warm);
        assertThat(LayerCacheTest.contentOf(rebuilt.get(1).file(), "data/b.bin")).isEqualTo("ABCDEFGHIJ".repeat(3000));
        LayerBuilder third = builder("b3", 6, 10_000);
        assertThat(third.findAll(NAMES, resolve())).hasValueSatisfying(
                layers -> assertThat(layers.get(1).digest()).isEqualTo(rebuilt.get(1).digest()));
    }

    @Test
    void aBlobGoneFromTheCacheMissesTheSet() throws IOException {
        source();
        List<BuiltLayer> cold = buildAndRemember(builder("b1", 6, 10_000));
        Files.delete(dir.resolve("cache/blobs").resolve(cold.get(1).digest().encoded()));

        assertThat(builder("b2", 6, 10_000).findAll(NAMES, resolve())).isEmpty();
    }

    @Test
    void aDamagedSetRecordMisses() throws IOException {
        source();
        buildAndRemember(builder("b1", 6, 10_000));
        try (var records = Files.list(dir.resolve("cache/sets"))) {
            for (Path record : records.toList()) {
                Files.writeString(record, Files.readString(record).replaceFirst(" [0-9]+\n", " 12x\n"));
                assertThat(Files.readString(record)).contains(" 12x\n");
            }
        }

        assertThat(builder("b2", 6, 10_000).findAll(NAMES, resolve())).isEmpty();
    }

    @Test
    void otherLevelsAndOtherSetsOfLayersMiss() throws IOException {
        source();
        buildAndRemember(builder("b1", 6, 10_000));
        List<List<LayerEntry>> entries = resolve();

        assertThat(builder("b2", 1, 10_000).findAll(NAMES, entries)).isEmpty();
        assertThat(builder("b3", 6, 10_000).findAll(NAMES.subList(0, 1), entries.subList(0, 1))).isEmpty();
        assertThat(builder("b4", 6, 10_000).findAll(NAMES, entries)).isPresent();
    }

    @Test
    void filesChangedJustBeforeTheBuildAreNotRemembered() throws IOException {
        source(); // written just now: not settled for a clock that is not ahead
        buildAndRemember(builder("b1", 6, 0));

        LayerBuilder warm = builder("b2", 6, 10_000);
        assertThat(warm.findAll(NAMES, resolve())).isEmpty();
        assertThat(dir.resolve("cache/sets")).doesNotExist();
    }
}
