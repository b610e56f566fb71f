package io.github.scratchimage.registry;

import java.time.Duration;
import java.util.List;

/** A failure worth trying again: an IO error or a 408/429/5xx answer. */
final class RetryableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final transient List<String> registryErrors;
    private final transient Duration retryAfter;

    RetryableException(int statusCode, List<String> registryErrors, Duration retryAfter, String detail,
            Throwable cause) {
        super(detail, cause);
        this.statusCode = statusCode;
        this.registryErrors = List.copyOf(registryErrors);
        this.retryAfter = retryAfter;
    }

    int statusCode() {
        return statusCode;
    }

    List<String> registryErrors() {
        return registryErrors;
    }

    /** The wait the registry asked for, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
