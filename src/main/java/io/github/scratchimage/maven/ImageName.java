package io.github.scratchimage.maven;

import io.github.scratchimage.image.ImageReference;
import java.util.List;

/**
 * What the image is called, checked before the rest of the configuration: enough for a goal to start
 * connecting to the registry while the image is planned and built.
 *
 * @param reference the image reference, always with a tag
 * @param extraTags more tags of the same repository, without the reference's own tag, no duplicates
 */
public record ImageName(ImageReference reference, List<String> extraTags) {
    public ImageName {
        extraTags = List.copyOf(extraTags);
    }
}
