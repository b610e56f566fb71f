package io.github.scratchimage.image;

import java.util.List;

/**
 * The image built for one platform.
 *
 * @param platform the platform
 * @param layers   compressed layer blobs, in order (files on disk)
 * @param config   the image config blob (bytes)
 * @param manifest the manifest blob (bytes); its descriptor carries the platform
 * @param diffIds  the SHA-256 of each layer's uncompressed tar, in layer order (as in the config)
 */
public record PlatformImage(Platform platform, List<Blob> layers, Blob config, Blob manifest, List<Digest> diffIds) {
    public PlatformImage {
        layers = List.copyOf(layers);
        diffIds = List.copyOf(diffIds);
        if (diffIds.size() != layers.size()) {
            throw new IllegalArgumentException(layers.size() + " layers but " + diffIds.size() + " diff_ids");
        }
    }
}
