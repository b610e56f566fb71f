package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void parsesIsoAndEpochSeconds() {
        assertThat(Timestamps.parse("2024-01-31T12:00:00Z", "creationTime")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(Timestamps.parse("2024-01-31T13:00:00.75+01:00", "creationTime")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(Timestamps.parse("1706702400", "creationTime")).isEqualTo(Instant.ofEpochSecond(1706702400));
        assertThat(Timestamps.format(Instant.ofEpochSecond(0))).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> Timestamps.parse("yesterday", "creationTime"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("<creationTime>")
                .hasMessageContaining("ISO-8601");
    }

    /** The hand-written forms agree with java.time.format's, over years 0 to 9999 and beyond. */
    @Test
    void handWrittenFormsAgreeWithJavaTime() {
        java.util.Random random = new java.util.Random(42);
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            String expected = java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                    instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertThat(Timestamps.format(instant)).isEqualTo(expected);
            assertThat(Timestamps.parse(expected, "creationTime"))
                    .isEqualTo(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        Instant far = Instant.parse("+12024-01-31T12:00:00Z");
        assertThat(Timestamps.format(far)).isEqualTo("+12024-01-31T12:00:00Z");
        assertThat(Timestamps.format(Instant.parse("-0001-01-01T00:00:00Z"))).isEqualTo("-0001-01-01T00:00:00Z");
    }

    @Test
    void fieldsOutOfRangeAreRejectedInTheUsualFormToo() {
        for (String bad : new String[] {"2024-02-30T12:00:00Z", "2024-13-01T12:00:00Z", "2024-01-31T24:00:00Z",
                "2024-01-31T12:60:00Z", "2024-01-31T12:00:60Z", "2024-01-3xT12:00:00Z", "-", ""}) {
            assertThatThrownBy(() -> Timestamps.parse(bad, "creationTime")).as(bad)
                    .isInstanceOf(InvalidImageException.class).hasMessageStartingWith("<creationTime>");
        }
        assertThat(Timestamps.parse("-5", "creationTime")).isEqualTo(Instant.ofEpochSecond(-5));
    }
}
