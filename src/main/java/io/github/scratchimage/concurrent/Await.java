package io.github.scratchimage.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for work done on another thread, and rethrows what it failed with as if it ran here. */
public final class Await {
    private Await() {
    }

    /**
     * The result of {@code work}, once done. Its unchecked exception or error is rethrown as it is,
     * any other wrapped in an {@link IllegalStateException}; an interrupt keeps the thread's interrupt
     * flag and ends in an {@link IllegalStateException} that says what was being waited for.
     *
     * @param activity what the work does, e.g. {@code "pushing"}, for the interrupt's message
     */
    public static <T> T result(Future<T> work, String activity) {
        try {
            return work.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + activity, e);
        }
    }
}
