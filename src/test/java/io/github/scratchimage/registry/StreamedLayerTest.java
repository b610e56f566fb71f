package io.github.scratchimage.registry;

import static io.github.scratchimage.registry.RegistryTestSupport.options;
import static io.github.scratchimage.registry.RegistryTestSupport.skopeoRaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.engine.Engine;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.engine.LayerStream;
import io.github.scratchimage.engine.LayerToWrite;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.output.MetadataSink;
import io.github.scratchimage.output.TarballSink;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.FaultProxy;
import io.github.scratchimage.testing.LocalRegistry;
import io.github.scratchimage.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large layer goes to the registry while it is compressed ({@link StreamedLayer}): one PATCH of
 * unknown length, completed by digest once the layer is written; when that send fails, the layer
 * is uploaded from its file as any other.
 */
class StreamedLayerTest {
    @TempDir
    Path dir;
    LocalRegistry registry;

    @BeforeEach
    void start() throws IOException {
        registry = LocalRegistry.plain(dir.resolve("registry"));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private ImageName name(String hostPort, String repositoryAndTag) {
        return ImageName.of(ImageReference.parse(hostPort + "/" + repositoryAndTag), List.of());
    }

    @Test
    void theRegistryReceivesALayerWhileItIsStillBeingWritten() throws Exception {
        BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 61, 3_000_000, 2000);
        Blob layer = image.images().get(0).layers().get(0);
        byte[] bytes = TestImages.bytes(layer);
        int half = bytes.length / 2;
        CapturingLog log = new CapturingLog();

        try (PushSession session = new RegistryPusher(options(dir).build(), log).open(name(registry.hostPort(),
                "streamed/app:v1"))) {
            StreamedLayer streamed = new StreamedLayer(() -> session);
            OutputStream out = streamed.bytes();
            out.write(bytes, 0, half);
            // all but the piece the pipe still fills reaches the registry before the rest is written
            long expected = half - LayerPipe.PIECE_SIZE - 64 * 1024;
            long received = 0;
            for (long deadline = System.nanoTime() + 20_000_000_000L; received < expected
                    && System.nanoTime() < deadline; Thread.sleep(20)) {
                received = uploadedBytes("streamed/app");
            }
            assertThat(received).isGreaterThanOrEqualTo(expected).isLessThan(bytes.length);

            out.write(bytes, half, bytes.length - half);
            streamed.written(layer);
            PushResult result = session.finish(image);

            assertThat(result.digest()).isEqualTo(image.digest());
        }
        List<String> access = registry.log().lines().toList();
        assertThat(access).filteredOn(l -> l.contains("\"PATCH /v2/streamed/app/blobs/uploads/")).hasSize(1)
                .allMatch(l -> l.contains("\" 202 "));
        // the streamed layer, the small layer and the config: one upload session each
        assertThat(access).filteredOn(l -> l.contains("\"POST /v2/streamed/app/blobs/uploads/")).hasSize(3);
        assertThat(skopeoRaw(registry.hostPort(), "streamed/app:v1", false, null)).isEqualTo(TestImages.bytes(image.root()));
        assertThat(log.text()).doesNotContain("failed");
    }

    /** Bytes the registry holds of the uploads in progress into {@code repository}. */
    private long uploadedBytes(String repository) throws IOException {
        Path uploads = registry.storage().resolve("docker/registry/v2/repositories/" + repository + "/_uploads");
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        long bytes = 0;
        try (Stream<Path> files = Files.walk(uploads)) {
            for (Path data : files.filter(p -> p.getFileName().toString().equals("data")).toList()) {
                bytes += Files.size(data);
            }
        }
        return bytes;
    }

    @Test
    void aLayerWhoseSendFailsIsUploadedFromItsFile() throws Exception {
        // a loopback fake: the real registry cannot refuse a PATCH on purpose
        try (FaultProxy proxy = new FaultProxy(registry.port())) {
            proxy.refuse(r -> r.method().equals("PATCH"), 500);
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 62, 700_000, 2000);
            Blob layer = image.images().get(0).layers().get(0);
            CapturingLog log = new CapturingLog();

            try (PushSession session = new RegistryPusher(options(dir).retries(0).build(), log)
                    .open(name(proxy.hostPort(), "fallback/app:v1"))) {
                StreamedLayer streamed = new StreamedLayer(() -> session);
                streamed.bytes().write(TestImages.bytes(layer));
                streamed.written(layer);

                assertThat(session.finish(image).digest()).isEqualTo(image.digest());
            }

            assertThat(proxy.count("PATCH", "/v2/fallback/app/blobs/uploads/.*")).isEqualTo(1);
            assertThat(proxy.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().contains("/blobs/uploads/")
                    && r.contentLength() == layer.size()).hasSize(1);
            assertThat(log.text()).contains(PushSession.shortDigest(layer.digest())
                    + ": sending it while it was compressed failed (");
            assertThat(log.text()).contains("HTTP 500").contains("uploading it from its file");
            assertThat(skopeoRaw(registry.hostPort(), "fallback/app:v1", false, null))
                    .isEqualTo(TestImages.bytes(image.root()));
        }
    }

    @Test
    void afterASendFailedTheRunsOtherLayersAreUploadedOnceBuilt() throws Exception {
        // a loopback fake: a registry that refuses a body of unknown length (411), as some proxies do
        try (FaultProxy proxy = new FaultProxy(registry.port())) {
            proxy.refuse(r -> r.method().equals("PATCH"), 411);
            BuiltImage image = TestImages.single(dir.resolve("img"), ImageFormat.OCI, 63, 300_000);
            Blob layer = image.images().get(0).layers().get(0);
            LayerToWrite large = new LayerToWrite("large", RegistrySink.STREAMED_FILE_BYTES, true);
            CapturingLog log = new CapturingLog();

            try (RegistrySink sink = new RegistrySink(options(dir).retries(0).build(), name(proxy.hostPort(),
                    "refused/app:v1"), log)) {
                sink.open();
                LayerStream first = sink.layerStream(large);
                first.bytes().write(TestImages.bytes(layer));
                first.written(layer);
                sink.deliver(image);

                assertThat(sink.layerStream(large)).isNull();
            }
            assertThat(log.text()).contains("HTTP 411").contains("uploading it from its file");
            assertThat(proxy.count("PATCH", "/v2/refused/app/blobs/uploads/.*")).isEqualTo(1);
        }
    }

    @Test
    void aPushSendsEachLargeLayerOnceAsItIsWrittenAndGivesTheImageASaveWrites() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        int large = (int) RegistrySink.STREAMED_FILE_BYTES;
        writeText(files.resolve("big.txt"), large + 1_000_000);
        writeText(files.resolve("limit.txt"), large);
        writeText(files.resolve("below.txt"), large - 1);
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, Instant.parse("2024-01-31T12:00:00Z"), Map.of(),
                List.of(new PlatformPlan(Platform.linuxAmd64(), List.of(layer(files, "below.txt"), layer(files, "big.txt"),
                        layer(files, "limit.txt")), RuntimeConfig.empty())), false);
        ImageName name = name(registry.hostPort(), "engine/app:v1");
        CapturingLog log = new CapturingLog();

        Path pushRun = dir.resolve("push");
        Digest pushed = new Engine(pushRun, new LayerOptions(6, 2, pushRun.resolve("cache")), log).run(plan,
                List.<ImageSink>of(new RegistrySink(options(dir).build(), name, log), new MetadataSink(pushRun, name)));
        Path saveRun = dir.resolve("save");
        Digest saved = new Engine(saveRun, new LayerOptions(6, 2, saveRun.resolve("cache")), new CapturingLog()).run(plan,
                List.<ImageSink>of(new TarballSink(saveRun.resolve("image.tar"), name, null, new CapturingLog())));

        assertThat(pushed).isEqualTo(saved);
        List<String> access = registry.log().lines().toList();
        // the two layers of at least STREAMED_FILE_BYTES of files, not the one below
        assertThat(access).filteredOn(l -> l.contains("\"PATCH /v2/engine/app/blobs/uploads/")).hasSize(2);
        // three layers and the config, each uploaded once: a streamed layer is not uploaded again when ready
        assertThat(access).filteredOn(l -> l.contains("\"POST /v2/engine/app/blobs/uploads/")).hasSize(4);
        assertThat(access).filteredOn(l -> l.matches(".*\"PUT /v2/engine/app/blobs/uploads/[^ ]*digest=[^ ]* HTTP/1\\.1\" 201 .*"))
                .hasSize(4);
        assertThat(log.text()).doesNotContain("failed");
    }

    @Test
    void onlyLayersOfEnoughBytesAreSentAsTheyComeByOneRepositoryOfARegistryAndNotInFixedChunks() {
        MountSources run = new MountSources();
        LayerToWrite large = new LayerToWrite("large", RegistrySink.STREAMED_FILE_BYTES, false);
        CapturingLog log = new CapturingLog();
        try (RegistrySink first = new RegistrySink(options(dir).build(), name(registry.hostPort(), "one/app:1"), List.of(),
                run, log);
                RegistrySink second = new RegistrySink(options(dir).build(), name(registry.hostPort(), "two/app:1"),
                        List.of(), run, log);
                RegistrySink chunked = new RegistrySink(options(dir).chunkSize(1_000_000L).build(),
                        name("other.example:5000", "app:1"), List.of(), new MountSources(), log)) {
            assertThat(first.layerStream(new LayerToWrite("small", RegistrySink.STREAMED_FILE_BYTES - 1, true))).isNull();
            assertThat(first.layerStream(large)).isInstanceOf(StreamedLayer.class);
            assertThat(second.layerStream(large)).as("mounts what the first repository sends").isNull();
            assertThat(chunked.layerStream(large)).as("the registry takes fixed chunks").isNull();
        }
    }

    private static LayerSpec layer(Path files, String file) {
        return new LayerSpec(file, List.of(new FileSpec(files.resolve(file), "/data/" + file, null, null, 0, 0, null, null,
                "layers/layer/files/file")), "layers/layer");
    }

    /** Compressible text of exactly {@code size} bytes. */
    private static void writeText(Path file, int size) throws IOException {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            text.append("line ").append(random.nextInt(1000)).append(" of some text ").append(random.nextInt(50)).append('\n');
        }
        Files.writeString(file, text.substring(0, size));
    }
}
