package io.github.scratchimage.layer;

import io.github.scratchimage.image.Compression;
import java.nio.file.Path;

/**
 * How layers are built.
 *
 * @param compression      gzip, zstd or none
 * @param compressionLevel a level {@code compression} accepts (see {@link Compression#acceptsLevel})
 * @param threads          threads for compressing one large layer (1 = on the building thread alone)
 * @param cacheDirectory   content-keyed layer cache, or null for none
 * @param cacheMaxBytes    after a build that added to the cache, the least recently used layers are
 *                         removed until its blobs take at most this many bytes (see {@link LayerCache#prune})
 * @param fileChecksums    hash every regular file's bytes (SHA-1 and SHA-256) while its layer is written,
 *                         and keep the list with the cached layer (for the SBOM; see {@link BuiltLayer#files})
 */
public record LayerOptions(Compression compression, int compressionLevel, int threads, Path cacheDirectory,
        long cacheMaxBytes, boolean fileChecksums) {
    /** gzip's default level. */
    public static final int DEFAULT_COMPRESSION_LEVEL = 6;
    /** 5 GiB. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 5L << 30;

    public LayerOptions {
        if (compression == null) {
            throw new IllegalArgumentException("compression is required");
        }
        if (!compression.acceptsLevel(compressionLevel)) {
            throw new IllegalArgumentException(compression.id() + " level must be " + compression.minLevel() + "-"
                    + compression.maxLevel() + ": " + compressionLevel);
        }
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be 0 or more: " + cacheMaxBytes);
        }
    }

    /** Without file checksums. */
    public LayerOptions(Compression compression, int compressionLevel, int threads, Path cacheDirectory,
            long cacheMaxBytes) {
        this(compression, compressionLevel, threads, cacheDirectory, cacheMaxBytes, false);
    }

    /** gzip at {@code compressionLevel}. */
    public LayerOptions(int compressionLevel, int threads, Path cacheDirectory, long cacheMaxBytes,
            boolean fileChecksums) {
        this(Compression.GZIP, compressionLevel, threads, cacheDirectory, cacheMaxBytes, fileChecksums);
    }

    /** gzip at {@code compressionLevel}, without file checksums. */
    public LayerOptions(int compressionLevel, int threads, Path cacheDirectory, long cacheMaxBytes) {
        this(compressionLevel, threads, cacheDirectory, cacheMaxBytes, false);
    }

    /** gzip at {@code compressionLevel}, with the default cache size limit. */
    public LayerOptions(int compressionLevel, int threads, Path cacheDirectory) {
        this(compressionLevel, threads, cacheDirectory, DEFAULT_CACHE_MAX_BYTES);
    }

    public LayerOptions withFileChecksums(boolean checksums) {
        return new LayerOptions(compression, compressionLevel, threads, cacheDirectory, cacheMaxBytes, checksums);
    }

    /**
     * The algorithm and level this build compresses layers with: {@code gzip-6}, {@code zstd-3},
     * {@code none}. Part of the layer cache key and of the delivery record, and recorded on each layer
     * of an OCI manifest ({@link io.github.scratchimage.image.KnownLayer#COMPRESSION}), so that a layer
     * is reused (from the cache or a registry) only when it was compressed the same way.
     */
    public String compressionId() {
        return compression.id(compressionLevel);
    }

    public static LayerOptions defaults() {
        return new LayerOptions(DEFAULT_COMPRESSION_LEVEL, Runtime.getRuntime().availableProcessors(), null);
    }
}
