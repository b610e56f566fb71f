package io.github.scratchimage.image;

import io.github.scratchimage.image.InvalidImageException.Field;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an image is called: its registry and repository, and every tag it goes by. The first tag is
 * the reference's own ({@code latest} when it has none); each tag appears once.
 *
 * @param reference the registry, repository and first tag
 * @param tags      every tag, the reference's first
 */
public record ImageName(ImageReference reference, List<String> tags) {
    public ImageName {
        tags = List.copyOf(tags);
        if (tags.isEmpty() || !tags.get(0).equals(reference.tagOrLatest())) {
            throw new IllegalArgumentException("the first tag must be the reference's own: " + reference);
        }
    }

    /** The reference's tag (or {@code latest}), then each of {@code extraTags} not already there, each checked once here. */
    public static ImageName of(ImageReference reference, List<String> extraTags) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(reference.tagOrLatest());
        for (String tag : extraTags == null ? List.<String>of() : extraTags) {
            tags.add(ImageReference.validateTag(tag));
        }
        return new ImageName(reference, new ArrayList<>(tags));
    }

    /** {@code registry/repository}, e.g. {@code ghcr.io/org/app}. */
    public String repository() {
        return reference.registry() + "/" + reference.repository();
    }

    /** The fully qualified name with {@code tag}, e.g. {@code docker.io/library/app:1.0}. */
    public String fullName(String tag) {
        return reference.withTag(tag).toString();
    }

    /** The reference of each tag, pinned to {@code digest}. */
    public List<ImageReference> pinned(Digest digest) {
        return tags.stream().map(tag -> new ImageReference(reference.registry(), reference.repository(), tag, digest))
                .toList();
    }

    @Override
    public String toString() {
        return repository() + ":" + String.join(",", tags);
    }
}
