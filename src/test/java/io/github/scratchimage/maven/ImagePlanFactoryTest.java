package io.github.scratchimage.maven;

import io.github.scratchimage.engine.PlatformPlaceholders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.github.scratchimage.testing.CapturingLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePlanFactoryTest {

    @TempDir
    Path basedir;

    private ImagePlanFactory factory(String outputTimestamp, String sourceDateEpoch) {
        return new ImagePlanFactory(new ProjectInfo(basedir, "1.2.3", "https://example.org/repo", outputTimestamp,
                sourceDateEpoch));
    }

    private ImagePlanFactory factory() {
        return factory(null, null);
    }

    @Test
    void anImageWithoutLayersIsBuiltWithAWarning() {
        CapturingLog log = new CapturingLog();
        ImagePlanFactory factory = new ImagePlanFactory(new ProjectInfo(basedir, "1.2.3", null, null, null), log);

        PlannedImage empty = factory.plan(parameters());

        assertThat(empty.plan().platforms().get(0).layers()).isEmpty();
        assertThat(log.warnings()).singleElement().asString()
                .startsWith("No <layers> for linux/amd64: its image holds no files.").contains("<source>", "<target>");

        log.clear();
        factory.plan(withFile(new FileEntry(basedir.toString(), "/app")));
        assertThat(log.warnings()).isEmpty();
    }

    private static PomConfiguration parameters() {
        return new PomConfiguration().image("example/app:1.0");
    }

    private static PomConfiguration withFile(FileEntry entry) {
        return parameters().layers(List.of(new Layer("app", List.of(entry))));
    }

    private InvalidParameterException failure(PomConfiguration parameters) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> factory().plan(parameters));
        assertThat(thrown).isInstanceOf(InvalidParameterException.class);
        return (InvalidParameterException) thrown;
    }

    @Test
    void turnsEveryParameterIntoThePlan() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z_FIRST", "1");
        env.put("A_SECOND", "2");
        env.put("EMPTY", null);
        FileEntry entry = new FileEntry("target/app", "/usr/local/bin/app");
        entry.setMode("0755");
        entry.setDirectoryMode("0700");
        entry.setOwner("65532:65533");
        entry.setIncludes(List.of(" **/*.html ", ""));
        entry.setExcludes(List.of("secret/**"));
        PomConfiguration parameters = parameters().tags(List.of("latest", "1.0", "latest"))
                .platform("linux/aarch64/8").osVersion("6.1").environment(env)
                .layers(List.of(new Layer(" app ", List.of(entry)), new Layer(null, List.of())))
                .entrypoint(List.of("/usr/local/bin/app")).cmd(List.of("--serve")).workingDirectory("/")
                .user("65532:65532").exposedPorts(List.of("8080", "53/udp")).volumes(List.of("/data"))
                .labels(Map.of("org.example.team", "core"))
                .annotations(Map.of("org.opencontainers.image.vendor", "Example")).stopSignal("SIGTERM")
                .creationTime("2024-01-31T12:00:00.750+01:00").format("docker");

        PlannedImage planned = factory().plan(parameters);

        assertThat(planned.name().reference().toString()).isEqualTo("docker.io/example/app:1.0");
        assertThat(planned.name().tags()).containsExactly("1.0", "latest");
        assertThat(planned.plan().format()).isEqualTo(ImageFormat.DOCKER);
        assertThat(planned.plan().created()).isEqualTo(Instant.parse("2024-01-31T11:00:00Z"));
        assertThat(planned.plan().needsIndex()).isFalse();
        assertThat(planned.plan().annotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "org.opencontainers.image.created", "2024-01-31T11:00:00Z",
                "org.opencontainers.image.version", "1.2.3",
                "org.opencontainers.image.source", "https://example.org/repo",
                "org.opencontainers.image.vendor", "Example"));

        PlatformPlan platform = planned.plan().platforms().get(0);
        assertThat(platform.platform()).isEqualTo(new Platform("linux", "arm64", "v8", "6.1"));
        assertThat(platform.runtime().environmentList()).containsExactly("Z_FIRST=1", "A_SECOND=2", "EMPTY=");
        assertThat(platform.runtime().entrypoint()).containsExactly("/usr/local/bin/app");
        assertThat(platform.runtime().cmd()).containsExactly("--serve");
        assertThat(platform.runtime().workingDirectory()).isEqualTo("/");
        assertThat(platform.runtime().user()).isEqualTo("65532:65532");
        assertThat(platform.runtime().exposedPorts()).containsExactly("53/udp", "8080/tcp");
        assertThat(platform.runtime().volumes()).containsExactly("/data");
        assertThat(platform.runtime().labels()).containsEntry("org.example.team", "core");
        assertThat(platform.runtime().stopSignal()).isEqualTo("SIGTERM");

        assertThat(platform.layers()).hasSize(2);
        LayerSpec first = platform.layers().get(0);
        assertThat(first.name()).isEqualTo("app");
        assertThat(first.origin()).isEqualTo("layers/layer[1]");
        FileSpec file = first.files().get(0);
        assertThat(file.source()).isEqualTo(basedir.resolve("target/app"));
        assertThat(file.target()).isEqualTo("/usr/local/bin/app");
        assertThat(file.mode()).isEqualTo(0755);
        assertThat(file.directoryMode()).isEqualTo(0700);
        assertThat(file.uid()).isEqualTo(65532);
        assertThat(file.gid()).isEqualTo(65533);
        assertThat(file.includes()).containsExactly("**/*.html");
        assertThat(file.excludes()).containsExactly("secret/**");
        assertThat(file.origin()).isEqualTo("layers/layer[1]/files/file[1]");
        LayerSpec second = platform.layers().get(1);
        assertThat(second.name()).isNull();
        assertThat(second.files()).isEmpty();
    }

    @Test
    void defaultsGiveOneConfigOnlyImageForLinuxAmd64() {
        PlannedImage planned = factory().plan(new PomConfiguration().image("app"));

        assertThat(planned.name().reference().tag()).isEqualTo("latest");
        assertThat(planned.name().tags()).containsExactly("latest");
        assertThat(planned.plan().format()).isEqualTo(ImageFormat.OCI);
        PlatformPlan platform = planned.plan().platforms().get(0);
        assertThat(platform.platform()).isEqualTo(Platform.linuxAmd64());
        assertThat(platform.layers()).isEmpty();
        assertThat(platform.runtime().environment()).isEmpty();
        assertThat(planned.plan().created()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void fileWithoutModeOrOwnerLeavesModeToTheSourceAndOwnsByRoot() {
        FileSpec file = factory().plan(withFile(new FileEntry("/abs/file", "/file"))).plan().platforms().get(0)
                .layers().get(0).files().get(0);

        assertThat(file.source()).isEqualTo(Path.of("/abs/file"));
        assertThat(file.mode()).isNull();
        assertThat(file.directoryMode()).isNull();
        assertThat(file.uid()).isZero();
        assertThat(file.gid()).isZero();
    }

    @Test
    void platformPlaceholdersInSourcesAreLeftForTheEngine() {
        PlatformPlan plan = factory().plan(withFile(new FileEntry("target/{os}-{arch}{variant}/app", "/app"))
                .platform("linux/arm/v7")).plan().platforms().get(0);
        LayerSpec layer = plan.layers().get(0);

        assertThat(layer.files().get(0).source()).isEqualTo(basedir.resolve("target/{os}-{arch}{variant}/app"));
        assertThat(PlatformPlaceholders.resolve(layer, plan.platform()).files().get(0).source())
                .isEqualTo(basedir.resolve("target/linux-armv7/app"));
    }

    @Test
    void placeholderInTargetNamesTheTarget() {
        assertThat(failure(withFile(new FileEntry("app", "/{arch}/app"))).parameter())
                .isEqualTo("layers/layer[1]/files/file[1]/target");
    }

    @ParameterizedTest
    @CsvSource({"0755,493", "755,493", "0644,420", "0,0", "07777,4095", "00644,420"})
    void modeIsOctal(String mode, int expected) {
        assertThat(ImagePlanFactory.mode(mode, "mode")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0758", "rwxr-xr-x", "010000", "17777", "-1", "0x1ed", "7 55"})
    void badModeNamesTheParameter(String mode) {
        FileEntry entry = new FileEntry("app", "/app");
        entry.setMode(mode);

        InvalidParameterException e = failure(withFile(entry));

        assertThat(e.parameter()).isEqualTo("layers/layer[1]/files/file[1]/mode");
        assertThat(e.getMessage()).contains(mode).contains("octal");
    }

    @Test
    void badDirectoryModeNamesTheParameter() {
        FileEntry entry = new FileEntry("app", "/app");
        entry.setDirectoryMode("0800");

        assertThat(failure(withFile(entry)).parameter()).isEqualTo("layers/layer[1]/files/file[1]/directoryMode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nobody", "65532", "65532:", ":65532", "1:2:3", "-1:0", "0:x", "4294967296:0",
        "root:root"})
    void badOwnerNamesTheParameter(String owner) {
        FileEntry entry = new FileEntry("app", "/app");
        entry.setOwner(owner);

        InvalidParameterException e = failure(withFile(entry));

        assertThat(e.parameter()).isEqualTo("layers/layer[1]/files/file[1]/owner");
        assertThat(e.getMessage()).contains("uid:gid");
    }

    @Test
    void missingSourceOrTargetNamesTheEntry() {
        assertThat(failure(withFile(new FileEntry(null, "/app"))).parameter())
                .isEqualTo("layers/layer[1]/files/file[1]/source");
        assertThat(failure(withFile(new FileEntry("app", " "))).parameter())
                .isEqualTo("layers/layer[1]/files/file[1]/target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "linux/pentium", "linux/arm64/v9/x", "beos/amd64", "linux/amd64/v9", ""})
    void badPlatformNamesTheParameter(String platform) {
        assertThat(failure(parameters().platform(platform)).parameter()).isEqualTo("platform");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A=B"})
    void badEnvironmentNameNamesTheParameter(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(name, "x");

        assertThat(failure(parameters().environment(env)).parameter()).isEqualTo("environment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "8080/http", "http", "-1", "70000/tcp"})
    void badPortNamesTheParameter(String port) {
        assertThat(failure(parameters().exposedPorts(List.of(port))).parameter()).isEqualTo("exposedPorts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Example/App:1.0", "example/app:bad/tag", "example/app:-dash", "example/app:t@g",
        "example//app", "example/app@sha256:" + "a"})
    void badImageReferenceNamesTheParameter(String image) {
        assertThat(failure(parameters().image(image)).parameter()).isEqualTo("image");
    }

    @Test
    void imageWithDigestIsRejected() {
        InvalidParameterException e = failure(parameters().image("example/app@sha256:" + "a".repeat(64)));

        assertThat(e.parameter()).isEqualTo("image");
        assertThat(e.getMessage()).contains("digest");
    }

    @Test
    void badTagNamesTheParameter() {
        assertThat(failure(parameters().tags(List.of("ok", "not ok"))).parameter()).isEqualTo("tags");
    }

    @Test
    void badFormatNamesTheParameter() {
        assertThat(failure(parameters().format("zip")).parameter()).isEqualTo("format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-13-01T00:00:00Z", "2024-01-01", "12:00"})
    void unparsableCreationTimeNamesTheParameter(String time) {
        assertThat(failure(parameters().creationTime(time)).parameter()).isEqualTo("creationTime");
    }

    @Test
    void creationTimeAcceptsEpochSeconds() {
        assertThat(factory().created("1706702400")).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    }

    @Test
    void creationTimeWinsOverEveryFallback() {
        assertThat(factory("2020-01-01T00:00:00Z", "1000").created("2024-01-31T12:00:00Z"))
                .isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    }

    @Test
    void outputTimestampIsTheFirstFallback() {
        assertThat(factory("2020-01-01T00:00:00Z", "1000").created(null))
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(factory("1577836800", "1000").created(" "))
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void outputTimestampOfOneCharacterMeansUnset() {
        assertThat(factory("a", "1000").created(null)).isEqualTo(Instant.ofEpochSecond(1000));
        assertThat(factory("0", null).created(null)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void sourceDateEpochIsTheSecondFallback() {
        assertThat(factory(null, "1706702400").created(null)).isEqualTo(Instant.parse("2024-01-31T12:00:00Z"));
    }

    @Test
    void epochZeroWhenNothingIsSet() {
        assertThat(factory(null, "").created(null)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void badOutputTimestampNamesTheProperty() {
        assertThatThrownBy(() -> factory("next week", null).created(null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("project.build.outputTimestamp");
    }

    @Test
    void badSourceDateEpochNamesTheVariable() {
        assertThatThrownBy(() -> factory(null, "2024-01-31T12:00:00Z").created(null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("SOURCE_DATE_EPOCH");
    }

    /**
     * Maven itself parses SOURCE_DATE_EPOCH with Long.parseLong (MavenBuildTimestamp) and fails with
     * "Internal error: NumberFormatException" on "notanumber" before any plugin runs; every value that
     * gets to us is a clear error naming the variable.
     */
    @ParameterizedTest
    @ValueSource(strings = {"notanumber", "+5", "-5", "1e9", "12 34", "99999999999999999999", "253402300800",
        "9223372036854775807", "2024-01-31T12:00:00Z"})
    void everyBadSourceDateEpochNamesTheVariableAndTheForm(String value) {
        InvalidParameterException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidParameterException.class,
                () -> factory(null, value).created(null));

        assertThat(e.parameter()).isEqualTo("SOURCE_DATE_EPOCH");
        assertThat(e.getMessage()).contains("'" + value + "'").contains("seconds since 1970-01-01T00:00:00Z")
                .contains("253402300799").doesNotContain("ISO-8601");
    }

    @Test
    void sourceDateEpochUpToTheEndOfYear9999IsAccepted() {
        assertThat(factory(null, "253402300799").created(null)).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(factory(null, " 0 ").created(null)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void creationTimeAndOutputTimestampAfterYear9999NameTheirParameter() {
        assertThat(failure(parameters().creationTime("+10000-01-01T00:00:00Z")).parameter())
                .isEqualTo("creationTime");
        assertThat(failure(parameters().creationTime("253402300800")).parameter()).isEqualTo("creationTime");
        assertThatThrownBy(() -> factory("+10000-01-01T00:00:00Z", null).created(null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("<project.build.outputTimestamp>").hasMessageContaining("9999");
    }

    @Test
    void imageWithPortAbove65535NamesTheParameter() {
        assertThat(failure(parameters().image("localhost:99999/app")).getMessage())
                .startsWith("<image>").contains("99999").contains("1 to 65535");
    }

    /** Maven gives null for an empty {@code <arg/>}. */
    @Test
    void emptyArgumentsInEntrypointAndCmdAreEmptyStrings() {
        PlatformEntry entry = new PlatformEntry("linux/arm64");
        entry.setEntrypoint(Arrays.asList("/app", null));
        entry.setCmd(Arrays.asList(null, ""));

        PlannedImage single = factory().plan(parameters().entrypoint(Arrays.asList("/app", null, "-v"))
                .cmd(Arrays.asList((String) null)));
        PlannedImage several = factory().plan(parameters().platforms(List.of(entry)));

        assertThat(single.plan().platforms().get(0).runtime().entrypoint()).containsExactly("/app", "", "-v");
        assertThat(single.plan().platforms().get(0).runtime().cmd()).containsExactly("");
        assertThat(several.plan().platforms().get(0).runtime().entrypoint()).containsExactly("/app", "");
        assertThat(several.plan().platforms().get(0).runtime().cmd()).containsExactly("", "");
    }

    @Test
    void badUserStopSignalWorkingDirectoryAndVolumeNameTheirParameter() {
        assertThat(failure(parameters().user("-1")).parameter()).isEqualTo("user");
        assertThat(failure(parameters().stopSignal("SIGFOO")).parameter()).isEqualTo("stopSignal");
        assertThat(failure(parameters().workingDirectory("/app/../etc")).parameter()).isEqualTo("workingDirectory");
        assertThat(failure(parameters().volumes(List.of("/data/.."))).parameter()).isEqualTo("volumes");
        assertThat(failure(parameters().exposedPorts(List.of("1-2000"))).parameter()).isEqualTo("exposedPorts");
    }

    @Test
    void createdAnnotationFollowsTheFallbackAndConfiguredAnnotationsOverride() {
        ImagePlanFactory factory = new ImagePlanFactory(new ProjectInfo(basedir, "2.0", null, null, "86400"));

        Map<String, String> annotations = factory.plan(parameters()
                .annotations(Map.of("org.opencontainers.image.version", "custom"))).plan().annotations();

        assertThat(annotations).containsExactlyInAnyOrderEntriesOf(Map.of(
                "org.opencontainers.image.created", "1970-01-02T00:00:00Z",
                "org.opencontainers.image.version", "custom"));
    }
}
