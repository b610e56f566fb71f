package io.github.scratchimage.registry;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.log.BuildLog;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Pushes a built image to a registry: every blob first (skipping those the registry has, mounting
 * those pushed to another repository of the same registry in this run, uploading the rest in
 * parallel), then the platform manifests, then the manifest or index under each tag. A tag is only
 * written once everything it points at is in the registry. {@link #open} starts a push before the
 * image is built, so that uploads overlap with building.
 */
public final class RegistryPusher {
    private final RegistryOptions options;
    private final BuildLog log;
    private final MountSources mountSources;

    /** A pusher whose pushes mount only from each other (a run of its own). */
    public RegistryPusher(RegistryOptions options, BuildLog log) {
        this(options, log, new MountSources());
    }

    /** @param mountSources the run's: its pushes to one registry upload a blob once and mount it elsewhere */
    public RegistryPusher(RegistryOptions options, BuildLog log, MountSources mountSources) {
        this.options = options;
        this.log = log;
        this.mountSources = mountSources;
    }

    /**
     * Connects to the registry of {@code name} and authenticates for a push to its repository.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushSession open(ImageName name) {
        return open(name, () -> sent -> { });
    }

    /**
     * As {@link #open(ImageName)}; each upload gets a consumer from {@code uploads} that hears its
     * running count of bytes sent.
     */
    public PushSession open(ImageName name, Supplier<LongConsumer> uploads) {
        return open(name, List.of(), uploads);
    }

    /**
     * As {@link #open(ImageName, Supplier)}, also allowed to read (and mount from) the repositories
     * of {@code cacheFrom}, images of the same registry whose layers the build may reuse.
     */
    public PushSession open(ImageName name, List<ImageReference> cacheFrom, Supplier<LongConsumer> uploads) {
        return new PushSession(options, log, name, cacheFrom, mountSources, uploads);
    }

    /**
     * Pushes {@code image} under every tag of {@code name}.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushResult push(BuiltImage image, ImageName name) {
        try (PushSession session = open(name)) {
            return session.finish(image);
        }
    }
}
