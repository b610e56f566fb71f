package io.github.scratchimage.registry;

import io.github.scratchimage.image.ImageName;
import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes to a plain-HTTP docker-registry on loopback and reads the image back with skopeo. */
class PlainPushTest {
    @TempDir
    static Path registryDir;
    static LocalRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.plain(registryDir);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void pushedImageReadsBackByteForByte() throws Exception {
        BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 1, 5000, 70_000);
        CapturingLog log = new CapturingLog();
        ImageReference reference = ImageReference.parse(registry.hostPort() + "/team/app:1.0");

        PushResult result = new RegistryPusher(options(dir).build(), log).push(image, ImageName.of(reference, List.of("extra", "1.0")));

        assertThat(result.digest()).isEqualTo(image.digest());
        assertThat(result.references()).extracting(ImageReference::tag).containsExactly("1.0", "extra");
        byte[] manifest = skopeoRaw(registry.hostPort(), "team/app:1.0", false, null);
        assertThat(manifest).isEqualTo(TestImages.bytes(image.root()));
        assertThat(skopeoRaw(registry.hostPort(), "team/app:extra", false, null)).isEqualTo(manifest);
        assertThat(skopeoRaw(registry.hostPort(), "team/app:1.0", true, null))
                .isEqualTo(TestImages.bytes(image.images().get(0).config()));
        assertThat(log.text())
                .contains("Layer " + PushSession.shortDigest(image.images().get(0).layers().get(0).digest()) + ": pushed ")
                .contains("Pushed " + registry.hostPort() + "/team/app:1.0@" + image.digest())
                .contains("Pushed " + registry.hostPort() + "/team/app:extra@" + image.digest());
    }

    /** Each upload's running byte count reaches its blob's size: the engine's progress lines count those bytes. */
    @Test
    void eachUploadReportsItsRunningByteCount() throws Exception {
        BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 2, 400_000);
        List<long[]> uploads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RegistryPusher pusher = new RegistryPusher(options(dir).build(), new CapturingLog());
        ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/progress:v1"), List.of());

        try (PushSession session = pusher.open(name, () -> {
            long[] sent = new long[1];
            uploads.add(sent);
            return count -> sent[0] = count;
        })) {
            session.finish(image);
        }

        var platformImage = image.images().get(0);
        List<Long> sizes = new java.util.ArrayList<>(List.of(platformImage.config().size()));
        platformImage.layers().forEach(layer -> sizes.add(layer.size()));
        assertThat(uploads).extracting(sent -> sent[0]).containsExactlyInAnyOrderElementsOf(sizes);
    }

    @Test
    void dockerFormatAndDefaultTagLatest() throws Exception {
        BuiltImage image = TestImages.single(dir, ImageFormat.DOCKER, 7, 3000);
        CapturingLog log = new CapturingLog();

        PushResult result = new RegistryPusher(options(dir).build(), log)
                .push(image, ImageName.of(ImageReference.parse(registry.hostPort() + "/dockerformat"), List.of()));

        assertThat(result.references()).extracting(ImageReference::tag).containsExactly("latest");
        byte[] manifest = skopeoRaw(registry.hostPort(), "dockerformat:latest", false, null);
        assertThat(manifest).isEqualTo(TestImages.bytes(image.root()));
    }

    @Test
    void multiPlatformIndexPushesManifestsFirst() throws Exception {
        BuiltImage image = TestImages.multi(dir, ImageFormat.OCI, 40);
        PushResult result = new RegistryPusher(options(dir).build(), new CapturingLog())
                .push(image, ImageName.of(ImageReference.parse(registry.hostPort() + "/multi:v1"), List.of()));

        assertThat(result.digest()).isEqualTo(image.index().digest());
        assertThat(skopeoRaw(registry.hostPort(), "multi:v1", false, null)).isEqualTo(TestImages.bytes(image.index()));
        for (var platformImage : image.images()) {
            assertThat(skopeoRaw(registry.hostPort(), "multi@" + platformImage.manifest().digest(), false, null))
                    .isEqualTo(TestImages.bytes(platformImage.manifest()));
        }
    }

    @Test
    void offlineFailsAtOnce() throws Exception {
        BuiltImage image = TestImages.single(dir, ImageFormat.OCI, 3, 100);
        var pusher = new RegistryPusher(options(dir).offline(true).build(), new CapturingLog());
        var reference = ImageReference.parse(registry.hostPort() + "/offline:v1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pusher.push(image, ImageName.of(reference, List.of())))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("offline");
        assertThat(RegistryTestSupport.tagExists(registry.hostPort(), "offline:v1", null)).isFalse();
    }
}
