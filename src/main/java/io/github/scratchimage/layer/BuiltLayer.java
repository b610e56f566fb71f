package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.LayerFile;
import java.nio.file.Path;
import java.util.List;

/**
 * A layer written to disk as gzip tar.
 *
 * @param name   the layer's name (from its spec)
 * @param digest sha256 of the compressed bytes (the blob digest)
 * @param size   compressed size in bytes
 * @param diffId sha256 of the uncompressed tar (goes into rootfs.diff_ids)
 * @param file   the compressed blob on disk
 * @param cached whether it came from the layer cache instead of being compressed now
 * @param files  its regular files with their checksums, in tar order; null when not asked for
 *               ({@link LayerOptions#fileChecksums}) or not known (a layer cached without them)
 */
public record BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached,
        List<LayerFile> files) {

    public BuiltLayer {
        files = files == null ? null : List.copyOf(files);
    }

    /** Without file checksums. */
    public BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached) {
        this(name, digest, size, diffId, file, cached, null);
    }

    public BuiltLayer withFiles(List<LayerFile> newFiles) {
        return new BuiltLayer(name, digest, size, diffId, file, cached, newFiles);
    }
}
