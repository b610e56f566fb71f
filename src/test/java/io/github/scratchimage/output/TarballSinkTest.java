package io.github.scratchimage.output;

import io.github.scratchimage.image.BlobMismatchException;
import io.github.scratchimage.testing.Sinks;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.image.ImageName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.PodmanStore;
import io.github.scratchimage.testing.ProcessRunner;
import io.github.scratchimage.testing.Skopeo;
import io.github.scratchimage.testing.TestImages;
import io.github.scratchimage.testing.Umoci;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TarballSinkTest {
    /** The build's largest layer about to be written: the one a tarball takes as it comes. */
    private static final io.github.scratchimage.engine.LayerToWrite LARGEST =
            new io.github.scratchimage.engine.LayerToWrite("large", 1_000_000, true);

    private static final ImageReference REFERENCE = ImageReference.parse("example/app:1.0");
    private static final Platform ARM64 = new Platform("linux", "arm64", "v8", null);

    @TempDir
    Path dir;

    private final Skopeo skopeo = new Skopeo();
    private final ProcessRunner runner = ProcessRunner.create();

    @Test
    void tarEntriesAreInTheirFixedOrderWithFixedMetadataAndEachBlobOnce() throws IOException {
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path tar = dir.resolve("out/image.tar");
        Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of("latest")), null, BuildLog.NONE), image);

        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = readTar(tar, entries);
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names).doesNotHaveDuplicates();
        List<String> blobNames = OciLayout.blobs(image).stream().map(b -> OciLayout.blobPath(b.digest())).toList();
        List<String> expected = new ArrayList<>(List.of("blobs/", "blobs/sha256/"));
        // the largest blob first, equal sizes by digest
        expected.addAll(OciLayout.blobs(image).stream().sorted(java.util.Comparator.comparingLong(Blob::size).reversed()
                .thenComparing(b -> b.digest().encoded())).map(b -> OciLayout.blobPath(b.digest())).toList());
        expected.addAll(List.of("index.json", "manifest.json", "oci-layout"));
        assertThat(names).containsExactlyElementsOf(expected);
        // 2 layers + config + manifest
        assertThat(blobNames).hasSize(4);
        for (TarArchiveEntry entry : entries.values()) {
            assertThat(entry.getModTime().toInstant()).isEqualTo(TestImages.CREATED);
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
            assertThat(entry.getUserName()).isEmpty();
            assertThat(entry.getGroupName()).isEmpty();
            assertThat(entry.getMode() & 07777).isEqualTo(entry.isDirectory() ? 0755 : 0644);
        }
        for (Blob blob : OciLayout.blobs(image)) {
            assertThat(contents.get(OciLayout.blobPath(blob.digest()))).isEqualTo(blob.readAllBytes());
        }
        assertThat(new String(contents.get("oci-layout"), StandardCharsets.UTF_8))
                .isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");

        JsonNode index = JsonTrees.parse(contents.get("index.json"));
        assertThat(index.path("manifests")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode descriptor = index.path("manifests").get(i);
            String tag = List.of("1.0", "latest").get(i);
            assertThat(descriptor.path("digest").asText()).isEqualTo(image.digest().toString());
            assertThat(descriptor.path("platform").path("architecture").asText()).isEqualTo("amd64");
            assertThat(descriptor.path("platform").path("os").asText()).isEqualTo("linux");
            assertThat(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo(tag);
            assertThat(descriptor.path("annotations").path("io.containerd.image.name").asText())
                    .isEqualTo("docker.io/example/app:" + tag);
        }

        JsonNode manifest = JsonTrees.parse(contents.get("manifest.json"));
        assertThat(manifest).hasSize(1);
        PlatformImage platformImage = image.images().get(0);
        assertThat(manifest.get(0).path("Config").asText())
                .isEqualTo("blobs/sha256/" + platformImage.config().digest().encoded());
        assertThat(texts(manifest.get(0).path("RepoTags")))
                .containsExactly("docker.io/example/app:1.0", "docker.io/example/app:latest");
        assertThat(texts(manifest.get(0).path("Layers"))).containsExactlyElementsOf(
                platformImage.layers().stream().map(l -> "blobs/sha256/" + l.digest().encoded()).toList());
    }

    /** The sample image with a large layer (its largest blob), for the tar begun while a layer is compressed. */
    private BuiltImage imageWithALargeLayer(Path blobs) throws IOException {
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        TestImages.TestLayer large = TestImages.layer(blobs, ImageFormat.OCI, TestImages.CREATED,
                TestImages.Entry.file("data/big.bin", big, 0644));
        TestImages.TestLayer small = TestImages.layer(blobs, ImageFormat.OCI, TestImages.CREATED,
                TestImages.Entry.file("app", "app\n", 0755));
        return new BuiltImage(ImageFormat.OCI, List.of(TestImages.platformImage(ImageFormat.OCI, Platform.linuxAmd64(),
                io.github.scratchimage.image.RuntimeConfig.empty(), Map.of(), List.of(small, large))), null,
                TestImages.CREATED);
    }

    private Path tarOf(BuiltImage image, String name) throws IOException {
        Path tar = dir.resolve(name);
        Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE), image);
        return tar;
    }

    /**
     * The tar begun with the largest layer's bytes while that layer was compressed is the tar written
     * in one go, byte for byte; the layer's file is not read again (here it is gone by then).
     */
    @Test
    void aTarBegunWithTheLargestLayerWhileItWasWrittenIsTheSameTar() throws IOException {
        BuiltImage image = imageWithALargeLayer(dir.resolve("blobs"));
        byte[] expected = Files.readAllBytes(tarOf(image, "whole.tar"));
        Blob large = image.images().get(0).layers().get(1);
        assertThat(large.file()).isNotNull();
        assertThat(new ImageArchive(image, ImageName.of(REFERENCE, List.of()), image.images().get(0)).leadingBlob())
                .isEqualTo(large);
        byte[] layerBytes = large.readAllBytes();
        Files.delete(large.file());

        Path tar = dir.resolve("out/streamed.tar");
        try (TarballSink sink = new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE)) {
            sink.check();
            io.github.scratchimage.engine.LayerStream stream = sink.layerStream(LARGEST);
            java.io.OutputStream out = stream.bytes();
            for (int i = 0; i < layerBytes.length; i += 10_000) { // in pieces, as a compressor writes
                out.write(layerBytes, i, Math.min(10_000, layerBytes.length - i));
            }
            stream.written(large);
            sink.deliver(image);
            sink.publish();
        }

        assertThat(Files.readAllBytes(tar)).isEqualTo(expected);
        try (Stream<Path> files = Files.list(tar.getParent())) {
            assertThat(files).containsExactly(tar); // no temporary file left
        }
    }

    /**
     * When the streamed bytes are not the tar's first blob (another layer, or a layer that then came
     * from the cache and was never written), the tar is written in one go, the same bytes, and the
     * begun file is removed.
     */
    @Test
    void aBegunTarThatCannotBeCompletedIsWrittenInOneGo() throws IOException {
        BuiltImage image = imageWithALargeLayer(dir.resolve("blobs"));
        byte[] expected = Files.readAllBytes(tarOf(image, "whole.tar"));
        Blob small = image.images().get(0).layers().get(0);
        for (boolean written : List.of(true, false)) {
            Path tar = dir.resolve("out-" + written + "/image.tar");
            try (TarballSink sink = new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE)) {
                sink.check();
                io.github.scratchimage.engine.LayerStream stream = sink.layerStream(LARGEST);
                stream.bytes().write(small.readAllBytes());
                if (written) {
                    stream.written(small);
                }
                sink.deliver(image);
                sink.publish();
            }
            assertThat(Files.readAllBytes(tar)).isEqualTo(expected);
            try (Stream<Path> files = Files.list(tar.getParent())) {
                assertThat(files).containsExactly(tar);
            }
        }
    }

    /** A sink closed before delivering (a failed build) leaves nothing, not even the begun file. */
    @Test
    void aBegunTarOfAFailedBuildIsRemoved() throws IOException {
        Path tar = dir.resolve("out/image.tar");
        try (TarballSink sink = new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE)) {
            sink.check();
            sink.layerStream(LARGEST).bytes().write(new byte[1000]);
        }
        try (Stream<Path> files = Files.list(tar.getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void skopeoReadsTheTarAsOciArchiveAndAsDockerArchive(ImageFormat format) throws IOException {
        assumeTrue(Skopeo.isInstalled(), "skopeo is not installed");
        BuiltImage image = TestImages.sample(dir.resolve("cache"), format);
        Path tar = dir.resolve("image.tar");
        Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of("latest", "1.0")), null, BuildLog.NONE), image);
        PlatformImage platformImage = image.images().get(0);
        List<String> diffIds = texts(JsonTrees.parse(platformImage.config().readAllBytes()).path("rootfs").path("diff_ids"));

        // skopeo 1.9 skips index.json entries with Docker media types, so only the OCI format is read as oci-archive
        for (String tag : format == ImageFormat.OCI ? List.of("1.0", "latest") : List.<String>of()) {
            String ref = "oci-archive:" + tar + ":" + tag;
            JsonNode inspect = skopeo.inspect(ref);
            assertThat(inspect.path("Digest").asText()).isEqualTo(image.digest().toString());
            assertThat(inspect.path("Architecture").asText()).isEqualTo("amd64");
            assertThat(texts(inspect.path("Env"))).containsExactly("PATH=/usr/local/bin", "APP_MODE=prod");
            assertThat(skopeo.inspectText(ref, "--raw").getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(platformImage.manifest().readAllBytes());
        }
        if (format == ImageFormat.OCI) {
            assertThat(skopeo.inspectText("oci-archive:" + tar + ":1.0", "--config", "--raw").getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(platformImage.config().readAllBytes());
        } else {
            JsonNode index = JsonTrees.parse(readTar(tar, new LinkedHashMap<>()).get("index.json"));
            assertThat(index.path("manifests").get(0).path("mediaType").asText()).isEqualTo(ImageFormat.DOCKER.manifestMediaType());
        }

        String dockerRef = "docker-archive:" + tar;
        JsonNode docker = skopeo.inspect(dockerRef);
        assertThat(docker.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(texts(docker.path("Layers"))).containsExactlyElementsOf(diffIds);
        assertThat(skopeo.inspectText(dockerRef, "--config", "--raw").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(platformImage.config().readAllBytes());
        assertThat(skopeo.inspectText("docker-archive:" + tar + ":docker.io/example/app:latest", "--config", "--raw")
                .getBytes(StandardCharsets.UTF_8)).isEqualTo(platformImage.config().readAllBytes());
    }

    @Test
    void umociUnpacksTheExtractedLayout() throws IOException {
        assumeTrue(Umoci.isInstalled(), "umoci is not installed");
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path tar = dir.resolve("image.tar");
        Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of("latest")), null, BuildLog.NONE), image);
        Path layout = Files.createDirectories(dir.resolve("layout"));
        runner.runChecked("tar", "-xf", tar.toString(), "-C", layout.toString());

        Umoci umoci = new Umoci();
        assertThat(umoci.tags(layout)).containsExactlyInAnyOrder("1.0", "latest");
        Path rootfs = umoci.unpack(layout, "latest", dir.resolve("bundle"));
        LayoutAssertions.assertSampleRootfs(rootfs);
    }

    @Test
    void sameImageGivesTheSameBytesWhateverTheBlobFilesTimesAndTheOutputPlace() throws IOException {
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path first = dir.resolve("a/image.tar");
        Sinks.deliver(new TarballSink(first, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE), image);
        for (Blob layer : image.images().get(0).layers()) {
            Files.setLastModifiedTime(layer.file(), FileTime.from(Instant.parse("2030-05-05T05:05:05Z")));
        }
        Path second = dir.resolve("b/other-name.tar");
        Sinks.deliver(new TarballSink(second, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE), image);
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void multiPlatformIndexJsonPointsAtTheIndexAndSkopeoCopiesEveryPlatform() throws IOException {
        assumeTrue(Skopeo.isInstalled() && Umoci.isInstalled(), "skopeo or umoci is not installed");
        BuiltImage image = TestImages.twoPlatforms(dir.resolve("cache"), ImageFormat.OCI);
        Path tar = dir.resolve("multi.tar");
        Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of()), Platform.linuxAmd64(), BuildLog.NONE), image);
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = readTar(tar, entries);
        // shared layer + 2 own layers + 2 configs + 2 manifests + index
        assertThat(entries.keySet().stream().filter(n -> n.startsWith("blobs/sha256/") && n.length() > 13)).hasSize(8);
        JsonNode indexJson = JsonTrees.parse(contents.get("index.json"));
        assertThat(indexJson.path("manifests")).hasSize(1);
        JsonNode root = indexJson.path("manifests").get(0);
        assertThat(root.path("mediaType").asText()).isEqualTo(ImageFormat.OCI.indexMediaType());
        assertThat(root.path("digest").asText()).isEqualTo(image.index().digest().toString());
        assertThat(root.has("platform")).isFalse();
        assertThat(root.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("1.0");

        assertThat(skopeo.inspectText("oci-archive:" + tar, "--raw").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(image.index().readAllBytes());
        Path copy = dir.resolve("copy");
        skopeo.copy("oci-archive:" + tar, "oci:" + copy + ":1.0", "--all");
        JsonNode copied = skopeo.inspectRaw("oci:" + copy + ":1.0");
        assertThat(copied.path("manifests")).hasSize(2);
        assertThat(Files.readAllBytes(copy.resolve("blobs/sha256/" + image.index().digest().encoded())))
                .isEqualTo(image.index().readAllBytes());

        Umoci umoci = new Umoci();
        for (PlatformImage platformImage : image.images()) {
            Platform platform = platformImage.platform();
            Path single = dir.resolve("single-" + platform.architecture());
            List<String> flags = new ArrayList<>(List.of("--override-arch", platform.architecture()));
            if (platform.variant() != null) {
                flags.addAll(List.of("--override-variant", platform.variant()));
            }
            skopeo.copy("oci-archive:" + tar + ":1.0", "oci:" + single + ":x", flags.toArray(String[]::new));
            assertThat(skopeo.inspectRaw("oci:" + single + ":x").path("config").path("digest").asText())
                    .isEqualTo(platformImage.config().digest().toString());
            Path rootfs = umoci.unpack(single, "x", dir.resolve("bundle-" + platform.architecture()));
            assertThat(Files.readString(rootfs.resolve("arch.txt"))).isEqualTo(platform.architecture() + "\n");
            assertThat(Files.readString(rootfs.resolve("shared.txt"))).isEqualTo("shared\n");
        }
    }

    @Test
    void multiPlatformDockerArchiveListsOnlyThePreferredPlatformWithTheTags() throws IOException {
        assumeTrue(Skopeo.isInstalled(), "skopeo is not installed");
        BuiltImage image = TestImages.twoPlatforms(dir.resolve("cache"), ImageFormat.OCI);
        for (PlatformImage expected : image.images()) {
            Platform preferred = expected.platform();
            Path tar = dir.resolve(preferred.architecture() + ".tar");
            Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of("latest")), new Platform("linux", preferred.architecture(), null, null), BuildLog.NONE), image);
            JsonNode manifest = JsonTrees.parse(readTar(tar, new LinkedHashMap<>()).get("manifest.json"));
            assertThat(manifest).hasSize(1);
            assertThat(manifest.get(0).path("Config").asText()).isEqualTo("blobs/sha256/" + expected.config().digest().encoded());
            assertThat(texts(manifest.get(0).path("RepoTags")))
                    .containsExactly("docker.io/example/app:1.0", "docker.io/example/app:latest");
            JsonNode inspect = skopeo.inspect("docker-archive:" + tar);
            assertThat(inspect.path("Architecture").asText()).isEqualTo(preferred.architecture());
        }
        Path other = dir.resolve("s390x.tar");
        assertThatThrownBy(() -> Sinks.deliver(new TarballSink(other, ImageName.of(REFERENCE, List.of()),
                new Platform("linux", "s390x", null, null), BuildLog.NONE), image))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("linux/s390x is not a platform of this image; it has linux/amd64, linux/arm64/v8; "
                        + "choose one of them");
        assertThat(other).doesNotExist();
        Path single = dir.resolve("single.tar");
        BuiltImage amd64Only = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Sinks.deliver(new TarballSink(single, ImageName.of(REFERENCE, List.of()), new Platform("linux", "s390x", null, null), BuildLog.NONE), amd64Only);
        assertThat(JsonTrees.parse(readTar(single, new LinkedHashMap<>()).get("manifest.json")).get(0).path("Config").asText())
                .as("a single platform: listed whatever the choice")
                .isEqualTo("blobs/sha256/" + amd64Only.images().get(0).config().digest().encoded());
    }

    @Test
    void hostPlatformFollowsTheJvmArchitecture() {
        String expected = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        assertThat(DockerArchiveManifest.hostPlatform()).isEqualTo(new Platform("linux", expected, null, null));
    }

    @Test
    void podmanLoadsSingleAndMultiPlatformTarsForTheHost() throws IOException {
        assumeTrue(ProcessRunner.isInstalled("podman"), "podman is not installed");
        PodmanStore store = PodmanStore.in(dir.resolve("podman"));
        try {
            loadsSingleAndMultiPlatformTars(store);
        } finally {
            store.deleteRunroot();
        }
    }

    private void loadsSingleAndMultiPlatformTars(PodmanStore store) throws IOException {
        String hostArch = DockerArchiveManifest.hostPlatform().architecture();

        BuiltImage single = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path singleTar = dir.resolve("single.tar");
        Sinks.deliver(new TarballSink(singleTar, ImageName.of(REFERENCE, List.of("latest")), null, BuildLog.NONE), single);
        assertThat(podman(store, "load", "-i", singleTar.toString())).contains("docker.io/example/app:1.0", "docker.io/example/app:latest");
        JsonNode loaded = inspect(store, "docker.io/example/app:latest");
        assertThat(loaded.path("Id").asText()).isEqualTo(single.images().get(0).config().digest().encoded());
        assertThat(texts(loaded.path("RepoTags"))).contains("docker.io/example/app:1.0", "docker.io/example/app:latest");

        BuiltImage multi = TestImages.twoPlatforms(dir.resolve("cache"), ImageFormat.OCI);
        PlatformImage hostImage = multi.images().stream()
                .filter(i -> i.platform().architecture().equals(hostArch)).findFirst().orElseThrow();
        // one tag: podman takes the oci-archive path and picks the host platform from the index
        Path oneTag = dir.resolve("multi-one-tag.tar");
        Sinks.deliver(new TarballSink(oneTag, ImageName.of(ImageReference.parse("example/multi:1.0"), List.of()), null, BuildLog.NONE), multi);
        podman(store, "load", "-i", oneTag.toString());
        assertThat(inspect(store, "docker.io/example/multi:1.0").path("Id").asText())
                .isEqualTo(hostImage.config().digest().encoded());
        // two tags: index.json has two entries, podman falls back to docker-archive (manifest.json)
        Path twoTags = dir.resolve("multi-two-tags.tar");
        Sinks.deliver(new TarballSink(twoTags, ImageName.of(ImageReference.parse("example/multi2:1.0"), List.of("latest")), null, BuildLog.NONE), multi);
        List<String> before = imageIds(store);
        podman(store, "load", "-i", twoTags.toString());
        for (String name : List.of("docker.io/example/multi2:1.0", "docker.io/example/multi2:latest")) {
            JsonNode image = inspect(store, name);
            assertThat(image.path("Id").asText()).isEqualTo(hostImage.config().digest().encoded());
            assertThat(image.path("Architecture").asText()).isEqualTo(hostArch);
        }
        assertThat(imageIds(store)).as("no image for the other platform was loaded").containsExactlyInAnyOrderElementsOf(before);
    }

    /** podman on the store; fails unless it succeeds; returns stdout and stderr together. */
    private static String podman(PodmanStore store, String... arguments) throws IOException {
        ProcessRunner.Result result = store.run(arguments).requireSuccess();
        return result.stdout() + result.stderr();
    }

    /** {@code podman image inspect NAME}, its first (only) element. */
    private static JsonNode inspect(PodmanStore store, String name) throws IOException {
        return JsonTrees.parse(store.run("image", "inspect", name).requireSuccess().output()).get(0);
    }

    /** Every image ID in the store, unnamed ones too. */
    private static List<String> imageIds(PodmanStore store) throws IOException {
        return podman(store, "images", "-a", "--no-trunc", "--format", "{{.ID}}").lines().map(String::trim)
                .filter(id -> !id.isEmpty()).distinct().toList();
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path tar = out.resolve("image.tar");
        Files.writeString(tar, "previous build");
        Files.delete(image.images().get(0).layers().get(1).file());

        assertThatThrownBy(() -> Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE), image))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(tar)).isEqualTo("previous build");
        assertThat(list(out)).containsExactly(tar);

        Files.delete(tar);
        assertThatThrownBy(() -> Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE), image))
                .isInstanceOf(IOException.class);
        assertThat(list(out)).isEmpty();
    }

    @Test
    void aBlobChangedAfterTheBuildIsRefused() throws IOException {
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path layer = image.images().get(0).layers().get(0).file();
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length - 1] ^= 1;
        Files.write(layer, bytes);
        Path tar = dir.resolve("out/image.tar");

        assertThatThrownBy(() -> Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of()), null, BuildLog.NONE), image))
                .isInstanceOf(BlobMismatchException.class).hasMessageContaining("does not match its digest");
        assertThat(list(tar.getParent())).isEmpty();
    }

    @Test
    void anInvalidExtraTagIsRefusedBeforeAnythingIsWritten() throws IOException {
        BuiltImage image = TestImages.sample(dir.resolve("cache"), ImageFormat.OCI);
        Path tar = dir.resolve("image.tar");
        assertThatThrownBy(() -> Sinks.deliver(new TarballSink(tar, ImageName.of(REFERENCE, List.of("bad tag")), null, BuildLog.NONE), image))
                .isInstanceOf(InvalidImageException.class).hasFieldOrPropertyWithValue("field", InvalidImageException.Field.TAG);
        assertThat(tar).doesNotExist();
    }

    static Map<String, byte[]> readTar(Path tar, Map<String, TarArchiveEntry> entries) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream tarIn = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tarIn.getNextEntry()) != null) {
                assertThat(entries.put(entry.getName(), entry)).as("duplicate %s", entry.getName()).isNull();
                contents.put(entry.getName(), tarIn.readAllBytes());
            }
        }
        return contents;
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.toList();
        }
    }
}
