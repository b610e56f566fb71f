package io.github.scratchimage.layer;

import java.nio.file.Path;

/**
 * How layers are built.
 *
 * @param compressionLevel gzip level 0-9
 * @param threads          threads for compressing one large layer (1 = plain single-threaded gzip)
 * @param cacheDirectory   content-keyed layer cache, or null for none
 * @param cacheMaxBytes    after a build that added to the cache, the least recently used layers are
 *                         removed until its blobs take at most this many bytes (see {@link LayerCache#prune})
 * @param fileChecksums    hash every regular file's bytes (SHA-1 and SHA-256) while its layer is written,
 *                         and keep the list with the cached layer (for the SBOM; see {@link BuiltLayer#files})
 */
public record LayerOptions(int compressionLevel, int threads, Path cacheDirectory, long cacheMaxBytes,
        boolean fileChecksums) {
    public static final int DEFAULT_COMPRESSION_LEVEL = 6;
    /** 5 GiB. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 5L << 30;

    public LayerOptions {
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cacheMaxBytes must be 0 or more: " + cacheMaxBytes);
        }
    }

    /** Without file checksums. */
    public LayerOptions(int compressionLevel, int threads, Path cacheDirectory, long cacheMaxBytes) {
        this(compressionLevel, threads, cacheDirectory, cacheMaxBytes, false);
    }

    /** With the default cache size limit. */
    public LayerOptions(int compressionLevel, int threads, Path cacheDirectory) {
        this(compressionLevel, threads, cacheDirectory, DEFAULT_CACHE_MAX_BYTES);
    }

    public LayerOptions withFileChecksums(boolean checksums) {
        return new LayerOptions(compressionLevel, threads, cacheDirectory, cacheMaxBytes, checksums);
    }

    /**
     * The algorithm and level this build compresses layers with, e.g. {@code gzip-6}: recorded on
     * each layer of an OCI manifest ({@link io.github.scratchimage.image.KnownLayer#COMPRESSION}), so
     * that a later push reuses a layer from a registry only when it would compress it the same way.
     */
    public String compressionId() {
        return "gzip-" + compressionLevel;
    }

    public static LayerOptions defaults() {
        return new LayerOptions(DEFAULT_COMPRESSION_LEVEL, Runtime.getRuntime().availableProcessors(), null);
    }
}
