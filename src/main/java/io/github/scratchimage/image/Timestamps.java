package io.github.scratchimage.image;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Parsing and writing of image timestamps (RFC 3339, whole seconds, UTC). The usual form,
 * {@code 2024-01-31T12:00:00Z}, is read and written by hand: the first use of
 * {@code java.time.format} in a fresh JVM (every Maven build) takes several milliseconds.
 */
public final class Timestamps {
    private Timestamps() {
    }

    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        if (time.getYear() < 0 || time.getYear() > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
        }
        char[] text = "0000-00-00T00:00:00Z".toCharArray();
        digits(text, 0, 4, time.getYear());
        digits(text, 5, 2, time.getMonthValue());
        digits(text, 8, 2, time.getDayOfMonth());
        digits(text, 11, 2, time.getHour());
        digits(text, 14, 2, time.getMinute());
        digits(text, 17, 2, time.getSecond());
        return new String(text);
    }

    /**
     * Parses an ISO-8601 instant or offset date-time, or a number of seconds since the epoch.
     * Sub-second parts are dropped: tar stores whole seconds.
     */
    public static Instant parse(String value, String parameter) {
        String v = value.trim();
        try {
            if (isInteger(v)) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            Instant utc = parseUtcSeconds(v);
            if (utc != null) {
                return utc;
            }
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeException | NumberFormatException e) {
            throw new InvalidImageException(parameter, "'" + value
                    + "' is not a time; write ISO-8601 like 2024-01-31T12:00:00Z or seconds since 1970 like 1706702400");
        }
    }

    /** {@code -?[0-9]+}. */
    private static boolean isInteger(String v) {
        int start = v.startsWith("-") ? 1 : 0;
        if (v.length() == start) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ} exactly; null for any other form (then {@code java.time.format}
     * reads it).
     *
     * @throws DateTimeException when a field is out of range, as the full parser would
     */
    private static Instant parseUtcSeconds(String v) {
        if (v.length() != 20 || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T'
                || v.charAt(13) != ':' || v.charAt(16) != ':' || v.charAt(19) != 'Z') {
            return null;
        }
        int[] fields = new int[6];
        int[] starts = {0, 5, 8, 11, 14, 17};
        for (int f = 0; f < fields.length; f++) {
            int length = f == 0 ? 4 : 2;
            for (int i = starts[f]; i < starts[f] + length; i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                fields[f] = fields[f] * 10 + (c - '0');
            }
        }
        return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
                .toInstant(ZoneOffset.UTC);
    }

    private static void digits(char[] text, int start, int length, int value) {
        for (int i = start + length - 1; i >= start; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
