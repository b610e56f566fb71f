package io.github.scratchimage.maven;

import io.github.scratchimage.image.InvalidImageException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.scratchimage.engine.ImageBuilder;
import io.github.scratchimage.engine.ImagePlan;
import io.github.scratchimage.engine.PlatformPlaceholders;
import io.github.scratchimage.engine.PlatformPlan;
import io.github.scratchimage.check.PlatformCheckMode;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.layer.FileSpec;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <platforms>}, {@code alwaysIndex}, {@code platformCheck} and the layer options. */
class ImagePlanFactoryPlatformsTest {

    @TempDir
    Path basedir;

    private ImagePlanFactory factory() {
        return new ImagePlanFactory(new ProjectInfo(basedir, "1.0", null, null, null));
    }

    private static PomConfiguration parameters(PlatformEntry... platforms) {
        return new PomConfiguration().image("example/app:1.0").platforms(List.of(platforms));
    }

    private static PlatformEntry platform(String name) {
        return new PlatformEntry(name);
    }

    private static PlatformEntry platform(String name, Layer... layers) {
        PlatformEntry entry = new PlatformEntry(name);
        entry.setLayers(List.of(layers));
        return entry;
    }

    private static Layer layer(String name, FileEntry... files) {
        return new Layer(name, List.of(files));
    }

    private static LinkedHashMap<String, String> env(String... namesAndValues) {
        LinkedHashMap<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    private InvalidParameterException failure(PomConfiguration parameters) {
        Throwable thrown = catchThrowable(() -> factory().plan(parameters));
        assertThat(thrown).isInstanceOf(InvalidParameterException.class);
        return (InvalidParameterException) thrown;
    }

    /** The sources the engine builds for this platform, placeholders replaced. */
    private static List<String> sources(PlatformPlan plan) {
        List<String> sources = new ArrayList<>();
        for (LayerSpec layer : plan.layers()) {
            for (FileSpec file : PlatformPlaceholders.resolve(layer, plan.platform()).files()) {
                sources.add(file.source().toString());
            }
        }
        return sources;
    }

    @Test
    void eachPlatformGetsTheCommonLayersThenItsOwnWithPlaceholdersResolved() {
        PomConfiguration parameters = parameters(
                platform("linux/amd64", layer("amd", new FileEntry("native/amd64.so", "/lib/extra.so"))),
                platform("linux/aarch64/v8"))
                .layers(List.of(layer("app", new FileEntry("native/{os}-{arch}{variant}/app", "/app")),
                        layer("shared", new FileEntry("site", "/srv"))));

        ImagePlan plan = factory().plan(parameters).plan();

        assertThat(plan.platforms()).extracting(PlatformPlan::platform).containsExactly(
                new Platform("linux", "amd64", null, null), new Platform("linux", "arm64", "v8", null));
        PlatformPlan amd = plan.platforms().get(0);
        PlatformPlan arm = plan.platforms().get(1);
        assertThat(sources(amd)).containsExactly(basedir.resolve("native/linux-amd64/app").toString(),
                basedir.resolve("site").toString(), basedir.resolve("native/amd64.so").toString());
        assertThat(sources(arm)).containsExactly(basedir.resolve("native/linux-arm64v8/app").toString(),
                basedir.resolve("site").toString());
        assertThat(amd.layers().get(0).files().get(0).source().toString()).as("replaced by the engine, not here")
                .endsWith("native/{os}-{arch}{variant}/app");
        assertThat(amd.layers()).extracting(LayerSpec::origin)
                .containsExactly("layers/layer[1]", "layers/layer[2]", "platforms/platform[1]/layers/layer[1]");
        assertThat(amd.layers().get(2).files().get(0).origin())
                .isEqualTo("platforms/platform[1]/layers/layer[1]/files/file[1]");
        assertThat(amd.layers().get(1)).isEqualTo(arm.layers().get(1));
        assertThat(plan.needsIndex()).isTrue();
    }

    @Test
    void platformEnvironmentIsMergedOverTheCommonOneKeepingOrder() {
        PlatformEntry arm = platform("linux/arm64");
        arm.setEnvironment(env("ARCH_ONLY", "yes", "MODE", "arm"));
        PomConfiguration parameters = parameters(platform("linux/amd64"), arm)
                .environment(env("PATH", "/bin", "MODE", "common", "LAST", "z"));

        ImagePlan plan = factory().plan(parameters).plan();

        assertThat(plan.platforms().get(0).runtime().environmentList())
                .containsExactly("PATH=/bin", "MODE=common", "LAST=z");
        assertThat(plan.platforms().get(1).runtime().environmentList())
                .containsExactly("PATH=/bin", "MODE=arm", "LAST=z", "ARCH_ONLY=yes");
    }

    @Test
    void platformEntrypointAndCmdReplaceTheCommonOnesOnlyWhereWritten() {
        PlatformEntry arm = platform("linux/arm64");
        arm.setEntrypoint(List.of("/app-arm64", "--arm"));
        PlatformEntry riscv = platform("linux/riscv64");
        riscv.setCmd(List.of("--slow"));
        PomConfiguration parameters = parameters(platform("linux/amd64"), arm, riscv)
                .entrypoint(List.of("/app")).cmd(List.of("--serve")).workingDirectory("/work");

        List<PlatformPlan> plans = factory().plan(parameters).plan().platforms();

        assertThat(plans.get(0).runtime().entrypoint()).containsExactly("/app");
        assertThat(plans.get(0).runtime().cmd()).containsExactly("--serve");
        assertThat(plans.get(1).runtime().entrypoint()).containsExactly("/app-arm64", "--arm");
        assertThat(plans.get(1).runtime().cmd()).containsExactly("--serve");
        assertThat(plans.get(2).runtime().entrypoint()).containsExactly("/app");
        assertThat(plans.get(2).runtime().cmd()).containsExactly("--slow");
        assertThat(plans).allSatisfy(p -> assertThat(p.runtime().workingDirectory()).isEqualTo("/work"));
    }

    @Test
    void osVersionOfAnEntryWinsOverTheCommonOne() {
        PlatformEntry windows = platform("windows/amd64");
        windows.setOsVersion("10.0.20348.1");
        PomConfiguration parameters = parameters(windows, platform("linux/amd64")).osVersion("6.1");

        List<PlatformPlan> plans = factory().plan(parameters).plan().platforms();

        assertThat(plans.get(0).platform().osVersion()).isEqualTo("10.0.20348.1");
        assertThat(plans.get(1).platform().osVersion()).isEqualTo("6.1");
    }

    @Test
    void platformAndPlatformsTogetherAreRejected() {
        InvalidParameterException e = failure(parameters(platform("linux/arm64")).platform("linux/amd64"));

        assertThat(e.parameter()).isEqualTo("platforms");
        assertThat(e.getMessage()).contains("<platform>").contains("linux/amd64").contains("not both");
    }

    @Test
    void platformAloneOrNeitherStaysASinglePlatformWithoutIndex() {
        assertThat(factory().plan(new PomConfiguration().image("app").platform("linux/arm/v7")).plan()
                .platforms()).extracting(PlatformPlan::platform)
                .containsExactly(new Platform("linux", "arm", "v7", null));
        ImagePlan neither = factory().plan(new PomConfiguration().image("app").platforms(null)).plan();
        assertThat(neither.platforms()).extracting(PlatformPlan::platform).containsExactly(Platform.linuxAmd64());
        assertThat(neither.needsIndex()).isFalse();
    }

    @Test
    void onePlatformInPlatformsGivesNoIndexUnlessAlwaysIndex() {
        ImagePlan plain = factory().plan(parameters(platform("linux/arm64"))).plan();
        ImagePlan indexed = factory().plan(parameters(platform("linux/arm64")).alwaysIndex(true)).plan();
        ImagePlan singleIndexed = factory().plan(new PomConfiguration().image("app").alwaysIndex(true)).plan();

        assertThat(plain.platforms()).hasSize(1);
        assertThat(plain.needsIndex()).isFalse();
        assertThat(indexed.needsIndex()).isTrue();
        assertThat(singleIndexed.needsIndex()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"linux/amd64,linux/x86_64", "linux/arm64/v8,linux/aarch64/8", "linux/amd64,LINUX/AMD64"})
    void duplicatePlatformFailsTheBuildNamingPlatformsBeforeAnythingIsWritten(String first, String second)
            throws IOException {
        Files.writeString(basedir.resolve("app.txt"), "app\n");
        ImagePlan plan = factory().plan(parameters(platform(first), platform(second))
                .layers(List.of(layer("app", new FileEntry("app.txt", "/app.txt"))))).plan();
        Path work = basedir.resolve("work");

        Throwable thrown = catchThrowable(() -> new ImageBuilder(work, new LayerOptions(6, 1, null), BuildLog.NONE)
                .build(plan));

        assertThat(thrown).isInstanceOf(InvalidImageException.class);
        assertThat(InvalidParameterException.parameterOf((InvalidImageException) thrown)).isEqualTo("platforms");
        assertThat(thrown.getMessage()).contains("twice");
        assertThat(work).doesNotExist();
    }

    @Test
    void unknownPlaceholderNamesThePlatformsLayerSource() {
        InvalidParameterException e = failure(parameters(platform("linux/amd64"),
                platform("linux/arm64", layer("x", new FileEntry("ok.txt", "/ok.txt"),
                        new FileEntry("native/{cpu}/app", "/app")))));

        assertThat(e.parameter()).isEqualTo("platforms/platform[2]/layers/layer[1]/files/file[2]/source");
        assertThat(e.getMessage()).contains("{cpu}");
    }

    @Test
    void placeholderInTargetOfACommonLayerNamesTheTarget() {
        InvalidParameterException e = failure(parameters(platform("linux/amd64"), platform("linux/arm64"))
                .layers(List.of(layer("app", new FileEntry("native/{arch}/app", "/opt/{arch}/app")))));

        assertThat(e.parameter()).isEqualTo("layers/layer[1]/files/file[1]/target");
        assertThat(e.getMessage()).contains("{arch}");
    }

    @Test
    void badEntriesNameTheirOwnParameter() {
        assertThat(failure(parameters(platform("linux/amd64"), platform(null))).parameter())
                .isEqualTo("platforms/platform[2]/name");
        assertThat(failure(parameters(platform("linux/amd64"), platform("linux/pentium"))).getMessage())
                .startsWith("<platforms/platform[2]/name>: ").contains("pentium");
        FileEntry noTarget = new FileEntry("app", null);
        assertThat(failure(parameters(platform("linux/amd64", layer("a", noTarget)))).parameter())
                .isEqualTo("platforms/platform[1]/layers/layer[1]/files/file[1]/target");
        PlatformEntry badEnv = platform("linux/amd64");
        badEnv.setEnvironment(env("A=B", "x"));
        InvalidParameterException env = failure(parameters(badEnv));
        assertThat(env.parameter()).isEqualTo("platforms/platform[1]/environment");
        assertThat(env.getMessage()).startsWith("<platforms/platform[1]/environment>: the variable name 'A=B'");
    }

    @ParameterizedTest
    @CsvSource({"fail,FAIL", "WARN,WARN", " off ,OFF"})
    void platformCheckIsParsed(String value, PlatformCheckMode expected) {
        assertThat(factory().plan(parameters(platform("linux/amd64")).platformCheck(value)).plan().platformCheck())
                .isEqualTo(expected);
    }

    @Test
    void platformCheckDefaultsToFail() {
        assertThat(factory().plan(new PomConfiguration().image("app")).plan().platformCheck())
                .isEqualTo(PlatformCheckMode.FAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"error", "true", "strict"})
    void badPlatformCheckNamesTheParameter(String value) {
        InvalidParameterException e = failure(new PomConfiguration().image("app").platformCheck(value));

        assertThat(e.parameter()).isEqualTo("platformCheck");
        assertThat(e.getMessage()).contains(value).contains("fail").contains("warn").contains("off");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 9})
    void compressionLevelAndCacheDirectoryGoIntoTheLayerOptions(int level) {
        Path cache = basedir.resolve("cache");

        LayerOptions options = ImagePlanFactory.layerOptions(
                new PomConfiguration().compressionLevel(level).cacheDirectory(cache));

        assertThat(options.compressionLevel()).isEqualTo(level);
        assertThat(options.cacheDirectory()).isEqualTo(cache);
        assertThat(options.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void layerOptionsDefaultToLevelSixWithoutCache() {
        LayerOptions options = ImagePlanFactory.layerOptions(new PomConfiguration());

        assertThat(options.compressionLevel()).isEqualTo(LayerOptions.DEFAULT_COMPRESSION_LEVEL).isEqualTo(6);
        assertThat(options.cacheDirectory()).isNull();
    }

    @Test
    void cacheMaxSizeIsBytesWithAnOptionalBinarySuffix() {
        assertThat(ImagePlanFactory.layerOptions(new PomConfiguration()).cacheMaxBytes()).isEqualTo(5L << 30);
        assertThat(maxBytes("5g")).isEqualTo(5L << 30);
        assertThat(maxBytes("500M")).isEqualTo(500L << 20);
        assertThat(maxBytes("64k")).isEqualTo(64L << 10);
        assertThat(maxBytes("2t")).isEqualTo(2L << 40);
        assertThat(maxBytes(" 123 ")).isEqualTo(123);
        assertThat(maxBytes("0")).isZero();
    }

    private static long maxBytes(String size) {
        return ImagePlanFactory.layerOptions(new PomConfiguration().cacheMaxSize(size)).cacheMaxBytes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5gb", "-1", "g", "1.5g", "five", "99999999999999t", "9999999999999999"})
    void badCacheMaxSizeNamesTheParameter(String size) {
        Throwable thrown = catchThrowable(() -> maxBytes(size));

        assertThat(thrown).isInstanceOf(InvalidParameterException.class);
        assertThat(((InvalidParameterException) thrown).parameter()).isEqualTo("cacheMaxSize");
        assertThat(thrown.getMessage()).contains("'" + size + "' is not a size").contains("e.g. 5g");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10, 99})
    void badCompressionLevelNamesTheParameter(int level) {
        Throwable thrown = catchThrowable(() -> ImagePlanFactory.layerOptions(
                new PomConfiguration().compressionLevel(level)));

        assertThat(thrown).isInstanceOf(InvalidParameterException.class);
        assertThat(((InvalidParameterException) thrown).parameter()).isEqualTo("compressionLevel");
        assertThat(thrown.getMessage()).contains("'" + level + "'").contains("0").contains("9");
    }
}
