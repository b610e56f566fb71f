package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownParametersTest {
    private static final List<String> KNOWN = List.of("workingDirectory", "entrypoint", "environment", "image",
            "tags", "outputFile", "retries");

    @Test
    void aTypoIsRefusedWithTheClosestParameter() {
        assertThatThrownBy(() -> UnknownParameters.check(List.of("image", "workingDirectroy"), KNOWN))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("<workingDirectroy>: is not a parameter of scratch-maven-plugin; did you mean "
                        + "<workingDirectory>?");
        assertThatThrownBy(() -> UnknownParameters.check(List.of("Tag"), KNOWN)).hasMessageContaining("<tags>?");
    }

    @Test
    void aNameFarFromEveryParameterPointsToTheHelpGoal() {
        assertThatThrownBy(() -> UnknownParameters.check(List.of("baseImage"), KNOWN))
                .hasMessageContaining("<baseImage>: is not a parameter").hasMessageContaining("help -Ddetail")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void knownNamesPass() {
        UnknownParameters.check(KNOWN, KNOWN);
        assertThat(UnknownParameters.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(UnknownParameters.distance("retries", "retries")).isZero();
    }
}
