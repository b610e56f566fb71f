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
}
