package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.nio.file.Path;

/**
 * A layer written to disk as gzip tar, or found already compressed in a registry.
 *
 * @param name       the layer's name (from its spec)
 * @param digest     sha256 of the compressed bytes (the blob digest)
 * @param size       compressed size in bytes
 * @param diffId     sha256 of the uncompressed tar (goes into rootfs.diff_ids)
 * @param file       the compressed blob on disk; null for a layer reused from a registry
 * @param cached     whether it came from the layer cache instead of being compressed now
 * @param reusedFrom the image (a registry reference) whose layer of the same diff_id and compression
 *                   this build takes instead of compressing it; null when the layer is on disk
 */
public record BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached,
        String reusedFrom) {

    public BuiltLayer {
        if ((file == null) == (reusedFrom == null)) {
            throw new IllegalArgumentException("a layer is either on disk or reused from a registry");
        }
    }

    /** A layer on disk. */
    public BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached) {
        this(name, digest, size, diffId, file, cached, null);
    }

    /** A layer a registry holds already: neither compressed nor uploaded by this build. */
    public static BuiltLayer reused(String name, Digest diffId, Digest digest, long size, String reusedFrom) {
        return new BuiltLayer(name, digest, size, diffId, null, false, reusedFrom);
    }

    public boolean reused() {
        return reusedFrom != null;
    }
}
