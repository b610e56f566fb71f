package io.github.scratchimage.engine;

import io.github.scratchimage.image.BlobMismatchException;
import io.github.scratchimage.testing.Sinks;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.BuiltImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.scratchimage.check.PlatformCheckMode;
import io.github.scratchimage.check.PlatformMismatchException;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.testing.CapturingLog;
import io.github.scratchimage.testing.JsonTrees;
import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    private static final Instant CREATED = Instant.parse("2024-01-31T12:00:00Z");
    private static final Platform AMD64 = Platform.linuxAmd64();
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8", null);

    @TempDir
    Path dir;

    private final CapturingLog log = new CapturingLog();

    private static LayerSpec layer(String name, Path source, String target) {
        return new LayerSpec(name, List.of(new FileSpec(source, target, null, null, 0, 0, null, null,
                "layers/layer/files/file")), "layers/layer");
    }

    private static RuntimeConfig entrypoint(String path) {
        return RuntimeConfig.validated(null, List.of(path), null, null, null, null, null, null, null);
    }

    private BuiltImage build(ImagePlan plan) throws IOException {
        return new ImageBuilder(dir.resolve("work"), new LayerOptions(6, 1, null), log).build(plan);
    }

    @Test
    void singlePlatformImageHasManifestRootAndNoIndex() throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "hello");
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of("org.opencontainers.image.created",
                "2024-01-31T12:00:00Z"), List.of(new PlatformPlan(AMD64,
                List.of(layer("data", dir.resolve("hello.txt"), "/hello.txt")), RuntimeConfig.empty())), false);

        BuiltImage image = build(plan);

        assertThat(image.index()).isNull();
        assertThat(image.root()).isEqualTo(image.images().get(0).manifest());
        JsonNode manifest = JsonTrees.parse(image.root().bytes());
        assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.path("layers")).hasSize(1);
        assertThat(manifest.path("annotations").path("org.opencontainers.image.created").asText())
                .isEqualTo("2024-01-31T12:00:00Z");
        Blob layer = image.images().get(0).layers().get(0);
        assertThat(Files.size(layer.file())).isEqualTo(layer.size());
        assertThat(layer.file().getFileName().toString()).isEqualTo(layer.digest().hex());
        JsonNode config = JsonTrees.parse(image.images().get(0).config().bytes());
        assertThat(config.path("history").get(0).path("created_by").asText()).isEqualTo("scratch-maven-plugin layer data");
        assertThat(image.created()).isEqualTo(CREATED);
        assertThat(Instant.parse(config.path("created").asText())).isEqualTo(image.created());
        assertThat(image.images().get(0).diffIds()).extracting(Object::toString)
                .containsExactly(config.path("rootfs").path("diff_ids").get(0).asText());
    }

    /**
     * A layer this build wrote is handed on as checked (copies need not hash it again); one taken
     * from the cache is not, so a cached file changed since it was stored is refused when copied.
     */
    @Test
    void layersBuiltNowAreCheckedAndCachedOnesAreNot() throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "hello");
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(new PlatformPlan(AMD64,
                List.of(layer("data", dir.resolve("hello.txt"), "/hello.txt")), RuntimeConfig.empty())), false);
        LayerOptions cached = new LayerOptions(6, 1, dir.resolve("cache"));

        Blob built = new ImageBuilder(dir.resolve("work1"), cached, log).build(plan).images().get(0).layers().get(0);
        BuiltImage warm = new ImageBuilder(dir.resolve("work2"), cached, log).build(plan);
        Blob reused = warm.images().get(0).layers().get(0);

        assertThat(built.checked()).isTrue();
        assertThat(reused.checked()).isFalse();
        assertThat(reused.digest()).isEqualTo(built.digest());
        assertThat(reused.file()).startsWith(dir.resolve("cache"));
        byte[] bytes = Files.readAllBytes(reused.file());
        bytes[bytes.length - 1] ^= 1;
        Files.write(reused.file(), bytes);
        assertThatThrownBy(() -> Sinks.deliver(new io.github.scratchimage.output.TarballSink(dir.resolve("image.tar"), ImageName.of(io.github.scratchimage.image.ImageReference.parse("example/app:1"), List.of()), null, BuildLog.NONE), warm))
                .isInstanceOf(BlobMismatchException.class).hasMessageContaining("does not match its digest");
    }

    @Test
    void configOnlyImageWithoutLayersIsValid() throws IOException {
        BuiltImage image = build(new ImagePlan(ImageFormat.OCI, CREATED, Map.of(),
                List.of(new PlatformPlan(AMD64, List.of(), RuntimeConfig.empty())), false));
        assertThat(JsonTrees.parse(image.root().bytes()).path("layers")).isEmpty();
        assertThat(JsonTrees.parse(image.images().get(0).config().bytes()).path("rootfs").path("diff_ids")).isEmpty();
    }

    /** linux/amd64 and linux/arm64/v8, each with a shared layer and one of its own ({os}-{arch} in the source). */
    private ImagePlan twoPlatformPlan() throws IOException {
        Files.createDirectories(dir.resolve("native/linux-amd64"));
        Files.createDirectories(dir.resolve("native/linux-arm64"));
        Files.writeString(dir.resolve("native/linux-amd64/arch.txt"), "amd64");
        Files.writeString(dir.resolve("native/linux-arm64/arch.txt"), "arm64");
        Files.writeString(dir.resolve("shared.txt"), "shared");
        List<LayerSpec> layers = List.of(layer("shared", dir.resolve("shared.txt"), "/shared.txt"),
                layer("arch", dir.resolve("native/{os}-{arch}/arch.txt"), "/arch.txt"));
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, layers, RuntimeConfig.empty()),
                new PlatformPlan(ARM64, layers, RuntimeConfig.empty())), false);
        return plan;
    }

    /**
     * A warm build of files older than the file-state memo's settle time takes every layer, of both
     * platforms, from one layer-set record: the same image, each layer handed on as from the cache.
     * Waits {@code SETTLED_MILLIS} (2 s) once, so that the files just written count as settled.
     */
    @Test
    void aWarmBuildOfSettledFilesTakesAllLayersFromOneRecord() throws Exception {
        ImagePlan plan = twoPlatformPlan();
        LayerOptions cached = new LayerOptions(6, 2, dir.resolve("cache"));
        Thread.sleep(2_100);

        BuiltImage cold = new ImageBuilder(dir.resolve("work1"), cached, log).build(plan);
        assertThat(log.debugs()).noneMatch(line -> line.contains("found by one cache record"));
        List<Boolean> fromCache = new java.util.ArrayList<>();
        BuiltImage warm = new ImageBuilder(dir.resolve("work2"), cached, log).build(plan,
                (layer, reused) -> fromCache.add(reused));

        assertThat(log.debugs()).contains("All 3 layer(s) unchanged: found by one cache record of their files' state");
        assertThat(fromCache).containsExactly(true, true, true);
        assertThat(warm.digest()).isEqualTo(cold.digest());
        for (int i = 0; i < 2; i++) {
            assertThat(warm.images().get(i).layers()).extracting(Blob::digest)
                    .isEqualTo(cold.images().get(i).layers().stream().map(Blob::digest).toList());
        }
        assertThat(warm.images().get(1).layers().get(1).file()).startsWith(dir.resolve("cache"));
    }

    @Test
    void aLayerPerFileGivesEachFileItsLayerAndAChangeRebuildsOnlyThatOne() throws Exception {
        Path site = dir.resolve("site");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        Files.writeString(site.resolve("css/style.css"), "h1 {}");
        Files.writeString(site.resolve("robots.txt"), "User-agent: *");
        LayerSpec perFile = new LayerSpec("site", layer("site", site, "/srv/www").files(), "layers/layer", true);
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(new PlatformPlan(AMD64,
                List.of(layer("first", site.resolve("robots.txt"), "/robots.txt"), perFile), RuntimeConfig.empty())),
                false);
        LayerOptions cached = new LayerOptions(6, 2, dir.resolve("cache"));

        BuiltImage cold = new ImageBuilder(dir.resolve("work1"), cached, log).build(plan);

        JsonNode config = JsonTrees.parse(cold.images().get(0).config().bytes());
        assertThat(config.path("history").findValuesAsText("created_by")).containsExactly(
                "scratch-maven-plugin layer first",
                "scratch-maven-plugin layer site /srv/www/css/style.css",
                "scratch-maven-plugin layer site /srv/www/index.html",
                "scratch-maven-plugin layer site /srv/www/robots.txt");
        List<Blob> coldLayers = cold.images().get(0).layers();
        assertThat(coldLayers).hasSize(4);

        Files.writeString(site.resolve("index.html"), "<h1>changed</h1>");
        List<Boolean> fromCache = new java.util.ArrayList<>();
        BuiltImage changed = new ImageBuilder(dir.resolve("work2"), cached, log).build(plan,
                (layer, reused) -> fromCache.add(reused));

        assertThat(fromCache).containsExactlyInAnyOrder(true, true, false, true); // in the order they got ready
        List<Blob> changedLayers = changed.images().get(0).layers();
        for (int i : new int[] {0, 1, 3}) {
            assertThat(changedLayers.get(i).digest()).isEqualTo(coldLayers.get(i).digest());
        }
        assertThat(changedLayers.get(2).digest()).isNotEqualTo(coldLayers.get(2).digest());
    }

    @Test
    void aLayerPerFileWithAPlatformPlaceholderIsSplitForEachPlatform() throws IOException {
        for (String arch : List.of("amd64", "arm64")) {
            Files.createDirectories(dir.resolve("out/linux-" + arch + "/lib"));
            Files.writeString(dir.resolve("out/linux-" + arch + "/app"), "app for " + arch);
            Files.writeString(dir.resolve("out/linux-" + arch + "/lib/libx.so"), "lib for " + arch);
        }
        LayerSpec perFile = new LayerSpec("native", layer("native", dir.resolve("out/{os}-{arch}"), "/opt").files(),
                "layers/layer", true);
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(perFile), RuntimeConfig.empty()),
                new PlatformPlan(ARM64, List.of(perFile), RuntimeConfig.empty())), false);

        BuiltImage image = build(plan);

        for (PlatformImage platform : image.images()) {
            JsonNode config = JsonTrees.parse(platform.config().bytes());
            assertThat(config.path("history").findValuesAsText("created_by")).containsExactly(
                    "scratch-maven-plugin layer native /opt/app", "scratch-maven-plugin layer native /opt/lib/libx.so");
        }
        List<Blob> amd = image.images().get(0).layers();
        List<Blob> arm = image.images().get(1).layers();
        assertThat(amd.get(0).digest()).isNotEqualTo(arm.get(0).digest());
        assertThat(amd.get(1).digest()).isNotEqualTo(arm.get(1).digest());
        assertThat(image.contentBlobs()).hasSize(2 * (2 + 1));
    }

    @Test
    void twoPlatformsShareEqualLayersAndGetTheirOwnFiles() throws IOException {
        ImagePlan plan = twoPlatformPlan();

        BuiltImage image = build(plan);

        PlatformImage amd = image.images().get(0);
        PlatformImage arm = image.images().get(1);
        assertThat(amd.layers().get(0).digest()).isEqualTo(arm.layers().get(0).digest());
        assertThat(amd.layers().get(1).digest()).isNotEqualTo(arm.layers().get(1).digest());
        assertThat(image.contentBlobs()).hasSize(3 + 2);
        JsonNode index = JsonTrees.parse(image.index().bytes());
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.path("manifests")).hasSize(2);
        assertThat(index.path("manifests").get(1).path("platform").path("architecture").asText()).isEqualTo("arm64");
        assertThat(index.path("manifests").get(1).path("platform").path("variant").asText()).isEqualTo("v8");
        assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(amd.manifest().digest().toString());
        assertThat(JsonTrees.parse(arm.config().bytes()).path("variant").asText()).isEqualTo("v8");
    }

    @Test
    void dockerFormatWritesManifestList() throws IOException {
        ImagePlan plan = new ImagePlan(ImageFormat.DOCKER, CREATED, Map.of("a", "b"), List.of(
                new PlatformPlan(AMD64, List.of(), RuntimeConfig.empty())), true);
        BuiltImage image = build(plan);
        assertThat(image.index().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(JsonTrees.parse(image.images().get(0).manifest().bytes()).has("annotations")).isFalse();
    }

    @Test
    void sameInputGivesSameDigestWhateverTheMtimes() throws IOException {
        Path file = dir.resolve("app.txt");
        Files.writeString(file, "content");
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(layer("app", file, "/app.txt")), RuntimeConfig.empty())), false);
        String first = build(plan).digest().toString();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(1_000_000, TimeUnit.SECONDS));
        assertThat(build(plan).digest()).hasToString(first);
        Files.writeString(file, "changed");
        assertThat(build(plan).digest().toString()).isNotEqualTo(first);
    }

    @Test
    void duplicatePlatformIsAnError() {
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(), RuntimeConfig.empty()),
                new PlatformPlan(Platform.parse("linux/x86_64", null), List.of(), RuntimeConfig.empty())),
                false);
        assertThatThrownBy(() -> build(plan)).isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.PLATFORMS).hasMessageContaining("linux/amd64");
    }

    @Test
    void entrypointBuiltForAnotherMachineFailsBeforeAnythingIsWritten() throws Exception {
        Path app = compileHostBinary();
        ImagePlan arm = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(ARM64, List.of(layer("app", app, "/app")), entrypoint("/app"))), false);
        assertThatThrownBy(() -> build(arm)).isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("/app").hasMessageContaining("x86-64").hasMessageContaining("linux/arm64");
        assertThat(dir.resolve("work")).doesNotExist();

        ImagePlan warn = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), arm.platforms(), false,
                PlatformCheckMode.WARN);
        assertThat(build(warn).images()).hasSize(1);
        assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("/app"));

        ImagePlan amd = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(layer("app", app, "/app"), loaderLayer()), entrypoint("/app"))),
                false);
        assertThat(build(amd).images()).hasSize(1);
    }

    /** A layer with the x86-64 loader (any bytes: only its path counts) and libc, the loader by a symlink. */
    private LayerSpec loaderLayer() throws IOException {
        Path root = Files.createDirectories(dir.resolve("loader-root"));
        Path lib = Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        if (!Files.exists(lib.resolve("ld-linux-x86-64.so.2"))) {
            Files.writeString(lib.resolve("ld-linux-x86-64.so.2"), "not really a loader");
            Files.writeString(lib.resolve("libc.so.6"), "not really libc");
            Files.createSymbolicLink(Files.createDirectories(root.resolve("lib64")).resolve("ld-linux-x86-64.so.2"),
                    Path.of("../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        }
        return layer("loader", root, "/");
    }

    @Test
    void dynamicEntrypointWithoutItsLoaderFailsNamingItAndPassesWithTheLoaderInALayer() throws Exception {
        Path app = compileHostBinary();
        ImagePlan bare = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(layer("app", app, "/usr/local/bin/app")),
                        entrypoint("/usr/local/bin/app"))), false);
        assertThatThrownBy(() -> build(bare)).isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("the entrypoint /usr/local/bin/app (from " + app + ")")
                .hasMessageContaining("/lib64/ld-linux-x86-64.so.2, which is not in the image")
                .hasMessageContaining("Link it statically");
        assertThat(dir.resolve("work")).doesNotExist();

        ImagePlan warn = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), bare.platforms(), false,
                PlatformCheckMode.WARN);
        assertThat(build(warn).images()).hasSize(1);
        assertThat(log.warnings()).singleElement().asString()
                .contains("/usr/local/bin/app", "/lib64/ld-linux-x86-64.so.2", "the platform check is set to warn");

        log.clear();
        ImagePlan withLoader = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(loaderLayer(), layer("app", app, "/usr/local/bin/app")),
                        entrypoint("/usr/local/bin/app"))), false);
        assertThat(build(withLoader).images()).hasSize(1);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void scriptEntrypointWithoutShellFailsAndOtherExecutablesOnlyWarn() throws Exception {
        Path app = compileHostBinary();
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\nexec /app\n");
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(layer("run", script, "/run.sh")), entrypoint("/run.sh"))), false);
        assertThatThrownBy(() -> build(plan)).isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("the entrypoint /run.sh (from " + script + ")")
                .hasMessageContaining("#!/bin/sh").hasMessageContaining("/bin/sh, which is not in the image");

        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.copy(app, tools.resolve("tool"));
        Files.copy(script, tools.resolve("helper.sh"));
        LayerSpec toolLayer = new LayerSpec("tools", List.of(new FileSpec(tools, "/usr/bin", 0755, null, 0, 0,
                null, null, "layers/layer/files/file")), "layers/layer");
        Path staticApp = compileHostBinary("-static");
        ImagePlan others = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(AMD64, List.of(layer("app", staticApp, "/app"), toolLayer), entrypoint("/app"))),
                false);
        assertThat(build(others).images()).hasSize(1);
        assertThat(log.warnings()).hasSize(2);
        assertThat(log.warnings().get(0)).startsWith("Platform check: /usr/bin/helper.sh").contains("/bin/sh");
        assertThat(log.warnings().get(1)).startsWith("Platform check: /usr/bin/tool")
                .contains("/lib64/ld-linux-x86-64.so.2");
    }

    @Test
    void onlyExecutableFilesAndTheMainExecutableAreChecked() throws Exception {
        Path app = compileHostBinary();
        Path copies = Files.createDirectories(dir.resolve("copies"));
        Files.copy(app, copies.resolve("tool"));
        Files.copy(app, copies.resolve("data.bin"));
        LayerSpec files = new LayerSpec("files", List.of(
                new FileSpec(copies, "/opt", 0755, null, 0, 0, List.of("tool"), null, "layers/layer/files/file[1]"),
                new FileSpec(copies, "/opt", 0644, null, 0, 0, List.of("data.bin"), null, "layers/layer/files/file[2]")),
                "layers/layer");
        ImagePlan plan = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(ARM64, List.of(files), entrypoint("/bin/sh"))), false, PlatformCheckMode.WARN);

        build(plan);

        assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("opt/tool", "x86-64"));
        assertThat(log.warnings()).noneSatisfy(w -> assertThat(w).contains("data.bin"));

        ImagePlan dataAsMain = new ImagePlan(ImageFormat.OCI, CREATED, Map.of(), List.of(
                new PlatformPlan(ARM64, List.of(files), entrypoint("/opt/data.bin"))), false);
        assertThatThrownBy(() -> build(dataAsMain)).isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("/opt/data.bin");
    }

    private Path compileHostBinary(String... flags) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"),
                "the test binary is compiled for this x86-64 machine");
        Path source = dir.resolve("app.c");
        Files.writeString(source, "int main(void) { return 0; }\n");
        Path binary = dir.resolve(flags.length == 0 ? "app" : "app" + String.join("", flags));
        List<String> command = new java.util.ArrayList<>(List.of("gcc"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", binary.toString(), source.toString()));
        ProcessRunner.Result gcc = ProcessRunner.create().withTimeout(Duration.ofSeconds(60))
                .run(command.toArray(String[]::new));
        assertThat(gcc.exitCode()).as(gcc.describe()).isZero();
        return binary;
    }
}
