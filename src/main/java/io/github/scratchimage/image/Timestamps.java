package io.github.scratchimage.image;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Parsing and writing of image timestamps (RFC 3339, whole seconds, UTC). */
public final class Timestamps {
    private Timestamps() {
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses an ISO-8601 instant or offset date-time, or a number of seconds since the epoch.
     * Sub-second parts are dropped: tar stores whole seconds.
     */
    public static Instant parse(String value, String parameter) {
        String v = value.trim();
        try {
            if (v.matches("-?[0-9]+")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidImageException(parameter, "'" + value
                    + "' is not a time; write ISO-8601 like 2024-01-31T12:00:00Z or seconds since 1970 like 1706702400");
        }
    }
}
