package io.github.scratchimage.maven;

import io.github.scratchimage.image.ImageReference;
import java.util.List;

/**
 * Where an image goes: its reference, always with a tag, and more tags of the same repository.
 * Checked before the rest of the plan, so that a push can start connecting while the files are
 * resolved.
 *
 * @param extraTags more tags, without the reference's own tag, no duplicates
 */
public record ImageTarget(ImageReference reference, List<String> extraTags) {
    public ImageTarget {
        extraTags = List.copyOf(extraTags);
    }
}
