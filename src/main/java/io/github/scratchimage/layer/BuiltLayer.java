package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.LayerFile;
import java.nio.file.Path;
import java.util.List;

/**
 * A layer written to disk as gzip tar, or found already compressed in a registry.
 *
 * @param name       the layer's name (from its spec)
 * @param digest     sha256 of the compressed bytes (the blob digest)
 * @param size       compressed size in bytes
 * @param diffId     sha256 of the uncompressed tar (goes into rootfs.diff_ids)
 * @param file       the compressed blob on disk; null for a layer reused from a registry
 * @param cached     whether it came from the layer cache instead of being compressed now
 * @param files      its regular files with their checksums, in tar order; null when not asked for
 *                   ({@link LayerOptions#fileChecksums}) or not known (a layer cached without them)
 * @param reusedFrom the image (a registry reference) whose layer of the same diff_id and compression
 *                   this build takes instead of compressing it; null when the layer is on disk
 */
public record BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached,
        List<LayerFile> files, String reusedFrom) {

    public BuiltLayer {
        files = files == null ? null : List.copyOf(files);
        if ((file == null) == (reusedFrom == null)) {
            throw new IllegalArgumentException("a layer is either on disk or reused from a registry");
        }
    }

    /** A layer on disk, without file checksums. */
    public BuiltLayer(String name, Digest digest, long size, Digest diffId, Path file, boolean cached) {
        this(name, digest, size, diffId, file, cached, null, null);
    }

    public BuiltLayer withFiles(List<LayerFile> newFiles) {
        return new BuiltLayer(name, digest, size, diffId, file, cached, newFiles, reusedFrom);
    }

    /**
     * A layer a registry holds already: neither compressed nor uploaded by this build; {@code files}
     * as for a layer on disk.
     */
    public static BuiltLayer reused(String name, Digest diffId, Digest digest, long size, String reusedFrom,
            List<LayerFile> files) {
        return new BuiltLayer(name, digest, size, diffId, null, false, files, reusedFrom);
    }

    public boolean reused() {
        return reusedFrom != null;
    }
}
