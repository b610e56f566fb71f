package io.github.scratchimage.image;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Image timestamps: written as RFC 3339 in UTC with whole seconds ({@code 2024-01-31T12:00:00Z}),
 * read from the forms a POM or the environment gives.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** {@code instant} in whole seconds, UTC, e.g. {@code 2024-01-31T12:00:00Z}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses an ISO-8601 offset date-time ({@code 2024-01-31T12:00:00Z}, {@code 2024-01-31T13:00:00+01:00})
     * or a whole number of seconds since the epoch. Sub-second parts are dropped: tar stores whole seconds.
     *
     * @param parameter names the setting in the error message
     * @throws InvalidImageException when {@code value} is neither
     */
    public static Instant parse(String value, String parameter) {
        String v = value.trim();
        try {
            if (v.matches("-?[0-9]+")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeException | NumberFormatException e) {
            throw new InvalidImageException(parameter, "'" + value
                    + "' is not a time; write ISO-8601 like 2024-01-31T12:00:00Z or seconds since 1970 like 1706702400");
        }
    }
}
