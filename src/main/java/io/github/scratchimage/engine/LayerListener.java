package io.github.scratchimage.engine;

import io.github.scratchimage.image.Blob;

/**
 * Told about each layer as soon as it is on disk, while other layers are still being built, so a
 * push can start uploading it. Called from the building threads; must be thread-safe and quick.
 */
@FunctionalInterface
public interface LayerListener {
    /**
     * @param layer     the compressed layer blob (a file)
     * @param fromCache whether it came unchanged from the layer cache (then it was probably pushed before)
     */
    void layerReady(Blob layer, boolean fromCache);

    LayerListener NONE = (layer, fromCache) -> {
    };
}
