package io.github.scratchimage.layer;

import io.github.scratchimage.image.Compression;
import io.github.scratchimage.image.Digest;
import static io.github.scratchimage.layer.LayerBuilderTest.TIME;
import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static io.github.scratchimage.layer.LayerResolverTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.CapturingLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
    @TempDir
    Path dir;

    final CapturingLog log = new CapturingLog();

    LayerBuilder builder(String blobs, int level) {
        return new LayerBuilder(dir.resolve(blobs), new LayerOptions(level, 2, dir.resolve("cache")), log);
    }

    LayerSpec layer(Path source) {
        return new LayerSpec("app", List.of(spec(1, source, "/app")), "layers/layer[1]");
    }

    static String contentOf(Path layer, String path) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(path)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(path + " not in " + layer);
    }

    Path source() throws IOException {
        Path root = dir.resolve("src");
        write(root.resolve("config.txt"), "mode=blue\n");
        write(root.resolve("lib/data.bin"), "0123456789".repeat(5000));
        return root;
    }

    @Test
    void unchangedInputIsACacheHitWithTheSameBlob() throws IOException {
        Path root = source();
        LayerBuilder builder = builder("blobs1", 6);
        BuiltLayer first = builder.build(layer(root), TIME);
        assertThat(builder.cacheHits()).isZero();

        Files.setLastModifiedTime(root.resolve("config.txt"), FileTime.fromMillis(0)); // mtime alone is not content
        LayerBuilder warm = builder("blobs2", 6);
        BuiltLayer second = warm.build(layer(root), TIME);

        assertThat(warm.cacheHits()).isEqualTo(1);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(log.lines()).anySatisfy(m -> assertThat(m).contains("Layer app", "unchanged", first.digest().toString()));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.diffId()).isEqualTo(first.diffId());
        assertThat(second.size()).isEqualTo(first.size());
        assertThat(second.file()).as("the cached blob itself: a hit copies nothing")
                .isEqualTo(dir.resolve("cache/blobs").resolve(first.digest().encoded()));
        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(dir.resolve("blobs2")).doesNotExist();
    }

    @Test
    void anEmptyCacheIsNotAskedButFilled() throws IOException {
        Path root = source();
        LayerBuilder cold = builder("b1", 6);
        BuiltLayer first = cold.build(layer(root), TIME);
        LayerCache opened = new LayerCache(dir.resolve("cache"));

        assertThat(new LayerCache(dir.resolve("never-used")).emptyAtStart()).isTrue();
        assertThat(opened.emptyAtStart()).isFalse();
        assertThat(opened.find(LayerCache.key(first.diffId(), "gzip-6"), "app")).hasValueSatisfying(found -> {
            assertThat(found.digest()).isEqualTo(first.digest());
            assertThat(found.cached()).isTrue();
        });
        assertThat(opened.find(LayerCache.key(first.diffId(), "gzip-5"), "app")).isEmpty();
        assertThat(opened.hits()).isEqualTo(1);
        assertThat(opened.misses()).isEqualTo(1);
    }

    /**
     * @param aheadMillis 0: the files were just written, so their state is not trusted and they are
     *                    hashed; 10,000: they look settled, so the file-state memo is asked and must
     *                    see the rewrite through the file's new ctime (mtime and size are restored)
     */
    @ParameterizedTest(name = "clock ahead by {0} ms")
    @ValueSource(longs = {0, 10_000})
    void rewrittenFileWithSameSizeAndMtimeIsNotStale(long aheadMillis) throws Exception {
        Path root = source();
        Path config = root.resolve("config.txt");
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(config, mtime);
        BuiltLayer before = builderAhead("blobs1", aheadMillis).build(layer(root), TIME);

        Thread.sleep(50); // past the kernel's timestamp tick, so the rewrite gets a new ctime
        Files.writeString(config, "mode=red!\n");
        Files.setLastModifiedTime(config, mtime);
        assertThat(Files.size(config)).isEqualTo("mode=blue\n".length());
        LayerBuilder again = builderAhead("blobs2", aheadMillis);
        BuiltLayer after = again.build(layer(root), TIME);

        assertThat(again.memoHits()).isZero();
        assertThat(again.cacheHits()).isZero();
        assertThat(contentOf(after.file(), "app/config.txt")).isEqualTo("mode=red!\n");
        assertThat(after.diffId()).isNotEqualTo(before.diffId());
        assertThat(contentOf(before.file(), "app/config.txt")).isEqualTo("mode=blue\n");

        LayerBuilder third = builderAhead("blobs3", aheadMillis);
        assertThat(third.build(layer(root), TIME).digest()).isEqualTo(after.digest());
        assertThat(third.cacheHits()).isEqualTo(1);
    }

    /** A builder whose clock runs {@code aheadMillis} ahead, so that files just written look settled. */
    LayerBuilder builderAhead(String blobs, long aheadMillis) {
        return new LayerBuilder(dir.resolve(blobs), new LayerOptions(6, 2, dir.resolve("cache")), log,
                () -> System.currentTimeMillis() + aheadMillis);
    }

    @Test
    void settledFilesAreFoundByTheirStateWithoutHashing() throws IOException {
        Path root = source();
        BuiltLayer first = builderAhead("b1", 10_000).build(layer(root), TIME);

        LayerBuilder warm = builderAhead("b2", 10_000);
        BuiltLayer second = warm.build(layer(root), TIME);

        assertThat(warm.cacheHits()).isEqualTo(1);
        assertThat(warm.memoHits()).as("diff_id taken from the file-state memo").isEqualTo(1);
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.diffId()).isEqualTo(first.diffId());
    }

    /**
     * A file changed after a cold build read it (here: while the layer is handed on) must not be
     * found by the next build with the diff_id of its old bytes. The clock runs exactly
     * {@link FileStamp#SETTLED_MILLIS} ahead: files older than the build count as settled, a
     * change during the build does not.
     */
    @ParameterizedTest(name = "changed during the build: {0}")
    @ValueSource(booleans = {false, true})
    void aFileChangedWhileAColdBuildReadsItIsNotRemembered(boolean change) throws Exception {
        Path root = source();
        Path config = root.resolve("config.txt");
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(config, mtime);
        Thread.sleep(50); // past the kernel's timestamp tick
        LayerBuilder cold = builderAhead("b1", FileStamp.SETTLED_MILLIS);
        BuiltLayer first = cold.build("app", LayerResolver.resolve(layer(root), TIME), built -> {
            if (change) {
                try {
                    Thread.sleep(50);
                    Files.writeString(config, "mode=red!\n");
                    Files.setLastModifiedTime(config, mtime);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertThat(contentOf(first.file(), "app/config.txt")).isEqualTo("mode=blue\n");

        LayerBuilder warm = builderAhead("b2", FileStamp.SETTLED_MILLIS);
        BuiltLayer second = warm.build(layer(root), TIME);

        assertThat(warm.memoHits()).isEqualTo(change ? 0 : 1);
        assertThat(contentOf(second.file(), "app/config.txt")).isEqualTo(change ? "mode=red!\n" : "mode=blue\n");
    }

    /**
     * The memo keeps the state the resolver's stat saw. A file rewritten (same size and mtime) after
     * that stat but before its bytes are read goes into this layer with its new bytes; the next build
     * sees its new ctime, so it misses the memo and hashes again, and finds the layer of the new bytes.
     */
    @Test
    void aFileChangedBetweenTheResolverStatAndTheReadIsHashedAgainNextTime() throws Exception {
        Path root = source();
        Path config = root.resolve("config.txt");
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(config, mtime);
        Thread.sleep(50); // past the kernel's timestamp tick
        List<LayerEntry> resolved = LayerResolver.resolve(layer(root), TIME);
        Thread.sleep(50);
        Files.writeString(config, "mode=red!\n");
        Files.setLastModifiedTime(config, mtime);

        BuiltLayer first = builderAhead("b1", 10_000).build("app", resolved);
        assertThat(contentOf(first.file(), "app/config.txt")).isEqualTo("mode=red!\n");

        LayerBuilder warm = builderAhead("b2", 10_000);
        BuiltLayer second = warm.build(layer(root), TIME);
        assertThat(warm.memoHits()).as("the stamp taken before the rewrite must not match").isZero();
        assertThat(warm.cacheHits()).isEqualTo(1);
        assertThat(second.digest()).isEqualTo(first.digest());
    }

    @Test
    void filesChangedJustBeforeABuildAreHashedAgainNextTime() throws IOException {
        Path root = source(); // written just now: not settled
        builder("b1", 6).build(layer(root), TIME);

        LayerBuilder warm = builder("b2", 6);
        warm.build(layer(root), TIME);

        assertThat(warm.cacheHits()).isEqualTo(1);
        assertThat(warm.memoHits()).as("a state younger than %d ms is never remembered", FileStamp.SETTLED_MILLIS)
                .isZero();
    }

    @Test
    void metadataTimeAndLevelArePartOfTheKey() throws IOException {
        Path root = source();
        BuiltLayer plain = builder("b0", 6).build(layer(root), TIME);

        LayerBuilder otherTime = builder("b1", 6);
        assertThat(otherTime.build(layer(root), TIME.plusSeconds(60)).diffId()).isNotEqualTo(plain.diffId());
        LayerBuilder otherLevel = builder("b2", 1);
        assertThat(otherLevel.build(layer(root), TIME).diffId()).isEqualTo(plain.diffId());
        LayerBuilder otherOwner = builder("b3", 6);
        FileSpec owned = new FileSpec(root, "/app", null, null, 1000, 1000, null, null, "layers/layer[1]/files/file[1]");
        otherOwner.build(new LayerSpec("app", List.of(owned), "layers/layer[1]"), TIME);
        LayerBuilder otherTarget = builder("b4", 6);
        otherTarget.build(new LayerSpec("app", List.of(spec(1, root, "/srv")), "layers/layer[1]"), TIME);

        assertThat(List.of(otherTime.cacheHits(), otherLevel.cacheHits(), otherOwner.cacheHits(),
                otherTarget.cacheHits())).containsOnly(0);
    }

    @Test
    void missingCachedBlobMeansRebuild() throws IOException {
        Path root = source();
        BuiltLayer first = builder("b1", 6).build(layer(root), TIME);
        Files.delete(dir.resolve("cache/blobs").resolve(first.digest().encoded()));

        LayerBuilder again = builder("b2", 6);
        BuiltLayer second = again.build(layer(root), TIME);

        assertThat(again.cacheHits()).isZero();
        assertThat(second.digest()).isEqualTo(first.digest());
        try (InputStream in = Files.newInputStream(second.file())) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(first.file()));
        }
        assertThat(dir.resolve("cache/blobs").resolve(first.digest().encoded())).exists();
    }

    @Test
    void keyDependsOnBytesNotOnMtimeOrPath() throws IOException {
        Path a = write(dir.resolve("a/file"), "same");
        Path b = write(dir.resolve("b/file"), "same");
        Files.setLastModifiedTime(b, FileTime.fromMillis(0));
        List<LayerEntry> fromA = List.of(LayerEntry.file("x", 0644, 0, 0, TIME, a, 4));
        List<LayerEntry> fromB = List.of(LayerEntry.file("x", 0644, 0, 0, TIME, b, 4));

        assertThat(key(fromA, 6)).isEqualTo(key(fromB, 6));
        Files.writeString(b, "diff");
        assertThat(key(fromA, 6)).isNotEqualTo(key(fromB, 6));
        assertThat(key(fromA, 6)).isNotEqualTo(key(fromA, 5));
    }

    static Digest key(List<LayerEntry> entries, int level) throws IOException {
        return LayerCache.key(LayerBuilder.diffId(entries), "gzip-" + level);
    }

    LayerBuilder builder(String blobs, Compression compression, int level) {
        return new LayerBuilder(dir.resolve(blobs), new LayerOptions(compression, level, 2, dir.resolve("cache"),
                LayerOptions.DEFAULT_CACHE_MAX_BYTES), log);
    }

    @Test
    void aLayerIsServedOnlyForItsOwnAlgorithmAndLevel() throws IOException {
        Path root = source();
        BuiltLayer gzip = builder("gzip", Compression.GZIP, 6).build(layer(root), TIME);
        LayerBuilder zstdBuilder = builder("zstd", Compression.ZSTD, 3);
        BuiltLayer zstd = zstdBuilder.build(layer(root), TIME);
        LayerBuilder zstdOtherLevel = builder("zstd9", Compression.ZSTD, 9);
        BuiltLayer zstd9 = zstdOtherLevel.build(layer(root), TIME);
        LayerBuilder noneBuilder = builder("none", Compression.NONE, 0);
        BuiltLayer none = noneBuilder.build(layer(root), TIME);

        assertThat(List.of(zstdBuilder.cacheHits(), zstdOtherLevel.cacheHits(), noneBuilder.cacheHits()))
                .as("the gzip layer of the same content is never taken").containsOnly(0);
        assertThat(List.of(zstd.diffId(), zstd9.diffId(), none.diffId())).containsOnly(gzip.diffId());
        assertThat(List.of(gzip.digest(), zstd.digest(), zstd9.digest(), none.digest())).doesNotHaveDuplicates();
        assertThat(Files.readAllBytes(zstd.file())).startsWith(0x28, 0xb5, 0x2f, 0xfd); // zstd frame magic
        assertThat(Files.readAllBytes(gzip.file())).startsWith(0x1f, 0x8b);
        assertThat(none.digest()).as("an uncompressed layer is its tar").isEqualTo(none.diffId());

        LayerBuilder zstdAgain = builder("zstd-again", Compression.ZSTD, 3);
        assertThat(zstdAgain.build(layer(root), TIME).digest()).isEqualTo(zstd.digest());
        assertThat(zstdAgain.cacheHits()).isEqualTo(1);
    }
}
