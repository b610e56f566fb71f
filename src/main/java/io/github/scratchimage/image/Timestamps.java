package io.github.scratchimage.image;

import io.github.scratchimage.image.InvalidImageException.Field;
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
    /** The earliest time with a four-digit year; before it RFC 3339 has no form. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest time with a four-digit year; after it {@link #format} writes +10000-..., which skopeo and podman cannot read. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Timestamps() {
    }

    /** {@code instant} in whole seconds, UTC, e.g. {@code 2024-01-31T12:00:00Z}. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses an ISO-8601 offset date-time ({@code 2024-01-31T12:00:00Z}, {@code 2024-01-31T13:00:00+01:00})
     * or a whole number of seconds since the epoch. Sub-second parts are dropped: tar stores whole seconds.
     * The time must lie within {@link #EARLIEST} and {@link #LATEST}.
     *
     * @throws InvalidImageException when {@code value} is neither, or out of range
     */
    public static Instant parse(String value) {
        String v = value.trim();
        if (v.matches("-?[0-9]+")) {
            boolean tooLong = v.replaceFirst("^-?0*", "").length() > 12; // in range: at most 12 digits
            long seconds = tooLong ? 0 : Long.parseLong(v);
            if (tooLong || seconds < EARLIEST.getEpochSecond() || seconds > LATEST.getEpochSecond()) {
                throw outOfRange(value);
            }
            return Instant.ofEpochSecond(seconds);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeException e) {
            throw new InvalidImageException(Field.CREATION_TIME, "'" + value
                    + "' is not a time; write ISO-8601 like 2024-01-31T12:00:00Z or seconds since 1970 like 1706702400");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw outOfRange(value);
        }
        return instant;
    }

    private static InvalidImageException outOfRange(String value) {
        return new InvalidImageException(Field.CREATION_TIME, "'" + value + "' is outside the years 0000 to 9999, which an"
                + " image config can hold (skopeo and podman read four-digit years only); write a time from "
                + format(EARLIEST) + " to " + format(LATEST) + " (seconds since 1970: -62167219200 to "
                + LATEST.getEpochSecond() + ")");
    }
}
