package io.github.scratchimage.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.maven.NativeBinaries;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.PodmanService;
import io.github.scratchimage.testing.ProcessRunner;
import io.github.scratchimage.testing.Sinks;
import io.github.scratchimage.testing.TestImages;
import io.github.scratchimage.testing.TestImages.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scratch:load}'s sink against a real {@code podman system service} (Podman's Docker-compatible
 * API) started on a socket in a test directory, with its own image store: what was loaded is asked
 * from the API with curl, and run with the podman client talking to that service.
 */
class LoadSinkTest {
    @TempDir
    static Path engineDir;

    private static PodmanService podman;

    @TempDir
    Path dir;

    private final CapturingLog log = new CapturingLog();

    @BeforeAll
    static void startPodman() throws IOException {
        // ProcessRunner skips the tests when podman is not installed
        podman = PodmanService.start(engineDir.resolve("engine"));
    }

    @AfterAll
    static void stopPodman() {
        if (podman != null) {
            podman.close();
        }
    }

    private static ImageName name(String reference, String... tags) {
        return ImageName.of(ImageReference.parse(reference), List.of(tags));
    }

    private LoadSink sink(ImageName name, Platform loadPlatform) {
        return new LoadSink(podman.url(), "<dockerHost>", loadPlatform, name, log);
    }

    private static JsonNode inspect(String name) {
        return JsonTrees.parse(podman.curl("/images/" + name + "/json").requireSuccess().output());
    }

    private static int imageCount() {
        return JsonTrees.parse(podman.curl("/images/json?all=true").requireSuccess().output()).size();
    }

    @Test
    void aSinglePlatformImageIsLoadedUnderEveryTagAndRunsWithItsConfiguration() throws IOException {
        byte[] program = Files.readAllBytes(NativeBinaries.compileStaticReporterX8664(dir.resolve("gcc").toFile()));
        TestImages.TestLayer layer = TestImages.layer(dir.resolve("blobs"), ImageFormat.OCI, TestImages.CREATED,
                Entry.directory("srv", 0755), Entry.directory("srv/data", 0777),
                Entry.directory("usr", 0755), Entry.directory("usr/local", 0755),
                Entry.directory("usr/local/bin", 0755), Entry.file("usr/local/bin/report", program, 0755));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin");
        env.put("GREETING", "hello from the load test");
        RuntimeConfig runtime = new RuntimeConfig(env, List.of("/usr/local/bin/report"), List.of(), "/srv/data",
                "65532:65533", null, null, null, null);
        PlatformImage platformImage = TestImages.platformImage(ImageFormat.OCI, Platform.linuxAmd64(), runtime,
                Map.of(), List.of(layer));
        BuiltImage image = new BuiltImage(ImageFormat.OCI, List.of(platformImage), null, TestImages.CREATED);
        ImageName name = name("example/load-single:1.0", "latest");

        Sinks.deliver(sink(name, null), image);

        String imageId = platformImage.config().digest().toString();
        for (String tag : List.of("1.0", "latest")) {
            JsonNode loaded = inspect("docker.io/example/load-single:" + tag);
            assertThat(loaded.path("Id").asText()).isEqualTo(imageId);
            assertThat(loaded.path("Architecture").asText()).isEqualTo("amd64");
        }
        assertThat(log.text()).contains("Container engine: Podman Engine 4.", "(API 1.", "linux/amd64", podman.url(),
                "Loaded docker.io/example/load-single:1.0,latest (linux/amd64) into Podman Engine", "image ID " + imageId);

        String output = podman.podman("run", "--rm", "docker.io/example/load-single:1.0").requireSuccess().stdout();
        assertThat(output.lines()).contains("cwd=/srv/data", "uid=65532", "gid=65533", "PATH=/usr/local/bin",
                "GREETING=hello from the load test");
    }

    @Test
    void ofSeveralPlatformsTheEnginesIsLoadedByDefaultAndLoadPlatformOnRequest() throws IOException {
        BuiltImage image = TestImages.twoPlatforms(dir.resolve("blobs"), ImageFormat.OCI);
        PlatformImage amd64 = image.images().get(0);
        PlatformImage arm64 = image.images().get(1);
        int before = imageCount();

        Sinks.deliver(sink(name("example/load-multi:1.0"), null), image);

        JsonNode loaded = inspect("docker.io/example/load-multi:1.0");
        assertThat(loaded.path("Id").asText()).as("the engine's platform").isEqualTo(amd64.config().digest().toString());
        assertThat(imageCount()).as("one image, not one per platform").isEqualTo(before + 1);

        Sinks.deliver(sink(name("example/load-multi:arm", "arm-latest"), Platform.parse("linux/arm64", null)), image);

        for (String tag : List.of("arm", "arm-latest")) {
            JsonNode arm = inspect("docker.io/example/load-multi:" + tag);
            assertThat(arm.path("Id").asText()).isEqualTo(arm64.config().digest().toString());
            assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
        }
        assertThat(log.text()).contains("Loaded docker.io/example/load-multi:arm,arm-latest (linux/arm64/v8)");
    }

    @Test
    void aPlatformNotInTheImageIsAnErrorNamingThoseThatAre() throws IOException {
        BuiltImage image = TestImages.twoPlatforms(dir.resolve("blobs"), ImageFormat.OCI);
        int before = imageCount();

        assertThatThrownBy(() -> Sinks.deliver(sink(name("example/load-missing:1.0"),
                Platform.parse("linux/s390x", null)), image))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("linux/s390x is not a platform of this image; it has linux/amd64, linux/arm64/v8; "
                        + "choose one of them")
                .extracting(e -> ((InvalidImageException) e).field()).isEqualTo(InvalidImageException.Field.LOAD_PLATFORM);
        assertThat(imageCount()).isEqualTo(before);
    }

    @Test
    void aLayerTheEngineCannotReadFailsTheLoadWithTheEnginesReason() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Path file = Files.createDirectories(dir.resolve("blobs")).resolve("garbage");
        Files.write(file, garbage);
        Blob layer = Blob.ofFile(new Descriptor(ImageFormat.OCI.layerMediaType(), Digest.sha256(garbage), garbage.length), file);
        TestImages.TestLayer notATar = new TestImages.TestLayer(layer, Digest.sha256("what the tar would hash to"));
        PlatformImage platformImage = TestImages.platformImage(ImageFormat.OCI, Platform.linuxAmd64(),
                RuntimeConfig.empty(), Map.of(), List.of(notATar));
        BuiltImage image = new BuiltImage(ImageFormat.OCI, List.of(platformImage), null, TestImages.CREATED);

        assertThatThrownBy(() -> Sinks.deliver(sink(name("example/load-refused:1.0"), null), image))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("the container engine at " + podman.url() + " (from <dockerHost>) refused "
                        + "POST /images/load (HTTP 500): ");
        assertThat(podman.curl("/images/docker.io/example/load-refused:1.0/json").succeeded()).isFalse();
    }

    @Test
    void noEngineAtTheSocketFailsTheCheckBeforeAnythingIsBuilt() {
        Path missing = dir.resolve("no-engine.sock");
        LoadSink sink = new LoadSink("unix://" + missing, "<dockerHost>", null, name("example/none:1.0"), log);

        assertThatThrownBy(sink::check).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("cannot connect to the container engine at unix://" + missing
                        + " (from <dockerHost>): ")
                .hasMessageContaining("Is it running?")
                .hasMessageContaining("podman system service")
                .hasMessageEndingWith("; or set <dockerHost> to another engine's socket");
    }
}
