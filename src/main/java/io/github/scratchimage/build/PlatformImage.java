package io.github.scratchimage.build;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Platform;
import java.util.List;

/**
 * The image built for one platform.
 *
 * @param platform the platform
 * @param layers   compressed layer blobs, in order (files on disk)
 * @param config   the image config blob (bytes)
 * @param manifest the manifest blob (bytes); its descriptor carries the platform
 */
public record PlatformImage(Platform platform, List<Blob> layers, Blob config, Blob manifest) {
    public PlatformImage {
        layers = List.copyOf(layers);
    }
}
