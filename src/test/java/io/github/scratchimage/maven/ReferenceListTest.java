package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.ImageReference;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceListTest {

    @Test
    void eachEntryMayListSeveralReferencesAndBlankOnesAreSkipped() {
        List<ImageReference> references = ReferenceList.parse("cacheFrom",
                Arrays.asList("ghcr.io/org/app:1.0", " quay.io/org/app , ,app:x", "", null, " "));

        assertThat(references).extracting(ImageReference::toString).containsExactly("ghcr.io/org/app:1.0",
                "quay.io/org/app", "docker.io/library/app:x");
        assertThat(ReferenceList.parse("cacheFrom", null)).isEmpty();
    }

    @Test
    void aBadReferenceFailsNamingTheParameterItCameFrom() {
        for (String parameter : List.of("cacheFrom", "additionalImages")) {
            assertThatThrownBy(() -> ReferenceList.parse(parameter, List.of("ghcr.io/org/app:1.0,Not A Reference")))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageStartingWith("<" + parameter + ">: ")
                    .hasMessageContaining("Not A Reference")
                    .extracting(e -> ((InvalidParameterException) e).parameter()).isEqualTo(parameter);
        }
    }
}
