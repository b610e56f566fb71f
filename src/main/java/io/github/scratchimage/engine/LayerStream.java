package io.github.scratchimage.engine;

import io.github.scratchimage.image.Blob;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Takes the compressed bytes of one layer while it is being written (see
 * {@link ImageSink#layerStream}): a sink which writes every layer into one stream (a tarball) then
 * does not copy the biggest one after the build, when nothing else runs beside the copy, and a
 * registry sends a large layer while it is compressed instead of after.
 */
public interface LayerStream {

    /**
     * Receives the layer's bytes in order, from the thread that compresses it; asked once, right
     * before the first byte. The engine does not close it.
     */
    OutputStream bytes() throws IOException;

    /**
     * Every byte of {@code layer} went to {@link #bytes}. Called from the thread that wrote it, as
     * soon as it is written and before any sink hears that it is {@linkplain ImageSink#layerReady
     * ready}. Not called when its build failed.
     */
    void written(Blob layer);
}
