package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.check.PlatformCheckMode;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.image.RuntimeConfig;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.FileStamp;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input state must change whenever the image would: else a push would keep an outdated image
 * at its tag. Each test builds real images and compares their digests with their input states.
 */
class PreparedImageTest {
    private static final Instant CREATED = Instant.parse("2024-01-31T12:00:00Z");

    @TempDir
    Path dir;

    private Path site;
    private int builds;

    @BeforeEach
    void files() throws IOException {
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>one</h1>\n");
        Files.writeString(site.resolve("app"), "#!/bin/sh\n");
    }

    /** The settings every variant starts from; each variant changes one of them. */
    private record Variant(String name, int compressionLevel, ImageFormat format, Instant created,
            Map<String, String> annotations, boolean alwaysIndex, PlatformCheckMode check, List<Platform> platforms,
            String layerName, boolean perFile, Integer mode, int uid, String target, Map<String, String> env,
            List<String> entrypoint, List<String> cmd, String workdir, String user, List<String> ports,
            List<String> volumes, Map<String, String> labels, String stopSignal) {

        static Variant base() {
            return new Variant("base", 6, ImageFormat.OCI, CREATED, Map.of("a", "1"), false, PlatformCheckMode.OFF,
                    List.of(Platform.linuxAmd64()), "site", false, null, 0, "/srv", Map.of("MODE", "prod"),
                    List.of("/srv/app"), List.of("--serve"), "/srv", "65532", List.of("8080"), List.of("/data"),
                    Map.of("team", "web"), "SIGTERM");
        }

        ImagePlan plan(Path site) {
            LayerSpec layer = new LayerSpec(layerName, List.of(new FileSpec(site, target, mode, null, uid, uid, null,
                    null, "layers/layer/files/file")), "layers/layer", perFile);
            RuntimeConfig runtime = RuntimeConfig.validated(new LinkedHashMap<>(env), entrypoint, cmd, workdir, user,
                    ports, volumes, labels, stopSignal);
            List<PlatformPlan> plans = new ArrayList<>();
            for (Platform platform : platforms) {
                plans.add(new PlatformPlan(platform, List.of(layer), runtime));
            }
            return new ImagePlan(format, created, annotations, plans, alwaysIndex, check);
        }
    }

    private static List<Variant> variants() {
        Variant b = Variant.base();
        List<UnaryOperator<Variant>> changes = List.of(
                v -> new Variant("compressionLevel", 1, v.format, v.created, v.annotations, v.alwaysIndex, v.check,
                        v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint, v.cmd,
                        v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("format", v.compressionLevel, ImageFormat.DOCKER, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("created", v.compressionLevel, v.format, CREATED.plusSeconds(1), v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("annotations", v.compressionLevel, v.format, v.created, Map.of("a", "2"),
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("alwaysIndex", v.compressionLevel, v.format, v.created, v.annotations, true,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint,
                        v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("platformCheck", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, PlatformCheckMode.WARN, v.platforms, v.layerName, v.perFile, v.mode, v.uid,
                        v.target, v.env, v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels,
                        v.stopSignal),
                v -> new Variant("architecture", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, List.of(Platform.parse("linux/arm64", null)), v.layerName,
                        v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint, v.cmd, v.workdir, v.user, v.ports,
                        v.volumes, v.labels, v.stopSignal),
                v -> new Variant("variant", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, List.of(Platform.parse("linux/amd64/v3", null)), v.layerName, v.perFile,
                        v.mode, v.uid, v.target, v.env, v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes,
                        v.labels, v.stopSignal),
                v -> new Variant("osVersion", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, List.of(Platform.parse("linux/amd64", "6.1")), v.layerName, v.perFile,
                        v.mode, v.uid, v.target, v.env, v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes,
                        v.labels, v.stopSignal),
                v -> new Variant("platforms", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, List.of(Platform.linuxAmd64(), Platform.parse("linux/arm64", null)),
                        v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint, v.cmd, v.workdir,
                        v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("layerName", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, "www", v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint, v.cmd,
                        v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("layerPerFile", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, true, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("mode", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, 0600, v.uid, v.target, v.env, v.entrypoint,
                        v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("owner", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, 1000, v.target, v.env, v.entrypoint,
                        v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("target", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, "/www", v.env, v.entrypoint,
                        v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("environment", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target,
                        Map.of("MODE", "dev"), v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels,
                        v.stopSignal),
                v -> new Variant("entrypoint", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        List.of("/srv/app", "-v"), v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels,
                        v.stopSignal),
                v -> new Variant("cmd", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint,
                        List.of("--check"), v.workdir, v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("workingDirectory", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, "/tmp", v.user, v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("user", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint,
                        v.cmd, v.workdir, "65532:65532", v.ports, v.volumes, v.labels, v.stopSignal),
                v -> new Variant("exposedPorts", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, v.workdir, v.user, List.of("8080/udp"), v.volumes, v.labels,
                        v.stopSignal),
                v -> new Variant("volumes", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint,
                        v.cmd, v.workdir, v.user, v.ports, List.of("/cache"), v.labels, v.stopSignal),
                v -> new Variant("labels", v.compressionLevel, v.format, v.created, v.annotations, v.alwaysIndex,
                        v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env, v.entrypoint,
                        v.cmd, v.workdir, v.user, v.ports, v.volumes, Map.of("team", "ops"), v.stopSignal),
                v -> new Variant("stopSignal", v.compressionLevel, v.format, v.created, v.annotations,
                        v.alwaysIndex, v.check, v.platforms, v.layerName, v.perFile, v.mode, v.uid, v.target, v.env,
                        v.entrypoint, v.cmd, v.workdir, v.user, v.ports, v.volumes, v.labels, "SIGINT"));
        List<Variant> variants = new ArrayList<>();
        variants.add(b);
        for (UnaryOperator<Variant> change : changes) {
            variants.add(change.apply(b));
        }
        return variants;
    }

    private ImageBuilder builder(int compressionLevel) {
        return new ImageBuilder(dir.resolve("work" + builds++), new LayerOptions(compressionLevel, 1, null),
                BuildLog.NONE);
    }

    private record Outcome(Digest digest, InputState state) {
    }

    private Outcome build(Variant variant) throws IOException {
        ImageBuilder builder = builder(variant.compressionLevel);
        PreparedImage prepared = builder.prepare(variant.plan(site));
        InputState state = prepared.inputState().orElseThrow();
        return new Outcome(builder.build(prepared, LayerListener.NONE).digest(), state);
    }

    @Test
    void theSameInputsGiveTheSameState() throws IOException {
        Outcome first = build(Variant.base());
        Outcome second = build(Variant.base());

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.state().matches(first.state().bytes())).isTrue();
    }

    /** Every setting that changes the image changes the state; a setting that does not may leave it. */
    @Test
    void everySettingThatChangesTheImageChangesTheState() throws IOException {
        List<Variant> variants = variants();
        List<Outcome> outcomes = new ArrayList<>();
        for (Variant variant : variants) {
            outcomes.add(build(variant));
        }
        Outcome base = outcomes.get(0);
        List<String> imageChanged = new ArrayList<>();
        for (int i = 1; i < variants.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (!outcome.digest().equals(base.digest())) {
                imageChanged.add(variants.get(i).name());
                assertThat(outcome.state().matches(base.state().bytes()))
                        .as("input state of variant '%s', whose image differs", variants.get(i).name()).isFalse();
            }
        }
        // the variants are meant to change the image, all but the platform check
        assertThat(imageChanged).hasSize(variants.size() - 2).doesNotContain("platformCheck");
    }

    /** A file rewritten with its old size and mtime is a new state: its ctime moved. */
    @Test
    void aFileRewrittenWithItsOldSizeAndMtimeChangesTheState() throws Exception {
        Path page = site.resolve("index.html");
        FileTime mtime = Files.getLastModifiedTime(page);
        Outcome before = build(Variant.base());
        Thread.sleep(20); // past the file system's timestamp granularity

        Files.writeString(page, "<h1>two</h1>\n");
        Files.setLastModifiedTime(page, mtime);
        Outcome after = build(Variant.base());

        assertThat(after.digest()).isNotEqualTo(before.digest());
        assertThat(after.state().matches(before.state().bytes())).isFalse();
    }

    @Test
    void aNewFileChangesTheState() throws IOException {
        Outcome before = build(Variant.base());
        Files.writeString(site.resolve("new.css"), "body{}\n");
        Outcome after = build(Variant.base());

        assertThat(after.state().matches(before.state().bytes())).isFalse();
    }

    /** A state is settled once its newest file changed {@link FileStamp#SETTLED_MILLIS} before it was taken. */
    @Test
    void aStateIsSettledOnlyWhenItsFilesAreOldEnough() throws IOException {
        long now = System.currentTimeMillis();
        InputState fresh = new ImageBuilder(dir.resolve("w1"), LayerOptions.defaults(), BuildLog.NONE, () -> now)
                .prepare(Variant.base().plan(site)).inputState().orElseThrow();
        InputState later = new ImageBuilder(dir.resolve("w2"), LayerOptions.defaults(), BuildLog.NONE,
                () -> now + FileStamp.SETTLED_MILLIS + 1_000).prepare(Variant.base().plan(site)).inputState()
                .orElseThrow();

        assertThat(fresh.settled()).isFalse();
        assertThat(later.settled()).isTrue();
        assertThat(later.matches(fresh.bytes())).as("the clock is not part of the state").isTrue();
    }
}
