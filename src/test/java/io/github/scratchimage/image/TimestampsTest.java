package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    @Test
    void parsesIsoAndEpochSeconds() {
        assertThat(Timestamps.parse("2024-01-31T12:00:00Z")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(Timestamps.parse("2024-01-31T13:00:00.75+01:00")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
        assertThat(Timestamps.parse("1706702400")).isEqualTo(Instant.ofEpochSecond(1706702400));
        assertThat(Timestamps.format(Instant.ofEpochSecond(0))).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> Timestamps.parse("yesterday"))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.CREATION_TIME)
                .hasMessageContaining("ISO-8601");
    }

    /** The exact text written into configs and annotations: whole seconds (cut, not rounded), UTC, Z. */
    @Test
    void writesWholeSecondsInUtc() {
        assertThat(Timestamps.format(Instant.parse("2024-01-31T12:00:00.999999999Z"))).isEqualTo("2024-01-31T12:00:00Z");
        assertThat(Timestamps.format(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("1969-12-31T23:59:59Z");
        assertThat(Timestamps.format(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00Z");
        assertThat(Timestamps.format(Instant.parse("9999-12-31T23:59:59Z"))).isEqualTo("9999-12-31T23:59:59Z");
        assertThat(Timestamps.format(Instant.parse("+12024-01-31T12:00:00Z"))).isEqualTo("+12024-01-31T12:00:00Z");
        assertThat(Timestamps.format(Instant.parse("-0001-01-01T00:00:00Z"))).isEqualTo("-0001-01-01T00:00:00Z");
    }

    @ParameterizedTest
    @CsvSource({
        "2024-01-31T12:00:00Z,           2024-01-31T12:00:00Z",
        "' 2024-01-31T12:00:00Z ',       2024-01-31T12:00:00Z",
        "2024-01-31t12:00:00z,           2024-01-31T12:00:00Z",
        "2024-01-31T12:00Z,              2024-01-31T12:00:00Z",
        "2024-01-31T12:00:00.123456789Z, 2024-01-31T12:00:00Z",
        "2024-01-31T12:00:00+01:00,      2024-01-31T11:00:00Z",
        "2024-01-31T12:00:00-00:00,      2024-01-31T12:00:00Z",
        "2024-01-31T12:00:00+00,         2024-01-31T12:00:00Z",
        "2024-02-29T12:00:00Z,           2024-02-29T12:00:00Z",
        "0000-01-01T00:00:00Z,           0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z,       9999-12-31T23:59:59Z",
        "+10000-01-01T00:59:59+01:00,    9999-12-31T23:59:59Z",
        "253402300799,                   9999-12-31T23:59:59Z",
        "-62167219200,                   0000-01-01T00:00:00Z",
        "1706702400,                     2024-01-31T12:00:00Z",
        "0017,                           1970-01-01T00:00:17Z",
        "-5,                             1969-12-31T23:59:55Z",
    })
    void acceptsIsoOffsetDateTimesAndEpochSeconds(String value, String written) {
        Instant parsed = Timestamps.parse(value);
        assertThat(Timestamps.format(parsed)).isEqualTo(written);
        assertThat(Timestamps.parse(written)).isEqualTo(parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-31T12:00:00", "2024-01-31", "2024-01-31 12:00:00Z", "2024-1-31T12:00:00Z",
        "12024-01-31T12:00:00Z", "2024-01-31T12:00:00+0100", "2024-01-31T12:00:00+19:00", "2024-01-31T12:00:00,5Z",
        "2024-01-31T23:59:60Z", "2023-02-29T12:00:00Z", "\u0662\u0660\u0662\u0664-01-31T12:00:00Z", "\u0661\u0662\u0663",
        "+5", "--5", "99999999999999999999", " "})
    void rejectsOtherForms(String value) {
        assertThatThrownBy(() -> Timestamps.parse(value))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.CREATION_TIME);
    }

    /**
     * RFC 3339 has four-digit years: a later time is written +10000-..., which skopeo and podman
     * cannot read, an earlier one -0001-....
     */
    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "+12024-01-31T12:00:00Z", "9999-12-31T23:59:59-00:01",
        "253402300800", "999999999999", "-0001-12-31T23:59:59Z", "0000-01-01T00:00:00+00:01", "-62167219201",
        "-99999999999"})
    void rejectsTimesOutsideTheYears0000To9999(String value) {
        assertThatThrownBy(() -> Timestamps.parse(value))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.CREATION_TIME)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("0000-01-01T00:00:00Z").hasMessageContaining("9999-12-31T23:59:59Z");
    }

    @Test
    void fieldsOutOfRangeAreRejected() {
        for (String bad : new String[] {"2024-02-30T12:00:00Z", "2024-13-01T12:00:00Z", "2024-01-31T24:00:00Z",
                "2024-01-31T12:60:00Z", "2024-01-31T12:00:60Z", "2024-01-3xT12:00:00Z", "-", ""}) {
            assertThatThrownBy(() -> Timestamps.parse(bad)).as(bad)
                    .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.CREATION_TIME);
        }
        assertThat(Timestamps.parse("-5")).isEqualTo(Instant.ofEpochSecond(-5));
    }
}
