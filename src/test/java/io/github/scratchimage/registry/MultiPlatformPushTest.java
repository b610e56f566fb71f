package io.github.scratchimage.registry;

import io.github.scratchimage.image.ImageName;
import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.engine.ImageBuilder;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a two-platform image with the real builder (a layer equal for both platforms, one file per
 * platform from {@code {os}-{arch}}) and pushes it through {@link FaultProxy} to a real registry:
 * every distinct blob goes over the wire once, then each platform's manifest, then the index under
 * each tag.
 */
class MultiPlatformPushTest {
    private static final Platform AMD64 = Platform.linuxAmd64();
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8", null);

    @TempDir
    Path dir;
    LocalRegistry registry;
    FaultProxy proxy;
    /** The pushes of one test are one run: they share what they learn of the registry's repositories. */
    final MountSources run = new MountSources();

    @BeforeEach
    void start() throws Exception {
        registry = LocalRegistry.plain(dir.resolve("registry"));
        proxy = new FaultProxy(registry.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
        registry.close();
    }

    private BuiltImage build(ImageFormat format) throws IOException {
        return build(format, io.github.scratchimage.engine.LayerListener.NONE);
    }

    private BuiltImage build(ImageFormat format, io.github.scratchimage.engine.LayerListener listener)
            throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("native/linux-amd64"));
        Files.createDirectories(src.resolve("native/linux-arm64"));
        Files.writeString(src.resolve("native/linux-amd64/app"), "amd64 build");
        Files.writeString(src.resolve("native/linux-arm64/app"), "arm64 build");
        Files.writeString(src.resolve("shared.txt"), "the same on every platform");
        List<LayerSpec> layers = List.of(layer("shared", src.resolve("shared.txt"), "/srv/shared.txt"),
                layer("app", src.resolve("native/{os}-{arch}/app"), "/app"));
        ImagePlan plan = new ImagePlan(format, Instant.parse("2024-01-31T12:00:00Z"), Map.of(), List.of(
                new PlatformPlan(AMD64, layers, RuntimeConfig.empty()),
                new PlatformPlan(ARM64, layers, RuntimeConfig.empty())), false);
        return new ImageBuilder(dir.resolve("work"), new LayerOptions(6, 1, null), new CapturingLog()).build(plan,
                listener);
    }

    private static LayerSpec layer(String name, Path source, String target) {
        return new LayerSpec(name, List.of(new FileSpec(source, target, null, null, 0, 0, null, null,
                "layers/layer/files/file")), "layers/layer");
    }

    private PushResult push(BuiltImage image, String repositoryAndTag, String... extraTags) {
        return new RegistryPusher(options(dir).build(), new CapturingLog(), run)
                .push(image, ImageName.of(ImageReference.parse(proxy.hostPort() + "/" + repositoryAndTag), List.of(extraTags)));
    }

    /** How many upload-finishing PUTs ({@code ?digest=}) named each digest, for one repository. */
    private Map<String, Long> uploadsByDigest(String repository) {
        Map<String, Long> counts = new TreeMap<>();
        for (FaultProxy.Request request : proxy.requests()) {
            if (request.method().equals("PUT") && request.path().startsWith("/v2/" + repository + "/blobs/uploads/")) {
                counts.merge(queryValue(request, "digest"), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static String queryValue(FaultProxy.Request request, String name) {
        for (String parameter : request.query() == null ? new String[0] : request.query().split("&")) {
            if (parameter.startsWith(name + "=")) {
                return URLDecoder.decode(parameter.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static Map<String, Long> once(List<Blob> blobs) {
        return blobs.stream().map(b -> b.digest().toString()).collect(
                Collectors.toMap(Function.identity(), d -> 1L, (a, b) -> a + b, TreeMap::new));
    }

    @Test
    void sharedLayerIsUploadedOnceAndTheTagsPointAtTheIndex() throws Exception {
        BuiltImage image = build(ImageFormat.OCI);
        PlatformImage amd = image.images().get(0);
        PlatformImage arm = image.images().get(1);
        Digest shared = amd.layers().get(0).digest();
        assertThat(arm.layers().get(0).digest()).isEqualTo(shared);
        assertThat(image.contentBlobs()).hasSize(5); // shared + 2 app layers + 2 configs

        PushResult result = push(image, "team/multi:1.0", "latest");

        assertThat(result.digest()).isEqualTo(image.index().digest());
        assertThat(uploadsByDigest("team/multi")).isEqualTo(once(image.contentBlobs()))
                .containsEntry(shared.toString(), 1L);
        assertThat(proxy.count("POST", "/v2/team/multi/blobs/uploads/")).isEqualTo(5);
        List<String> manifestPuts = proxy.requests().stream()
                .filter(r -> r.method().equals("PUT") && r.path().startsWith("/v2/team/multi/manifests/"))
                .map(r -> r.path().substring("/v2/team/multi/manifests/".length())).toList();
        assertThat(manifestPuts).containsExactly(amd.manifest().digest().toString(), arm.manifest().digest().toString(),
                "1.0", "latest");
        List<FaultProxy.Request> puts = proxy.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        assertThat(puts.subList(0, 5)).allSatisfy(r -> assertThat(r.path()).startsWith("/v2/team/multi/blobs/uploads/"));

        byte[] index = skopeoRaw(registry.hostPort(), "team/multi:1.0", false, null);
        assertThat(index).isEqualTo(TestImages.bytes(image.index()));
        assertThat(Digest.sha256(index)).isEqualTo(result.digest());
        assertThat(skopeoRaw(registry.hostPort(), "team/multi:latest", false, null)).isEqualTo(index);
        JsonNode json = JsonTrees.parse(index);
        assertThat(json.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(json.path("manifests").findValuesAsText("architecture")).containsExactly("amd64", "arm64");
        assertThat(json.path("manifests").get(1).path("platform").path("variant").asText()).isEqualTo("v8");
        for (PlatformImage platformImage : image.images()) {
            assertThat(skopeoRaw(registry.hostPort(), "team/multi@" + platformImage.manifest().digest(), false, null))
                    .isEqualTo(TestImages.bytes(platformImage.manifest()));
        }
    }

    @Test
    void layersUploadedWhileBuildingAreUploadedOnceAndTagsComeLast() throws Exception {
        ImageReference reference = ImageReference.parse(proxy.hostPort() + "/team/early:1.0");
        List<Digest> early = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuiltImage image;
        PushResult result;
        try (PushSession session = new RegistryPusher(options(dir).build(), new CapturingLog()).open(ImageName.of(reference, List.of()))) {
            image = build(ImageFormat.OCI, (layer, fromCache) -> {
                early.add(layer.digest());
                session.upload(layer);
            });
            result = session.finish(image);
        }

        assertThat(early).hasSize(3); // the shared layer and one app layer per platform, each built once
        assertThat(uploadsByDigest("team/early")).isEqualTo(once(image.contentBlobs()));
        List<FaultProxy.Request> puts = proxy.requests().stream().filter(r -> r.method().equals("PUT")).toList();
        assertThat(puts.subList(0, 5)).allSatisfy(r -> assertThat(r.path()).startsWith("/v2/team/early/blobs/uploads/"));
        assertThat(puts.subList(5, puts.size())).extracting(FaultProxy.Request::path).containsExactly(
                "/v2/team/early/manifests/" + image.images().get(0).manifest().digest(),
                "/v2/team/early/manifests/" + image.images().get(1).manifest().digest(),
                "/v2/team/early/manifests/1.0");
        assertThat(Digest.sha256(skopeoRaw(registry.hostPort(), "team/early:1.0", false, null)))
                .isEqualTo(result.digest()).isEqualTo(image.digest());
    }

    @Test
    void dockerFormatPushesAManifestListOfDockerManifests() throws Exception {
        BuiltImage image = build(ImageFormat.DOCKER);

        PushResult result = push(image, "team/docker:1.0");

        assertThat(uploadsByDigest("team/docker")).isEqualTo(once(image.contentBlobs()));
        byte[] list = skopeoRaw(registry.hostPort(), "team/docker:1.0", false, null);
        assertThat(Digest.sha256(list)).isEqualTo(result.digest()).isEqualTo(image.digest());
        JsonNode json = JsonTrees.parse(list);
        assertThat(json.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(json.path("manifests").findValuesAsText("mediaType")).containsOnly(MediaTypes.DOCKER_MANIFEST);
        for (PlatformImage platformImage : image.images()) {
            JsonNode manifest = JsonTrees.parse(skopeoRaw(registry.hostPort(),
                    "team/docker@" + platformImage.manifest().digest(), false, null));
            assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
            assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
            assertThat(manifest.path("layers").findValuesAsText("mediaType")).containsOnly(MediaTypes.DOCKER_LAYER_GZIP);
        }
    }

    @Test
    void secondRepositoryMountsEachBlobOnceAndUploadsNothing() throws Exception {
        BuiltImage image = build(ImageFormat.OCI);
        push(image, "team/first:1.0");
        proxy.resetRequests();

        push(image, "team/second:1.0");

        assertThat(uploadsByDigest("team/second")).isEmpty();
        Map<String, Long> mounts = new TreeMap<>();
        for (FaultProxy.Request request : proxy.requests()) {
            if (request.method().equals("POST") && "team/first".equals(queryValue(request, "from"))) {
                mounts.merge(queryValue(request, "mount"), 1L, Long::sum);
            }
        }
        assertThat(mounts).isEqualTo(once(image.contentBlobs()));
        assertThat(skopeoRaw(registry.hostPort(), "team/second:1.0", false, null))
                .isEqualTo(TestImages.bytes(image.index()));
    }

    /**
     * Claims end with their run: a later run (another module, another build in the same JVM) that
     * pushes a layer an earlier run started in another repository uploads it at once, instead of
     * leaving it for a mount from an upload that belongs to a run long finished.
     */
    @Test
    void aLaterRunStartsItsUploadsAtOnceWhateverAnEarlierRunClaimed() throws Exception {
        BuiltImage image = build(ImageFormat.OCI);
        Blob shared = image.images().get(0).layers().get(0);
        try (PushSession first = new RegistryPusher(options(dir).build(), new CapturingLog(), new MountSources())
                .open(ImageName.of(ImageReference.parse(proxy.hostPort() + "/team/first:1.0"), List.of()))) {
            first.upload(shared);
            first.finish(image);
        }
        CountDownLatch started = new CountDownLatch(1);
        proxy.onRequest(request -> {
            if (request.path().startsWith("/v2/team/second/blobs/uploads/")) {
                started.countDown();
            }
        });

        try (PushSession second = new RegistryPusher(options(dir).build(), new CapturingLog(), new MountSources())
                .open(ImageName.of(ImageReference.parse(proxy.hostPort() + "/team/second:1.0"), List.of()))) {
            second.upload(shared);
            assertThat(started.await(30, TimeUnit.SECONDS)).as("the upload starts before the delivery").isTrue();
            second.finish(image);
        }

        assertThat(uploadsByDigest("team/second")).containsEntry(shared.digest().toString(), 1L);
        assertThat(skopeoRaw(registry.hostPort(), "team/second:1.0", false, null))
                .isEqualTo(TestImages.bytes(image.index()));
    }
}
