package io.github.scratchimage.engine;

import io.github.scratchimage.image.Blob;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Takes the compressed bytes of one layer while it is being written (see
 * {@link ImageSink#layerStream}), so that a sink which writes every layer into one stream (a
 * tarball) does not copy the biggest one after the build, when nothing else runs beside the copy.
 */
public interface LayerStream {

    /**
     * Receives the layer's bytes in order, from the thread that compresses it; asked once, before the
     * first byte. The engine does not close it.
     */
    OutputStream bytes() throws IOException;

    /**
     * Every byte of {@code layer} went to {@link #bytes}. Not called when the layer was not written:
     * it came from the cache or from what the sinks hold, or its build failed.
     */
    void written(Blob layer);
}
