package io.github.scratchimage.image;

/** Input that is not exactly one JSON value. The message gives the position, never the content. */
public class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedJsonException(String message) {
        super(message);
    }
}
