package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Layers already built, keyed on the CONTENT of their inputs: the key is derived from the SHA-256 of
 * the layer's uncompressed tar (its diff_id), which holds every entry's path, type, mode, owner, time,
 * link target and every file's bytes (never the mtime or size alone), plus the compression level and
 * the writer's format. Finding the key reads every file once, without compressing anything. Layout:
 * {@code layers/<key hex>} (digest, diff_id and size, one per line) and {@code blobs/<digest hex>};
 * both are written under temporary names and moved into place, so concurrent builds may share one
 * directory. Thread-safe.
 */
public final class LayerCache {
    /** Changes whenever the gzip bytes for the same tar could change. */
    static final String FORMAT = "scratch-layer/2 gzip-block=" + ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE
            + " java=" + System.getProperty("java.vm.version");

    private final Path directory;
    private final boolean emptyAtStart;
    private final DiffIdMemo memo;
    private final LayerSetMemo sets;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    public LayerCache(Path directory) {
        this(directory, System::currentTimeMillis);
    }

    /** @param clock the current time in epoch milliseconds (tests move it) */
    LayerCache(Path directory, LongSupplier clock) {
        this.directory = directory;
        this.emptyAtStart = holdsNoLayer(directory.resolve("layers"));
        this.memo = new DiffIdMemo(directory, clock);
        this.sets = new LayerSetMemo(directory);
    }

    /** Diff_ids by the on-disk state of the files, so that a warm build need not read them. */
    DiffIdMemo memo() {
        return memo;
    }

    /** Layer sets by the on-disk state of all their files, so that a warm build reads one record. */
    LayerSetMemo sets() {
        return sets;
    }

    private static boolean holdsNoLayer(Path layers) {
        try (DirectoryStream<Path> records = Files.newDirectoryStream(layers)) {
            return !records.iterator().hasNext();
        } catch (IOException noDirectory) {
            return !Files.isDirectory(layers);
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * Whether the cache held no layer when it was opened: then no lookup can hit, and a build may skip
     * computing keys before it compresses (the key of what it built comes from its diff_id).
     */
    public boolean emptyAtStart() {
        return emptyAtStart;
    }

    /** Lookups that found a layer. */
    public int hits() {
        return hits.get();
    }

    /** Lookups that found nothing usable. */
    public int misses() {
        return misses.get();
    }

    /** The key of a layer whose uncompressed tar has {@code diffId}, compressed at {@code compressionLevel}. */
    public static Digest key(Digest diffId, int compressionLevel) {
        MessageDigest sha256 = Digest.newSha256();
        sha256.update((FORMAT + " level=" + compressionLevel + " diff_id=" + diffId).getBytes(StandardCharsets.UTF_8));
        return Digest.fromSha256(sha256.digest());
    }

    /** Looks {@code key} up; a hit is the layer with its file in the cache (nothing is copied). */
    public Optional<BuiltLayer> find(Digest key, String name) throws IOException {
        Optional<BuiltLayer> found = read(key, name);
        (found.isPresent() ? hits : misses).incrementAndGet();
        return found;
    }

    private Optional<BuiltLayer> read(Digest key, String name) throws IOException {
        Optional<List<String>> read = CacheRecord.read(record(key));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = read.get();
        if (lines.size() != 3) {
            return Optional.empty();
        }
        Optional<StoredLayer> stored = StoredLayer.parse(lines.get(0), lines.get(1), lines.get(2));
        return stored.isEmpty() ? Optional.empty() : blob(name, stored.get());
    }

    /** The layer {@code stored} describes, if the cache holds its blob file with its size (one stat). */
    Optional<BuiltLayer> blob(String name, StoredLayer stored) throws IOException {
        Path cached = blob(stored.digest());
        if (!holds(cached, stored.size())) {
            return Optional.empty();
        }
        return Optional.of(new BuiltLayer(name, stored.digest(), stored.size(), stored.diffId(), cached, true));
    }

    /** Remembers {@code layer} under the key of its diff_id and {@code compressionLevel}. */
    public void store(BuiltLayer layer, int compressionLevel) throws IOException {
        Digest key = key(layer.diffId(), compressionLevel);
        Path cached = blob(layer.digest());
        Files.createDirectories(cached.getParent());
        if (!holds(cached, layer.size())) {
            linkOrCopy(layer.file(), cached);
        }
        CacheRecord.write(record(key), StoredLayer.of(layer).fields());
    }

    /** Whether {@code blob} is a regular file of {@code size} bytes (one stat). */
    private static boolean holds(Path blob, long size) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(blob, BasicFileAttributes.class);
        } catch (NoSuchFileException absent) {
            return false;
        }
        return attributes.isRegularFile() && attributes.size() == size;
    }

    private Path record(Digest key) {
        return directory.resolve("layers").resolve(key.encoded());
    }

    private Path blob(Digest digest) {
        return directory.resolve("blobs").resolve(digest.encoded());
    }

    /** Makes {@code target} hold the bytes of {@code source}, atomically: a hard link, else a copy then a move. */
    private static void linkOrCopy(Path source, Path target) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + Thread.currentThread().getId()
                + "." + System.nanoTime() + ".tmp");
        try {
            try {
                Files.createLink(temporary, source);
            } catch (IOException | UnsupportedOperationException noHardLink) {
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException sameBlobFromAnotherBuild) {
            // same digest, same bytes
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
