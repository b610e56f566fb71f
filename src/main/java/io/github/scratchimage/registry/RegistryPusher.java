package io.github.scratchimage.registry;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.log.BuildLog;
import java.util.List;

/**
 * Pushes a built image to a registry: every blob first (skipping those the registry has, mounting
 * those pushed to another repository of the same registry in this build, uploading the rest in
 * parallel), then the platform manifests, then the manifest or index under each tag. A tag is only
 * written once everything it points at is in the registry. {@link #open} starts a push before the
 * image is built, so that uploads overlap with building.
 */
public final class RegistryPusher {
    private final RegistryOptions options;
    private final BuildLog log;

    public RegistryPusher(RegistryOptions options, BuildLog log) {
        this.options = options;
        this.log = log;
    }

    /**
     * Connects to the registry of {@code reference} and authenticates for a push to its repository
     * (its tag, or {@code latest}, and each of {@code extraTags}).
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushSession open(ImageReference reference, List<String> extraTags) {
        return new PushSession(options, log, reference, extraTags);
    }

    /**
     * Pushes {@code image} as {@code reference} (its tag, or {@code latest}) and as each of
     * {@code extraTags} in the same repository.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushResult push(BuiltImage image, ImageReference reference, List<String> extraTags) {
        try (PushSession session = open(reference, extraTags)) {
            return session.finish(image);
        }
    }
}
