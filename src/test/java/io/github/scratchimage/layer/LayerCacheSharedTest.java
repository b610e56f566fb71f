package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerBuilderTest.TIME;
import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.testing.CapturingLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several builds share one cache directory at once, as {@code mvn -T 4} (threads of one JVM, one
 * {@link LayerCache} each) and two terminals (two JVMs) do: they write the same layers at once
 * without damage, and no build's prune removes a layer another build found and has not read yet.
 */
class LayerCacheSharedTest {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    final CapturingLog log = new CapturingLog();
    final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    Path cache() {
        return dir.resolve("cache");
    }

    LayerBuilder builder(String blobs) {
        return new LayerBuilder(dir.resolve(blobs), new LayerOptions(6, 2, cache()), log);
    }

    LayerSpec layer(String name) throws IOException {
        byte[] bytes = new byte[50_000];
        new Random(name.hashCode()).nextBytes(bytes);
        Path file = dir.resolve("src-" + name).resolve(name + ".bin");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return new LayerSpec(name, List.of(spec(1, file, "/data/" + name + ".bin")), "layers/layer[1]");
    }

    @Test
    void twoBuildsStoringTheSameLayersAtOnceLeaveOneCompleteCache() throws Exception {
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            specs.add(layer("l" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<BuiltLayer>>> builds = new ArrayList<>();
        for (String blobs : List.of("build1", "build2")) {
            LayerBuilder builder = builder(blobs);
            builds.add(threads.submit(() -> {
                start.await();
                List<BuiltLayer> built = new ArrayList<>();
                for (LayerSpec spec : specs) {
                    built.add(builder.build(spec, TIME));
                }
                return built;
            }));
        }
        start.countDown();
        List<BuiltLayer> first = builds.get(0).get(1, TimeUnit.MINUTES);
        List<BuiltLayer> second = builds.get(1).get(1, TimeUnit.MINUTES);

        assertThat(second).extracting(BuiltLayer::digest).isEqualTo(first.stream().map(BuiltLayer::digest).toList());
        LayerBuilder third = builder("build3");
        for (int i = 0; i < specs.size(); i++) {
            BuiltLayer hit = third.build(specs.get(i), TIME);
            assertThat(hit.cached()).as("layer %d from the cache", i).isTrue();
            assertThat(hit.digest()).isEqualTo(first.get(i).digest());
            assertThat(Digest.sha256(Files.readAllBytes(hit.file()))).as("the cached blob's bytes")
                    .isEqualTo(hit.digest());
        }
        for (String sub : List.of("blobs", "layers")) {
            try (Stream<Path> files = Files.list(cache().resolve(sub))) {
                assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left in " + sub)
                        .noneMatch(name -> name.startsWith("."));
            }
        }
    }

    /** Layer {@code name} built into the cache, then left unused for 3 days. */
    BuiltLayer cachedLongAgo(String name) throws IOException {
        BuiltLayer built = builder("earlier-" + name).build(layer(name), TIME);
        Path blob = cache().resolve("blobs").resolve(built.digest().encoded());
        Files.setLastModifiedTime(blob, FileTime.fromMillis(System.currentTimeMillis() - 3 * DAY));
        return built;
    }

    /**
     * The pruning build's clock is a day ahead, so to it the blob the other build just found and
     * marked used looks a day old: only the other build's use of the cache keeps it.
     */
    LayerCache.Pruned pruneFromAnotherThread() throws Exception {
        LayerCache pruning = new LayerCache(cache(), () -> System.currentTimeMillis() + DAY);
        Callable<LayerCache.Pruned> prune = () -> {
            try (CacheUsers.Use use = CacheUsers.open(cache())) {
                return pruning.prune(0, Set.of());
            }
        };
        return threads.submit(prune).get(1, TimeUnit.MINUTES);
    }

    @Test
    void aBuildOfThisJvmDoesNotPruneWhileAnotherReadsTheLayerItFound() throws Exception {
        BuiltLayer built = cachedLongAgo("a");
        LayerCache reading = new LayerCache(cache());
        try (CacheUsers.Use use = CacheUsers.open(cache())) {
            Optional<BuiltLayer> found = reading.find(LayerCache.key(built.diffId(), "gzip-6"), "a");
            assertThat(found).isPresent();

            LayerCache.Pruned pruned = pruneFromAnotherThread();

            assertThat(pruned.othersUsing()).isTrue();
            assertThat(pruned.layers()).isZero();
            assertThat(Digest.sha256(Files.readAllBytes(found.get().file()))).as("the found blob is still whole")
                    .isEqualTo(built.digest());
        }
        LayerCache.Pruned later = pruneFromAnotherThread();
        assertThat(later.othersUsing()).isFalse();
        assertThat(later.layers()).as("once the reading build ended").isEqualTo(1);
    }

    @Test
    void aBuildDoesNotPruneWhileABuildInAnotherJvmUsesTheCache() throws Exception {
        BuiltLayer built = cachedLongAgo("a");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CacheUserProcess.class.getName(), cache().toString()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo(CacheUserProcess.READY);

            LayerCache.Pruned pruned = pruneFromAnotherThread();

            assertThat(pruned.othersUsing()).isTrue();
            assertThat(cache().resolve("blobs").resolve(built.digest().encoded())).exists();
        } finally {
            other.getOutputStream().close(); // the other build ends
            assertThat(other.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        LayerCache.Pruned later = pruneFromAnotherThread();
        assertThat(later.layers()).as("once the other JVM's build ended").isEqualTo(1);
        assertThat(cache().resolve("blobs").resolve(built.digest().encoded())).doesNotExist();
    }
}
