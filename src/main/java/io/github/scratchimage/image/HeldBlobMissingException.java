package io.github.scratchimage.image;

/**
 * An output no longer holds a blob the build took as held ({@link Blob#held}): a layer reused from a
 * registry was deleted there between reading the image that named it and pushing. The engine then
 * builds the image again without reusing layers, and delivers once more.
 */
public final class HeldBlobMissingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeldBlobMissingException(String message) {
        super(message);
    }
}
