package io.github.scratchimage.image;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes of a blob's file do not match its descriptor: a cached layer changed after it was stored
 * (a disk fault, a tool that rewrote it). Found while the blob is streamed to an output, before the
 * output is complete; the engine then drops the file from the cache and builds the layer again.
 */
public final class BlobMismatchException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final transient Blob blob;

    public BlobMismatchException(Blob blob, String problem) {
        super(new IOException("blob " + blob.digest() + (blob.file() != null ? " (" + blob.file() + ")" : "")
                + " " + problem));
        this.blob = blob;
    }

    /** The blob whose file is damaged. */
    public Blob blob() {
        return blob;
    }

    @Override
    public String getMessage() {
        return getCause().getMessage();
    }
}
