package io.github.scratchimage.engine;

import io.github.scratchimage.check.PlatformCheckMode;
import io.github.scratchimage.image.ImageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs to build one image, for one or more platforms.
 *
 * @param format      OCI or Docker media types
 * @param created     the image's creation time, also used as every file's mtime
 * @param annotations manifest (and index) annotations, including org.opencontainers.image.created
 * @param platforms   one or more platforms; with more than one (or {@code alwaysIndex}) an index is built
 * @param alwaysIndex build an index even for one platform
 * @param platformCheck what to do when a binary's machine differs from its platform
 */
public record ImagePlan(ImageFormat format, Instant created, Map<String, String> annotations,
        List<PlatformPlan> platforms, boolean alwaysIndex, PlatformCheckMode platformCheck) {
    public ImagePlan {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        platformCheck = platformCheck == null ? PlatformCheckMode.FAIL : platformCheck;
        platforms = List.copyOf(platforms);
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("an image plan needs at least one platform");
        }
    }

    /** A plan with the default platform check ({@code fail}). */
    public ImagePlan(ImageFormat format, Instant created, Map<String, String> annotations,
            List<PlatformPlan> platforms, boolean alwaysIndex) {
        this(format, created, annotations, platforms, alwaysIndex, PlatformCheckMode.FAIL);
    }

    public boolean needsIndex() {
        return alwaysIndex || platforms.size() > 1;
    }
}
