package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.LayerFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Layers already built, keyed on the CONTENT of their inputs: the key is derived from the SHA-256 of
 * the layer's uncompressed tar (its diff_id), which holds every entry's path, type, mode, owner, time,
 * link target and every file's bytes (never the mtime or size alone), plus the compression level and
 * the writer's format. Finding the key reads every file once, without compressing anything. Layout:
 * {@code layers/<key hex>} (digest, diff_id and size, one per line) and {@code blobs/<digest hex>};
 * both are written under temporary names and moved into place, so concurrent builds may share one
 * directory. A blob's modification time tells when a build last used it (updated at most every
 * {@link #MARK_USED_AFTER_MILLIS}), which {@link #prune} removes the least recently used layers by.
 * Thread-safe.
 */
public final class LayerCache {
    /** Changes whenever the gzip bytes for the same tar could change. */
    public static final String FORMAT = "scratch-layer/2 gzip-block=" + ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE
            + " java=" + System.getProperty("java.vm.version");

    /** A blob a build uses gets a new modification time when its last one is older than this (10 minutes). */
    static final long MARK_USED_AFTER_MILLIS = 10 * 60_000L;
    /** {@link #prune} spares blobs used this recently (30 minutes): another build may still read them. */
    static final long SPARE_RECENT_MILLIS = 30 * 60_000L;

    private final Path directory;
    private final LongSupplier clock;
    private final AtomicInteger added = new AtomicInteger();
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
        this.clock = clock;
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
        Optional<StoredLayer> stored = CacheRecord.read(record(key)).flatMap(StoredLayer::parse);
        return stored.isEmpty() ? Optional.empty() : blob(name, stored.get());
    }

    /**
     * The layer {@code stored} describes, if the cache holds its blob file with its size (one stat);
     * the blob is marked used.
     */
    Optional<BuiltLayer> blob(String name, StoredLayer stored) throws IOException {
        Path cached = blob(stored.digest());
        BasicFileAttributes attributes = attributes(cached);
        if (!holds(attributes, stored.size())) {
            return Optional.empty();
        }
        markUsed(cached, attributes);
        return Optional.of(new BuiltLayer(name, stored.digest(), stored.size(), stored.diffId(), cached, true));
    }

    /** Whether a build stored a blob the cache did not hold since this cache was opened. */
    public boolean grew() {
        return added.get() > 0;
    }

    /** Remembers {@code layer} under the key of its diff_id and {@code compressionLevel}. */
    public void store(BuiltLayer layer, int compressionLevel) throws IOException {
        Digest key = key(layer.diffId(), compressionLevel);
        Path cached = blob(layer.digest());
        Files.createDirectories(cached.getParent());
        BasicFileAttributes attributes = attributes(cached);
        if (holds(attributes, layer.size())) {
            markUsed(cached, attributes);
        } else {
            linkOrCopy(layer.file(), cached);
            added.incrementAndGet();
        }
        if (layer.files() != null) {
            CacheRecord.write(filesRecord(layer.diffId()), FileListRecord.lines(layer.files()));
        }
        CacheRecord.write(record(key), StoredLayer.of(layer).fields());
    }

    /**
     * The regular files of the layer with {@code diffId} and their checksums, as stored with it
     * ({@code files/<diff_id hex>}); empty when the layer was stored without them.
     */
    Optional<List<LayerFile>> files(Digest diffId) throws IOException {
        return CacheRecord.read(filesRecord(diffId)).flatMap(FileListRecord::parse);
    }

    private Path filesRecord(Digest diffId) {
        return directory.resolve("files").resolve(diffId.encoded());
    }

    /** The file's attributes, or null when it does not exist. */
    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException absent) {
            return null;
        }
    }

    /** Whether a blob with these attributes (null: none) is a regular file of {@code size} bytes. */
    private static boolean holds(BasicFileAttributes attributes, long size) {
        return attributes != null && attributes.isRegularFile() && attributes.size() == size;
    }

    /** Gives the blob the current time, unless it got one less than {@link #MARK_USED_AFTER_MILLIS} ago. */
    private void markUsed(Path blob, BasicFileAttributes attributes) {
        long now = clock.getAsLong();
        if (now - attributes.lastModifiedTime().toMillis() > MARK_USED_AFTER_MILLIS) {
            try {
                Files.setLastModifiedTime(blob, FileTime.fromMillis(now));
            } catch (IOException readOnly) {
                // a cache that cannot be written to is still read; pruning then sees the blob as older
            }
        }
    }

    /** What {@link #prune} removed and what the blobs take afterwards. */
    public record Pruned(int layers, long bytes, long keptBytes) {
    }

    /**
     * Removes the least recently used layers until the blobs take at most {@code maxBytes}, sparing
     * {@code inUse} and every blob used in the last {@link #SPARE_RECENT_MILLIS} (so the cache may stay
     * above the limit for that long), then the layer records and layer-set records that point at a
     * removed blob, and the file-state records whose diff_id no remaining layer record has (they
     * would only save hashing files that must be read to build the layer again anyway). Nothing is
     * removed while the blobs fit.
     */
    public Pruned prune(long maxBytes, Set<Digest> inUse) throws IOException {
        record Entry(Path file, String hex, long size, long used) {
        }
        List<Entry> blobs = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve("blobs"))) {
            for (Path file : files) {
                String hex = file.getFileName().toString();
                BasicFileAttributes attributes = hex.startsWith(".") ? null : attributes(file);
                if (attributes != null && attributes.isRegularFile()) {
                    blobs.add(new Entry(file, hex, attributes.size(), attributes.lastModifiedTime().toMillis()));
                    total += attributes.size();
                }
            }
        } catch (NoSuchFileException noBlobs) {
            return new Pruned(0, 0, 0);
        }
        if (total <= maxBytes) {
            return new Pruned(0, 0, total);
        }
        Set<String> spared = new HashSet<>();
        inUse.forEach(digest -> spared.add(digest.encoded()));
        long recent = clock.getAsLong() - SPARE_RECENT_MILLIS;
        List<Entry> oldestFirst = blobs.stream()
                .filter(blob -> !spared.contains(blob.hex()) && blob.used() < recent)
                .sorted(Comparator.comparingLong(Entry::used).thenComparing(Entry::hex))
                .toList();
        Set<String> removed = new HashSet<>();
        long freed = 0;
        for (Entry blob : oldestFirst) {
            if (total - freed <= maxBytes) {
                break;
            }
            BasicFileAttributes now = attributes(blob.file());
            if (now == null) {
                freed += blob.size(); // removed by another build's prune
                continue;
            }
            if (now.lastModifiedTime().toMillis() >= recent) {
                continue; // just used by another build sharing the directory
            }
            Files.deleteIfExists(blob.file());
            removed.add(blob.hex());
            freed += blob.size();
        }
        if (!removed.isEmpty()) {
            Set<String> keptDiffIds = new HashSet<>();
            CacheRecord.deleteWhere(directory.resolve("layers"), lines -> {
                Optional<StoredLayer> stored = StoredLayer.parse(lines);
                if (stored.isPresent() && removed.contains(stored.get().digest().encoded())) {
                    return true;
                }
                stored.ifPresent(kept -> keptDiffIds.add(kept.diffId().toString()));
                return false;
            });
            sets.forget(removed);
            // A file state only saves hashing the files of a layer still cached: without the layer
            // its files are read (and hashed on the way) anyway. So the states go with their layers.
            CacheRecord.deleteWhere(directory.resolve("states"),
                    lines -> lines.size() != 1 || !keptDiffIds.contains(lines.get(0)));
            deleteFileLists(keptDiffIds);
        }
        return new Pruned(removed.size(), freed, total - freed);
    }

    /** Removes the file lists ({@code files/<diff_id hex>}) of layers no longer cached. */
    private void deleteFileLists(Set<String> keptDiffIds) throws IOException {
        Set<String> kept = new HashSet<>();
        keptDiffIds.forEach(diffId -> kept.add(diffId.substring(diffId.indexOf(':') + 1)));
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(directory.resolve("files"))) {
            for (Path list : lists) {
                String name = list.getFileName().toString();
                if (!name.startsWith(".") && !kept.contains(name)) {
                    Files.deleteIfExists(list);
                }
            }
        } catch (NoSuchFileException noLists) {
            // nothing to delete
        }
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
