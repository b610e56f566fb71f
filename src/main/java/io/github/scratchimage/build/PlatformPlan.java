package io.github.scratchimage.build;

import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.LayerSpec;
import java.util.List;

/** What to build for one platform: its layers (placeholders already resolved) and runtime config. */
public record PlatformPlan(Platform platform, List<LayerSpec> layers, RuntimeConfig runtime) {
    public PlatformPlan {
        layers = List.copyOf(layers);
    }
}
