package io.github.scratchimage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io, library/busybox, , registry-1.docker.io",
        "example/app:1.0, docker.io, example/app, 1.0, registry-1.docker.io",
        "ghcr.io/org/app:v1.2.3, ghcr.io, org/app, v1.2.3, ghcr.io",
        "localhost/app, localhost, app, , localhost",
        "127.0.0.1:5000/team/app:latest, 127.0.0.1:5000, team/app, latest, 127.0.0.1:5000",
        "index.docker.io/library/alpine:3, docker.io, library/alpine, 3, registry-1.docker.io",
        "my-registry.example.com:8443/a/b/c:tag_1, my-registry.example.com:8443, a/b/c, tag_1, my-registry.example.com:8443",
    })
    void parsesWithDockerDefaults(String value, String registry, String repository, String tag, String host) {
        ImageReference reference = ImageReference.parse(value);
        assertThat(reference.registry()).isEqualTo(registry);
        assertThat(reference.repository()).isEqualTo(repository);
        assertThat(reference.tag()).isEqualTo(tag);
        assertThat(reference.registryHost()).isEqualTo(host);
    }

    @Test
    void parsesDigest() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference reference = ImageReference.parse("ghcr.io/org/app:1@" + digest);
        assertThat(reference.digest()).isEqualTo(Digest.parse(digest));
        assertThat(reference.tag()).isEqualTo("1");
        assertThat(reference).hasToString("ghcr.io/org/app:1@" + digest);
    }

    @Test
    void repositoryNameDropsDockerHubDefaults() {
        assertThat(ImageReference.parse("busybox:1").repositoryName()).isEqualTo("busybox");
        assertThat(ImageReference.parse("example/app").repositoryName()).isEqualTo("example/app");
        assertThat(ImageReference.parse("127.0.0.1:5000/app").repositoryName()).isEqualTo("127.0.0.1:5000/app");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Example/App:1.0", "example/app:bad tag", "example/app:-x",
        "example//app", "example/app@sha256:123", "", "app:", "-app"})
    void rejectsInvalidReferences(String value) {
        assertThatThrownBy(() -> ImageReference.parse(value))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.REFERENCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:99999/app", "localhost:0/app", "127.0.0.1:65536/app:1",
        "[::1]:70000/app", "registry.example.com:00000/app"})
    void portOutside1To65535IsRejected(String value) {
        assertThatThrownBy(() -> ImageReference.parse(value))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.REFERENCE)
                .hasMessageContaining("'" + value + "'").hasMessageContaining("1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:1/app", "localhost:65535/app", "[::1]:5000/app", "127.0.0.1:05000/app"})
    void portFrom1To65535IsAccepted(String value) {
        assertThat(ImageReference.parse(value).registry()).isEqualTo(value.substring(0, value.indexOf('/')));
    }

    @Test
    void uppercaseRepositoryErrorExplainsTheRule() {
        assertThatThrownBy(() -> ImageReference.parse("Example/App:1.0"))
                .hasMessageContaining("lowercase");
    }

    @Test
    void validatesExtraTags() {
        assertThat(ImageReference.validateTag("latest")).isEqualTo("latest");
        assertThatThrownBy(() -> ImageReference.validateTag("no/slash"))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.TAG);
    }
}
