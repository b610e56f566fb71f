package io.github.scratchimage.daemon;

import java.io.IOException;

/**
 * The container engine cannot be found or reached, or refused what it was asked: the message says
 * which engine (its socket and where that came from), what it answered, and what to do.
 */
public final class EngineException extends IOException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
