package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Layers already built, keyed on the CONTENT of their inputs: every entry's path, type, mode,
 * owner, time and link target, and the SHA-256 of every file's bytes (never the mtime or size
 * alone), plus the compression level and the writer's format. A hit hands back the stored blob
 * without compressing anything. Layout: {@code layers/<key hex>} (digest, diff_id and size, one per
 * line) and {@code blobs/<digest hex>}; both are written under temporary names and moved into
 * place, so concurrent builds may share one directory. Thread-safe.
 */
public final class LayerCache {
    /** Changes whenever the tar or gzip bytes for the same input could change. */
    static final String FORMAT = "scratch-layer/1 tar=pax-utf8 gzip-block=" + ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE
            + " java=" + System.getProperty("java.vm.version");
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path directory;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    public LayerCache(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Lookups that found a layer. */
    public int hits() {
        return hits.get();
    }

    /** Lookups that found nothing usable. */
    public int misses() {
        return misses.get();
    }

    /** The key of a layer made of {@code entries}: reads and hashes every file. */
    public Digest key(List<LayerEntry> entries, int compressionLevel) throws IOException {
        KeyBuilder key = new KeyBuilder(compressionLevel, entries.size());
        byte[] buffer = new byte[BUFFER_SIZE];
        for (LayerEntry entry : entries) {
            byte[] content = null;
            if (entry.type() == LayerEntry.Type.FILE) {
                MessageDigest sha256 = Digest.newSha256();
                try (InputStream in = Files.newInputStream(entry.source())) {
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        sha256.update(buffer, 0, n);
                    }
                }
                content = sha256.digest();
            }
            key.add(entry, content);
        }
        return key.finish();
    }

    /** Accumulates a key from entries and the SHA-256 of each FILE's bytes, in entry order. */
    static final class KeyBuilder {
        private final MessageDigest sha256 = Digest.newSha256();

        KeyBuilder(int compressionLevel, int entryCount) {
            text(FORMAT);
            number(compressionLevel);
            number(entryCount);
        }

        void add(LayerEntry entry, byte[] contentSha256) {
            text(entry.path());
            text(entry.type().name());
            number(entry.mode());
            number(entry.uid());
            number(entry.gid());
            number(entry.mtime().getEpochSecond());
            text(entry.linkTarget() == null ? "" : entry.linkTarget());
            number(entry.size());
            if (entry.type() == LayerEntry.Type.FILE) {
                sha256.update(contentSha256);
            }
        }

        Digest finish() {
            return Digest.fromSha256(sha256.digest());
        }

        /** Length-prefixed, so no two different entry lists give the same byte sequence. */
        private void text(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            number(bytes.length);
            sha256.update(bytes);
        }

        private void number(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                sha256.update((byte) (value >>> shift));
            }
        }
    }

    /**
     * Looks {@code key} up; on a hit puts the blob at {@code blobDirectory/<digest hex>} (a hard
     * link where possible, else a copy) and returns the layer.
     */
    public Optional<BuiltLayer> find(Digest key, String name, Path blobDirectory) throws IOException {
        Optional<BuiltLayer> found = read(key, name, blobDirectory);
        (found.isPresent() ? hits : misses).incrementAndGet();
        return found;
    }

    private Optional<BuiltLayer> read(Digest key, String name, Path blobDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(record(key), StandardCharsets.UTF_8);
        } catch (NoSuchFileException notCached) {
            return Optional.empty();
        }
        if (lines.size() != 3) {
            return Optional.empty();
        }
        Digest digest;
        Digest diffId;
        long size;
        try {
            digest = Digest.parse(lines.get(0));
            diffId = Digest.parse(lines.get(1));
            size = Long.parseLong(lines.get(2));
        } catch (IllegalArgumentException damaged) {
            return Optional.empty();
        }
        Path cached = blob(digest);
        if (!Files.isRegularFile(cached) || Files.size(cached) != size) {
            return Optional.empty();
        }
        Files.createDirectories(blobDirectory);
        Path target = blobDirectory.resolve(digest.encoded());
        if (!Files.isRegularFile(target) || Files.size(target) != size) {
            linkOrCopy(cached, target);
        }
        return Optional.of(new BuiltLayer(name, digest, size, diffId, target, true));
    }

    /** Remembers {@code layer} under {@code key}. */
    public void store(Digest key, BuiltLayer layer) throws IOException {
        Path cached = blob(layer.digest());
        Files.createDirectories(cached.getParent());
        if (!Files.isRegularFile(cached) || Files.size(cached) != layer.size()) {
            linkOrCopy(layer.file(), cached);
        }
        Path record = record(key);
        Files.createDirectories(record.getParent());
        Path temporary = Files.createTempFile(record.getParent(), ".record-", ".tmp");
        try {
            Files.writeString(temporary, layer.digest() + "\n" + layer.diffId() + "\n" + layer.size() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
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
