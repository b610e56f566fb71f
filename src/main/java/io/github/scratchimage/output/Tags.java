package io.github.scratchimage.output;

import io.github.scratchimage.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The tags an output carries: the reference's tag (or {@code latest}) first, then the extra tags, each once. */
final class Tags {
    private Tags() {
    }

    static List<String> of(ImageReference reference, List<String> extraTags) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(reference.tagOrLatest());
        if (extraTags != null) {
            for (String tag : extraTags) {
                tags.add(ImageReference.validateTag(tag, "tags"));
            }
        }
        return new ArrayList<>(tags);
    }

    /**
     * The fully qualified name, e.g. {@code docker.io/library/app:1.0}: containerd's image name, and
     * the docker-archive RepoTag (Docker reads both spellings; podman reads a short {@code example/app}
     * as {@code localhost/example/app}, so only the full one names the image the same in both).
     */
    static String fullName(ImageReference reference, String tag) {
        return reference.withTag(tag).toString();
    }
}
