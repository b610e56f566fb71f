package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformPlaceholdersTest {

    private static LayerSpec layer(String source, String target) {
        return new LayerSpec("app", List.of(new FileSpec(Path.of(source), target, null, null, 0, 0, null, null,
                "layers/layer[1]/files/file[1]")), "layers/layer[1]");
    }

    @Test
    void replacesOsArchAndVariant() {
        LayerSpec resolved = PlatformPlaceholders.resolve(layer("/p/target/{os}-{arch}{variant}/app", "/app"),
                Platform.parse("linux/arm64/v8", null));
        assertThat(resolved.files().get(0).source()).isEqualTo(Path.of("/p/target/linux-arm64v8/app"));
        assertThat(resolved.files().get(0).target()).isEqualTo("/app");
    }

    @Test
    void missingVariantBecomesEmpty() {
        LayerSpec resolved = PlatformPlaceholders.resolve(layer("/p/{arch}/{variant}", "/app"), Platform.linuxAmd64());
        assertThat(resolved.files().get(0).source()).isEqualTo(Path.of("/p/amd64/"));
    }

    @Test
    void layerWithoutPlaceholdersIsEqualOnEveryPlatform() {
        LayerSpec spec = layer("/p/site", "/www");
        assertThat(PlatformPlaceholders.resolve(spec, Platform.linuxAmd64()))
                .isEqualTo(PlatformPlaceholders.resolve(spec, Platform.parse("linux/arm64", null)));
    }

    @Test
    void unknownPlaceholderIsAnError() {
        assertThatThrownBy(() -> PlatformPlaceholders.resolve(layer("/p/{cpu}/app", "/app"), Platform.linuxAmd64()))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.SOURCE).hasFieldOrPropertyWithValue("origin", "layers/layer[1]/files/file[1]")
                .hasMessageContaining("{cpu}").hasMessageContaining("{os}, {arch} and {variant}");
    }

    @Test
    void placeholderInTargetIsAnError() {
        assertThatThrownBy(() -> PlatformPlaceholders.resolve(layer("/p/{arch}/app", "/bin/{arch}/app"),
                Platform.linuxAmd64()))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.TARGET).hasFieldOrPropertyWithValue("origin", "layers/layer[1]/files/file[1]")
                .hasMessageContaining("{arch}");
    }
}
