package io.github.scratchimage.engine;

import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.LayerSpec;
import java.util.List;

/**
 * What to build for one platform: its layers, in order (common ones first; {@code {os}}, {@code {arch}},
 * {@code {variant}} in sources are replaced by the builder), and its runtime config.
 */
public record PlatformPlan(Platform platform, List<LayerSpec> layers, RuntimeConfig runtime) {
    public PlatformPlan {
        layers = List.copyOf(layers);
    }
}
