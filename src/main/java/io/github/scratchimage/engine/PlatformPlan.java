package io.github.scratchimage.engine;

import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.LayerSpec;
import java.util.List;
import java.util.Objects;

/**
 * What to build for one platform: its layers, in order (common ones first; {@code {os}}, {@code {arch}},
 * {@code {variant}} in sources are replaced by the builder), and its runtime config.
 */
public record PlatformPlan(Platform platform, List<LayerSpec> layers, RuntimeConfig runtime) {
    public PlatformPlan {
        layers = List.copyOf(layers);
    }

    // equals and hashCode are written out: the generated ones link through method handles on first
    // use, which spins classes and costs milliseconds in every fresh Maven JVM.
    @Override
    public boolean equals(Object other) {
        return other instanceof PlatformPlan that && Objects.equals(platform, that.platform)
                && Objects.equals(layers, that.layers) && Objects.equals(runtime, that.runtime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(platform, layers, runtime);
    }
}
