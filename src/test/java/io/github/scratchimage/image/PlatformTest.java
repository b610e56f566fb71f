package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
        "linux/amd64, linux, amd64, ",
        "linux/x86_64, linux, amd64, ",
        "Linux/AARCH64, linux, arm64, ",
        "linux/arm64/v8, linux, arm64, v8",
        "linux/arm/7, linux, arm, v7",
        "linux/armhf, linux, arm, v7",
        "linux/i386, linux, 386, ",
        "linux/ppc64le, linux, ppc64le, ",
        "linux/s390x, linux, s390x, ",
        "linux/riscv64, linux, riscv64, ",
        "windows/amd64, windows, amd64, ",
    })
    void parsesAndNormalises(String value, String os, String arch, String variant) {
        Platform platform = Platform.parse(value, null);
        assertThat(platform.os()).isEqualTo(os);
        assertThat(platform.architecture()).isEqualTo(arch);
        assertThat(platform.variant()).isEqualTo(variant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "linux/pentium", "linux/arm64/v9/x", "beos/amd64", "linux/amd64/v9",
        "linux/s390x/v1", "", "/", "linux/"})
    void rejectsUnknownPlatforms(String value) {
        assertThatThrownBy(() -> Platform.parse(value, null))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.PLATFORM)
                .satisfies(e -> assertThat(((InvalidImageException) e).field()).isEqualTo(InvalidImageException.Field.PLATFORM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux/pentium", "linux/arm64/v9/x"})
    void errorSaysWhatIsExpected(String value) {
        assertThatThrownBy(() -> Platform.parse(value, null))
                .hasMessageContaining("'" + value + "'")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("expected os/architecture", "known:"));
    }

    @org.junit.jupiter.api.Test
    void keepsOsVersionAndPrintsWithoutIt() {
        Platform platform = Platform.parse("windows/amd64", "10.0.20348.1");
        assertThat(platform.osVersion()).isEqualTo("10.0.20348.1");
        assertThat(platform).hasToString("windows/amd64");
    }

    @Test
    void matchesComparesOsAndArchitectureAndTheVariantOnlyWhenAsked() {
        Platform armV8 = new Platform("linux", "arm64", "v8", null);
        assertThat(armV8.matches(new Platform("linux", "arm64", null, null))).isTrue();
        assertThat(armV8.matches(armV8.withOsVersion("6.1"))).isTrue();
        assertThat(new Platform("linux", "arm64", null, null).matches(armV8)).isFalse();
        assertThat(armV8.matches(Platform.linuxAmd64())).isFalse();
        assertThat(Platform.linuxAmd64().matches(new Platform("windows", "amd64", null, null))).isFalse();
    }
}
