package io.github.scratchimage.registry;

import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.engine.Engine;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.output.MetadataSink;
import io.github.scratchimage.output.TarballSink;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The registry is the cache": a push on a fresh machine (no work directory, no layer cache) takes
 * the layers the registry holds already, by diff_id and compression, instead of compressing and
 * uploading them. Uploads are counted from the registry's own access log.
 */
class LayerReuseTest {
    private static final int LAYERS = 8;

    @TempDir
    static Path registryDir;
    static LocalRegistry registry;

    @TempDir
    Path dir;
    private Path files;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = LocalRegistry.plain(registryDir);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void writeFiles() throws IOException {
        files = dir.resolve("files");
        Files.createDirectories(files);
        for (int i = 0; i < LAYERS; i++) {
            writeText(files.resolve("f" + i + ".txt"), i);
        }
    }

    /** About 200 KB of compressible text, the same for the same seed. */
    private static void writeText(Path file, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        while (text.length() < 200_000) {
            text.append("line ").append(random.nextInt(1000)).append(" of some text ").append(random.nextInt(50)).append('\n');
        }
        Files.writeString(file, text);
    }

    private ImagePlan plan(Platform... platforms) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            layers.add(new LayerSpec("l" + i, List.of(new FileSpec(files.resolve("f" + i + ".txt"), "/data/f" + i + ".txt",
                    null, null, 0, 0, null, null, "layers/layer/files/file")), "layers/layer"));
        }
        List<PlatformPlan> plans = new ArrayList<>();
        for (Platform platform : platforms) {
            plans.add(new PlatformPlan(platform, layers, RuntimeConfig.empty()));
        }
        return new ImagePlan(ImageFormat.OCI, Instant.parse("2024-01-31T12:00:00Z"), Map.of(), plans, false);
    }

    private ImagePlan plan() {
        return plan(Platform.linuxAmd64());
    }

    /**
     * A push as on a fresh runner: its own new build and cache directories, so nothing comes from a
     * local cache. Returns the digest; {@code log} gets the engine's lines.
     */
    private Digest push(ImagePlan plan, String image, int level, List<String> cacheFrom, CapturingLog log)
            throws IOException {
        Path run = Files.createTempDirectory(dir, "run");
        ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/" + image), List.of());
        List<ImageReference> sources = cacheFrom.stream()
                .map(s -> ImageReference.parse(registry.hostPort() + "/" + s)).toList();
        List<ImageSink> sinks = List.of(new RegistrySink(options(dir).build(), name, sources, new MountSources(), log),
                new MetadataSink(run.resolve("scratch"), name));
        return new Engine(run.resolve("scratch"), new LayerOptions(level, 2, run.resolve("cache")), log).run(plan, sinks);
    }

    private Digest push(String image, CapturingLog log) throws IOException {
        return push(plan(), image, 6, List.of(), log);
    }

    /** The registry's access log lines written since {@code from} (a length of the log). */
    private static List<String> logSince(int from) throws IOException {
        return registry.log().substring(from).lines().toList();
    }

    private static long count(List<String> lines, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return lines.stream().filter(l -> pattern.matcher(l).find()).count();
    }

    /** Completed blob uploads into {@code repository}: the PUT that ends each upload session. */
    private static long uploads(List<String> lines, String repository) {
        return count(lines, "\"PUT /v2/" + repository + "/blobs/uploads/[^ ]*digest=[^ ]* HTTP/1\\.1\" 201 ");
    }

    private static long mounts(List<String> lines, String repository) {
        return count(lines, "\"POST /v2/" + repository + "/blobs/uploads/\\?mount=[^ ]* HTTP/1\\.1\" 201 ");
    }

    private static long manifestPuts(List<String> lines, String repository) {
        return count(lines, "\"PUT /v2/" + repository + "/manifests/[^ ]* HTTP/1\\.1\" 201 ");
    }

    @Test
    void aFreshPushAfterOneFileChangedUploadsOnlyThatLayerAndTheConfig() throws IOException {
        Digest first = push("reuse/app:1.0", new CapturingLog());
        writeText(files.resolve("f3.txt"), 99);
        int mark = registry.log().length();
        CapturingLog log = new CapturingLog();

        Digest second = push("reuse/app:1.0", log);

        List<String> requests = logSince(mark);
        assertThat(second).isNotEqualTo(first);
        assertThat(uploads(requests, "reuse/app")).as("the changed layer and the config").isEqualTo(2);
        assertThat(manifestPuts(requests, "reuse/app")).isEqualTo(1);
        assertThat(log.lines()).filteredOn(l -> l.contains("reused from " + registry.hostPort() + "/reuse/app:1.0"))
                .hasSize(LAYERS - 1);
        assertThat(log.text()).contains("1 built, 0 unchanged from the cache, 7 reused from the registry");

        // the same inputs saved to a file give the same image
        Path save = Files.createTempDirectory(dir, "save");
        ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/reuse/app:1.0"), List.of());
        Digest saved = new Engine(save.resolve("scratch"), new LayerOptions(6, 2, save.resolve("cache")), new CapturingLog())
                .run(plan(), List.of(new TarballSink(save.resolve("image.tar"), name, null, new CapturingLog()),
                        new MetadataSink(save.resolve("scratch"), name)));
        assertThat(saved).isEqualTo(second);
    }

    @Test
    void layersOfACacheFromImageInAnotherRepositoryAreMountedNotUploaded() throws IOException {
        push("reuse/release:2.0", new CapturingLog());
        int mark = registry.log().length();
        CapturingLog log = new CapturingLog();

        push(plan(), "reuse/feature:x", 6, List.of("reuse/release:2.0", "reuse/absent:1"), log);

        List<String> requests = logSince(mark);
        // every layer mounted; the config (the release's too: same inputs) is uploaded, as the release's
        // push was another run, and a run knows of other repositories only the layers cacheFrom lists
        assertThat(uploads(requests, "reuse/feature")).isEqualTo(1);
        assertThat(mounts(requests, "reuse/feature")).isEqualTo(LAYERS);
        assertThat(log.lines()).filteredOn(l -> l.contains("reused from " + registry.hostPort() + "/reuse/release:2.0"))
                .hasSize(LAYERS);
        assertThat(log.text()).contains("Cannot reuse the layers of " + registry.hostPort() + "/reuse/absent:1: there is no such image");
    }

    @Test
    void aLayerCompressedAtAnotherLevelIsNotReused() throws IOException {
        push("reuse/level:1", new CapturingLog());
        int mark = registry.log().length();
        CapturingLog log = new CapturingLog();

        push(plan(), "reuse/level:1", 1, List.of(), log);

        // the config (diff_ids, not blob digests) is the same and there already
        assertThat(uploads(logSince(mark), "reuse/level")).isEqualTo(LAYERS);
        assertThat(log.text()).doesNotContain("reused from").contains("8 built");
    }

    @Test
    void layersOfAnImageWithoutTheCompressionAnnotationAreNotReused() throws Exception {
        push("reuse/foreign:1", new CapturingLog());
        // the same image as another tool would write it: the layer descriptors carry no annotation
        String manifest = new String(RegistryTestSupport.skopeoRaw(registry.hostPort(), "reuse/foreign:1", false, null),
                StandardCharsets.UTF_8);
        assertThat(manifest).contains(KnownLayer.COMPRESSION);
        String stripped = manifest.replaceAll(",\"annotations\":\\{\"" + Pattern.quote(KnownLayer.COMPRESSION) + "\":\"gzip-6\"}", "");
        assertThat(stripped).doesNotContain(KnownLayer.COMPRESSION);
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + registry.hostPort() + "/v2/reuse/foreign/manifests/1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(stripped)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        CapturingLog log = new CapturingLog();

        push("reuse/foreign:1", log);

        assertThat(log.text()).doesNotContain("reused from").contains("8 built");
    }

    @Test
    void aReusedLayerDeletedBeforeThePushIsBuiltAfterAll() throws Exception {
        writeText(files.resolve("f0.txt"), 1234); // a layer no other repository of this registry holds
        Digest first = push("reuse/gone:1", new CapturingLog());
        Path run = Files.createTempDirectory(dir, "run");
        ImageName name = ImageName.of(ImageReference.parse(registry.hostPort() + "/reuse/gone:1"), List.of());
        CapturingLog log = new CapturingLog();
        RegistrySink registrySink = new RegistrySink(options(dir).build(), name, log);
        // the registry sink, except that the first layer it offers is deleted from the registry right after
        ImageSink losing = new ImageSink() {
            @Override
            public String target() {
                return registrySink.target();
            }

            @Override
            public void open() {
                registrySink.open();
            }

            @Override
            public List<KnownLayer> knownLayers() throws IOException {
                List<KnownLayer> known = registrySink.knownLayers();
                deleteBlob("reuse/gone", known.get(0).descriptor().digest());
                return known;
            }

            @Override
            public void layerReady(io.github.scratchimage.image.Blob layer, boolean fromCache) {
                registrySink.layerReady(layer, fromCache);
            }

            @Override
            public void deliver(io.github.scratchimage.image.BuiltImage image) {
                registrySink.deliver(image);
            }

            @Override
            public void close() {
                registrySink.close();
            }
        };

        Digest second = new Engine(run.resolve("scratch"), new LayerOptions(6, 2, run.resolve("cache")), log)
                .run(plan(), List.of(losing));

        assertThat(second).isEqualTo(first);
        assertThat(log.text()).contains("0 built, 0 unchanged from the cache, 8 reused from the registry")
                .contains("is no longer in reuse/gone")
                .contains("building every layer again, reusing none").contains("8 built");
        assertThat(RegistryTestSupport.skopeoRaw(registry.hostPort(), "reuse/gone:1", false, null)).isNotEmpty();
    }

    private static void deleteBlob(String repository, Digest digest) throws IOException {
        try {
            HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + registry.hostPort() + "/v2/" + repository + "/blobs/" + digest)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void aMultiPlatformPushReusesEachSharedLayerOnce() throws IOException {
        ImagePlan plan = plan(Platform.linuxAmd64(), Platform.parse("linux/arm64", null));
        push(plan, "reuse/multi:1", 6, List.of(), new CapturingLog());
        writeText(files.resolve("f5.txt"), 77);
        int mark = registry.log().length();
        CapturingLog log = new CapturingLog();

        push(plan, "reuse/multi:1", 6, List.of(), log);

        List<String> requests = logSince(mark);
        assertThat(uploads(requests, "reuse/multi")).as("the changed layer and two configs").isEqualTo(3);
        assertThat(manifestPuts(requests, "reuse/multi")).as("two manifests and the index").isEqualTo(3);
        assertThat(log.lines()).filteredOn(l -> l.contains("reused from " + registry.hostPort())).hasSize(LAYERS - 1);
    }
}
