package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerBuilderTest.TIME;
import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.CapturingLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache stays within its size limit: after a build that added a layer, the layers unused the
 * longest go, with their records and their files' states; layers in use, layers used in the last 30 minutes and builds that
 * add nothing are left alone; using a layer marks it used.
 */
class LayerCachePruneTest {
    private static final int LAYER_BYTES = 100_000;
    /** Files look settled to the memo: its clock runs ahead of the file system's. */
    private static final long AHEAD_MILLIS = 10_000;

    @TempDir
    Path dir;

    final CapturingLog log = new CapturingLog();

    LayerBuilder builder(String blobs, long cacheMaxBytes) {
        return new LayerBuilder(dir.resolve(blobs), new LayerOptions(6, 2, dir.resolve("cache"), cacheMaxBytes), log,
                () -> System.currentTimeMillis() + AHEAD_MILLIS);
    }

    /** A layer of one incompressible file, so its blob takes a little more than {@link #LAYER_BYTES}. */
    LayerSpec layer(String name) throws IOException {
        byte[] bytes = new byte[LAYER_BYTES];
        new Random(name.hashCode()).nextBytes(bytes);
        Path file = dir.resolve("src-" + name).resolve(name + ".bin");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return new LayerSpec(name, List.of(spec(1, file, "/data/" + name + ".bin")), "layers/layer[1]");
    }

    /** Layers built into the cache by an earlier build, one per name. */
    List<BuiltLayer> cached(String... names) throws IOException {
        LayerBuilder earlier = builder("earlier", LayerOptions.DEFAULT_CACHE_MAX_BYTES);
        List<BuiltLayer> built = new ArrayList<>();
        for (String name : names) {
            built.add(earlier.build(layer(name), TIME));
        }
        return built;
    }

    /** Two layers built into the cache by an earlier build, last used that long ago. */
    List<BuiltLayer> cachedAndUsed(String first, Duration firstAgo, String second, Duration secondAgo)
            throws IOException {
        List<BuiltLayer> built = cached(first, second);
        lastUsed(built.get(0), firstAgo);
        lastUsed(built.get(1), secondAgo);
        return built;
    }

    Path blob(BuiltLayer layer) {
        return dir.resolve("cache/blobs").resolve(layer.digest().encoded());
    }

    void lastUsed(BuiltLayer layer, Duration ago) throws IOException {
        Files.setLastModifiedTime(blob(layer), FileTime.fromMillis(System.currentTimeMillis() - ago.toMillis()));
    }

    static long count(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void theLayersUnusedLongestGoUntilTheCacheFits() throws IOException {
        LayerBuilder first = builder("b1", LayerOptions.DEFAULT_CACHE_MAX_BYTES);
        List<LayerSpec> specs = List.of(layer("a"), layer("b"), layer("c"));
        List<List<LayerEntry>> entries = specs.stream().map(s -> resolve(s)).toList();
        long before = first.now();
        List<BuiltLayer> abc = List.of(first.build("a", entries.get(0)), first.build("b", entries.get(1)),
                first.build("c", entries.get(2)));
        first.rememberAll(entries, abc, before);
        first.pruneCache(abc);
        assertThat(count(dir.resolve("cache/sets"))).as("one record for the set a, b, c").isEqualTo(1);
        assertThat(count(dir.resolve("cache/states"))).as("the file states of a, b, c").isEqualTo(3);
        lastUsed(abc.get(0), Duration.ofDays(3));
        lastUsed(abc.get(1), Duration.ofDays(2));
        lastUsed(abc.get(2), Duration.ofDays(1));
        long size = abc.get(0).size();

        // Room for two and a half layers: with the new one, a and b (the oldest) must go.
        LayerBuilder second = builder("b2", size * 5 / 2);
        BuiltLayer d = second.build(layer("d"), TIME);
        second.pruneCache(List.of(d));

        assertThat(blob(abc.get(0))).doesNotExist();
        assertThat(blob(abc.get(1))).doesNotExist();
        assertThat(blob(abc.get(2))).exists();
        assertThat(blob(d)).exists();
        assertThat(count(dir.resolve("cache/layers"))).as("records of c and d").isEqualTo(2);
        assertThat(count(dir.resolve("cache/sets"))).as("the set named a and b").isZero();
        assertThat(count(dir.resolve("cache/states"))).as("the file states of c and d").isEqualTo(2);
        assertThat(log.text()).contains("Layer cache: removed 2 layer(s) unused the longest");

        // A removed layer is built again, with the same bytes.
        LayerBuilder third = builder("b3", LayerOptions.DEFAULT_CACHE_MAX_BYTES);
        BuiltLayer again = third.build("a", resolve(layer("a")));
        assertThat(third.cacheHits()).isZero();
        assertThat(again.digest()).isEqualTo(abc.get(0).digest());
        assertThat(blob(again)).exists();
    }

    @Test
    void layersInUseAndLayersUsedInTheLastHalfHourStay() throws IOException {
        List<BuiltLayer> earlier = cachedAndUsed("old", Duration.ofDays(3), "recent", Duration.ofMinutes(20));
        BuiltLayer old = earlier.get(0);
        BuiltLayer recent = earlier.get(1);

        LayerBuilder second = builder("b2", 0);
        BuiltLayer inUse = second.build(layer("in-use"), TIME);
        lastUsed(inUse, Duration.ofDays(5));
        second.pruneCache(List.of(inUse));

        assertThat(blob(old)).doesNotExist();
        assertThat(blob(recent)).exists();
        assertThat(blob(inUse)).as("oldest, but this build's").exists();
        assertThat(log.text()).contains("removed 1 layer(s)");
    }

    @Test
    void aBuildThatAddsNothingRemovesNothing() throws IOException {
        List<BuiltLayer> ab = cached("a", "b");
        lastUsed(ab.get(1), Duration.ofDays(3));

        LayerBuilder warm = builder("b2", 0);
        BuiltLayer hit = warm.build(layer("a"), TIME);
        warm.pruneCache(List.of(hit));

        assertThat(warm.cacheHits()).isEqualTo(1);
        assertThat(hit.digest()).isEqualTo(ab.get(0).digest());
        assertThat(blob(ab.get(1))).as("over the limit, but this build added nothing").exists();
        assertThat(log.text()).doesNotContain("Layer cache: removed");
    }

    @Test
    void aLayerFoundInTheCacheIsMarkedUsedAtMostEvery10Minutes() throws IOException {
        List<BuiltLayer> earlier = cachedAndUsed("a", Duration.ofDays(3), "b", Duration.ofMinutes(5));
        BuiltLayer a = earlier.get(0);
        BuiltLayer b = earlier.get(1);
        FileTime bBefore = Files.getLastModifiedTime(blob(b));

        LayerBuilder warm = builder("b3", LayerOptions.DEFAULT_CACHE_MAX_BYTES);
        long start = System.currentTimeMillis();
        warm.build(layer("a"), TIME);
        warm.build(layer("b"), TIME);

        assertThat(warm.cacheHits()).isEqualTo(2);
        assertThat(Files.getLastModifiedTime(blob(a)).toMillis()).isGreaterThanOrEqualTo(start - 1000);
        assertThat(Files.getLastModifiedTime(blob(b))).as("used 5 minutes ago: not written").isEqualTo(bBefore);
    }

    @Test
    void aBlobAnotherBuildUsesWhileThePruneRunsStays() throws IOException {
        List<BuiltLayer> earlier = cachedAndUsed("a", Duration.ofDays(3), "b", Duration.ofDays(2));
        // The prune reads the clock once, after listing the blobs: "another build" uses a just then.
        AtomicReference<Path> useOnClock = new AtomicReference<>(blob(earlier.get(0)));
        LayerCache cache = new LayerCache(dir.resolve("cache"), () -> {
            Path used = useOnClock.getAndSet(null);
            if (used != null) {
                try {
                    Files.setLastModifiedTime(used, FileTime.fromMillis(System.currentTimeMillis()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return System.currentTimeMillis();
        });

        LayerCache.Pruned pruned = cache.prune(0, Set.of());

        assertThat(useOnClock.get()).as("the clock was read").isNull();
        assertThat(blob(earlier.get(0))).as("listed as 3 days old, used since").exists();
        assertThat(blob(earlier.get(1))).doesNotExist();
        assertThat(pruned.layers()).isEqualTo(1);
    }

    @Test
    void aFailureToRemoveIsAWarningNotAFailedBuild() throws IOException {
        lastUsed(cached("old").get(0), Duration.ofDays(3));
        LayerBuilder second = builder("b2", 0);
        BuiltLayer added = second.build(layer("new"), TIME);
        Path sets = dir.resolve("cache/sets");
        if (Files.isDirectory(sets)) {
            Files.delete(sets);
        }
        Files.writeString(sets, "not a directory");

        second.pruneCache(List.of(added));

        assertThat(log.text()).contains("[WARN] Layer cache: could not remove the layers unused the longest from "
                + dir.resolve("cache")).contains("it may take more than cacheMaxSize (0 bytes)");
        assertThat(blob(added)).exists();
    }

    @Test
    void theCacheWithinItsLimitIsLeftAlone() throws IOException {
        BuiltLayer a = cached("a").get(0);
        lastUsed(a, Duration.ofDays(30));

        LayerBuilder second = builder("b2", 3L * LAYER_BYTES);
        BuiltLayer b = second.build(layer("b"), TIME);
        second.pruneCache(List.of(b));

        assertThat(blob(a)).exists();
        assertThat(blob(b)).exists();
    }

    private static List<LayerEntry> resolve(LayerSpec spec) {
        try {
            return LayerResolver.resolve(spec, TIME);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
