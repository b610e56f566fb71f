package io.github.scratchimage.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdditionalImagesTest {
    private static final ImageName MAIN = ImageName.of(ImageReference.parse("ghcr.io/org/app:1.0"),
            List.of("latest"));

    private static List<String> names(String... values) {
        return AdditionalImages.names(MAIN, Arrays.asList(values)).stream().map(ImageName::toString).toList();
    }

    @Test
    void noneLeavesTheImageAlone() {
        assertThat(AdditionalImages.names(MAIN, null)).containsExactly(MAIN);
        assertThat(names("", " , ")).containsExactly("ghcr.io/org/app:1.0,latest");
    }

    @Test
    void aReferenceWithoutATagTakesTheImagesTagsAndOneWithATagOnlyThatTag() {
        assertThat(names("registry.example:5000/team/app", "quay.io/org/app:stable"))
                .containsExactly("ghcr.io/org/app:1.0,latest", "registry.example:5000/team/app:1.0,latest",
                        "quay.io/org/app:stable");
    }

    @Test
    void referencesToOneRepositoryAreMergedAndTheImagesOwnRepositoryGetsTheirTags() {
        assertThat(names("quay.io/org/app:a, quay.io/org/app:b,ghcr.io/org/app:extra", "quay.io/org/app:a"))
                .containsExactly("ghcr.io/org/app:1.0,latest,extra", "quay.io/org/app:a,b");
        assertThat(names("app:x").get(1)).as("no registry: Docker Hub").isEqualTo("docker.io/library/app:x");
    }

    @Test
    void aDigestOrABadReferenceFailsNamingTheParameter() {
        assertThatThrownBy(() -> names("quay.io/org/app@sha256:" + "a".repeat(64)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("additionalImages")
                .hasMessageContaining("names a digest");
        assertThatThrownBy(() -> names("quay.io/Org/App")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("additionalImages");
    }
}
