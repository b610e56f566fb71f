package io.github.scratchimage.maven;

import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.image.ImageName;

/**
 * A checked configuration, ready to build: what the image is called and what the engine builds.
 *
 * @param name the image's repository and tags
 * @param plan what the engine builds
 */
public record PlannedImage(ImageName name, ImagePlan plan) {
}
