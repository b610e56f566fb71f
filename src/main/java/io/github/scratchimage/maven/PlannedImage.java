package io.github.scratchimage.maven;

import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.image.ImageReference;
import java.util.List;

/**
 * A checked configuration, ready to build: where the image is named and what the engine builds.
 *
 * @param reference the image reference, always with a tag
 * @param extraTags more tags of the same repository, without the reference's own tag, no duplicates
 * @param plan      what the engine builds
 */
public record PlannedImage(ImageReference reference, List<String> extraTags, ImagePlan plan) {
    public PlannedImage {
        extraTags = List.copyOf(extraTags);
    }

    /** The reference's tag followed by the extra tags. */
    public List<String> allTags() {
        List<String> all = new java.util.ArrayList<>();
        all.add(reference.tag());
        all.addAll(extraTags);
        return all;
    }
}
