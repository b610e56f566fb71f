package io.github.scratchimage.engine;

/**
 * A layer about to be written: not in the layer cache and not held by the sinks, so it is
 * compressed now. What a sink sees of it when asked for a {@link LayerStream}
 * ({@link ImageSink#layerStream}).
 *
 * @param name      the layer's name as the build log shows it
 * @param fileBytes the bytes of its regular files, before compression
 * @param largest   whether it is the build's layer with the most bytes of files (the first of equals)
 */
public record LayerToWrite(String name, long fileBytes, boolean largest) {
}
