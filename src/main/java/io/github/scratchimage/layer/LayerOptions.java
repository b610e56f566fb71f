package io.github.scratchimage.layer;

import java.nio.file.Path;

/**
 * How layers are built.
 *
 * @param compressionLevel gzip level 0-9
 * @param threads          threads for compressing one large layer (1 = plain single-threaded gzip)
 * @param cacheDirectory   content-keyed layer cache, or null for none
 */
public record LayerOptions(int compressionLevel, int threads, Path cacheDirectory) {
    public static final int DEFAULT_COMPRESSION_LEVEL = 6;

    public static LayerOptions defaults() {
        return new LayerOptions(DEFAULT_COMPRESSION_LEVEL, Runtime.getRuntime().availableProcessors(), null);
    }
}
