package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.nio.file.Path;

/**
 * A layer written to disk as gzip tar.
 *
 * @param name   the layer's name (from its spec)
 * @param digest sha256 of the compressed bytes (the blob digest)
 * @param size   compressed size in bytes
 * @param diffId sha256 of the uncompressed tar (goes into rootfs.diff_ids)
 * @param file   the compressed blob on disk
 * @param cached whether it came from the layer cache instead of being compressed now
 */
public record BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached) {
}
