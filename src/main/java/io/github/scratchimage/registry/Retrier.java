package io.github.scratchimage.registry;

import io.github.scratchimage.log.BuildLog;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs an operation, and runs it again after a {@link RetryableException}: exponential backoff with
 * jitter, or the registry's {@code Retry-After}, at most {@code retries} more times.
 */
final class Retrier {
    static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 500, 502, 503, 504);
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** One try of an operation. */
    interface Attempt<T> {
        T run() throws RetryableException;
    }

    private final String registry;
    private final int retries;
    private final Duration initialBackoff;
    private final BuildLog log;

    Retrier(String registry, int retries, Duration initialBackoff, BuildLog log) {
        this.registry = registry;
        this.retries = retries;
        this.initialBackoff = initialBackoff;
        this.log = log;
    }

    <T> T run(String operation, Attempt<T> attempt) {
        for (int failures = 0;; failures++) {
            try {
                return attempt.run();
            } catch (RetryableException e) {
                String what = e.statusCode() > 0 ? "HTTP " + e.statusCode() : Responses.oneLine(e.getMessage());
                if (failures >= retries) {
                    throw new RegistryException(registry, operation, e.statusCode(), e.registryErrors(),
                            "gave up after " + (failures + 1) + " attempts" + (e.statusCode() > 0 ? "" : ": " + what),
                            e);
                }
                Duration wait = waitBefore(failures, e.retryAfter());
                log.warn(registry + ": " + operation + " failed (" + what + "); retrying in "
                        + wait.toMillis() + " ms (" + (failures + 1) + " of " + retries + " retries)");
                sleep(wait);
            }
        }
    }

    /** initialBackoff * 2^failures with up to 50% jitter taken off, or Retry-After when given; capped. */
    Duration waitBefore(int failures, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : retryAfter;
        }
        double exponential = initialBackoff.toMillis() * Math.pow(2, Math.min(failures, 16));
        double jittered = exponential * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(jittered, MAX_WAIT.toMillis()));
    }

    /** Parses {@code Retry-After}: seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
