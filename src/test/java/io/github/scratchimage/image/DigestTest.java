package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String HEX64 = "0123456789abcdef".repeat(4);

    @Test
    void parsesSha256AndSha512AndComputesSha256() {
        assertThat(Digest.parse("sha256:" + HEX64).hex()).isEqualTo(HEX64);
        assertThat(Digest.parse("sha512:" + HEX64 + HEX64).algorithm()).isEqualTo("sha512");
        assertThat(Digest.sha256("")).hasToString(
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void digestsAreEqualByAlgorithmAndHexAsValuesInMapsAndSets() {
        Digest digest = Digest.parse("sha256:" + HEX64);
        assertThat(Digest.parse("sha256:" + HEX64)).isEqualTo(digest).hasSameHashCodeAs(digest);
        assertThat(Digest.parse("sha256:" + HEX64.replace('0', '1'))).isNotEqualTo(digest);
        assertThat(Digest.parse("sha512:" + HEX64 + HEX64)).isNotEqualTo(Digest.parse("sha512:" + HEX64.replace('0', '1') + HEX64));
        assertThat(digest).isNotEqualTo("sha256:" + HEX64);
        assertThat(java.util.Set.of(digest, Digest.sha256(""))).contains(new Digest("sha256", HEX64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:" + "0123456789ABCDEF" + "0123456789abcdef0123456789abcdef0123456789abcdef",
        "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
        "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
        "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
        "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde٣",
        "sha512:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "md5:0123456789abcdef0123456789abcdef", "sha256", ":" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void rejectsWhatIsNotLowercaseHexOfTheAlgorithmsLength(String value) {
        assertThatThrownBy(() -> Digest.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid digest");
    }
}
