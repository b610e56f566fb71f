package io.github.scratchimage.check;

import static io.github.scratchimage.check.Headers.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.testing.CapturingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformCheckTest {

    private static final Platform AMD64 = Platform.parse("linux/amd64", null);
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8", null);

    @TempDir
    Path dir;

    private final CapturingLog log = new CapturingLog();
    private Path app;
    private Path script;

    @BeforeEach
    void compile() throws Exception {
        app = Tools.compileHello(dir);
        script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\nexec /app \"$@\"\n");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void x86ExecutableAsEntrypointOfAnArm64ImageFails() {
        Map<String, Path> files = Map.of("/app", app);

        assertThatThrownBy(() -> PlatformCheck.check(ARM64, files, List.of("/app", "--serve"), List.of(),
                PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("the entrypoint /app (from " + app + ") is an ELF 64-bit LSB")
                .hasMessageContaining("x86-64, built for linux/amd64, but the image platform is linux/arm64/v8.")
                .hasMessageContaining("Build the executable for linux/arm64/v8")
                .hasMessageContaining("set the platform check to warn (or off)")
                .satisfies(e -> assertThat(((InvalidImageException) e).field()).isEqualTo(InvalidImageException.Field.PLATFORM_CHECK));
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void x86ExecutableInAnAmd64ImagePasses() throws Exception {
        PlatformCheck.check(AMD64, Map.of("/app", app, "/run.sh", script), List.of("/app"), List.of("--help"),
                PlatformCheckMode.FAIL, log);

        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void warnModeLogsTheEntrypointMismatchAndGoesOn() throws Exception {
        PlatformCheck.check(ARM64, Map.of("/app", app), List.of("/app"), null, PlatformCheckMode.WARN, log);

        assertThat(log.warnings()).singleElement().asString()
                .contains("the entrypoint /app (from " + app + ")", "x86-64", "linux/arm64/v8",
                        "the platform check is set to warn");
    }

    @Test
    void cmdZeroIsTheMainExecutableWithoutEntrypoint() {
        assertThatThrownBy(() -> PlatformCheck.check(ARM64, Map.of("usr/bin/app", app), List.of(),
                List.of("/usr/bin/app"), PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("the cmd[0] /usr/bin/app (from " + app + ")");
    }

    @Test
    void otherMismatchingBinariesOnlyWarnAndTheEntrypointStillFails() throws Exception {
        Path armHelper = write("helper", elf(true, true, EM_AARCH64, 0));
        // entrypoint is a script: not a binary, nothing to compare; /bin/tool is the x86 program
        PlatformCheck.check(ARM64, Map.of("/entry.sh", script, "/bin/tool", app, "/bin/helper", armHelper),
                List.of("/entry.sh"), List.of(), PlatformCheckMode.FAIL, log);

        assertThat(log.warnings()).singleElement().asString()
                .startsWith("Platform check: /bin/tool (from " + app + ") is an ELF 64-bit LSB")
                .contains("built for linux/amd64", "image platform is linux/arm64/v8");
        assertThat(log.debugs()).singleElement().asString().contains("entrypoint /entry.sh", "not a native binary");

        log.clear();
        assertThatThrownBy(() -> PlatformCheck.check(AMD64, Map.of("/app", app, "/bin/helper", armHelper,
                "/entry", armHelper), List.of("/entry"), List.of(), PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("the entrypoint /entry (from " + armHelper + ") is an ELF 64-bit LSB"
                        + " executable, ARM aarch64, built for linux/arm64");
        assertThat(log.warnings()).singleElement().asString().contains("/bin/helper");
    }

    @Test
    void bareOrRelativeEntrypointIsNotTheMainExecutable() throws Exception {
        PlatformCheck.check(ARM64, Map.of("/app", app), List.of("app"), List.of(), PlatformCheckMode.FAIL, log);
        PlatformCheck.check(ARM64, Map.of("/app", app), List.of("./app"), List.of(), PlatformCheckMode.FAIL, log);

        assertThat(log.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).startsWith("Platform check: /app "));
    }

    @Test
    void offChecksNothing() throws Exception {
        PlatformCheck.check(ARM64, Map.of("/app", app, "/app.exe", write("app.exe", pe(0x8664, 0x80, 0x22))),
                List.of("/app"), List.of(), PlatformCheckMode.OFF, log);

        assertThat(log.warnings()).isEmpty();
        assertThat(log.debugs()).isEmpty();
    }

    @Test
    void windowsAndMacBinariesInALinuxImageAreAnOsMismatch() throws Exception {
        Path exe = write("app.exe", pe(0x8664, 0x80, 0x22));
        Path mac = write("app-mac", machO(true, true, CPU_X86_64));

        PlatformCheck.check(AMD64, Map.of("/app", app, "/win/app.exe", exe), List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).singleElement().asString()
                .contains("/win/app.exe", "PE32+ executable, x86-64, built for windows/amd64",
                        "image platform is linux/amd64");

        assertThatThrownBy(() -> PlatformCheck.check(AMD64, Map.of("/app", mac), List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("Mach-O 64-bit executable, x86_64, built for darwin/amd64");

        assertThatThrownBy(() -> PlatformCheck.check(Platform.parse("windows/amd64", null),
                Map.of("/app", app), List.of("/app"), List.of(), PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .hasMessageContaining("image platform is windows/amd64");
    }

    @Test
    void freebsdBrandedElfInALinuxImageIsAMismatchButGenericElfIsNot() throws Exception {
        Path freebsd = write("fbsd", elf(true, true, EM_X86_64, 9));
        Path generic = write("generic", elf(true, true, EM_X86_64, 0));

        assertThatThrownBy(() -> PlatformCheck.check(AMD64, Map.of("/app", freebsd), List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log))
                .hasMessageContaining("built for freebsd/amd64");
        PlatformCheck.check(Platform.parse("freebsd/amd64", null), Map.of("/a", freebsd, "/b", generic),
                List.of("/a"), List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void universalBinaryMatchesEachOfItsArchitectures() throws Exception {
        Path universal = write("universal", fat(CPU_X86_64, CPU_ARM64));
        for (String platform : List.of("darwin/amd64", "darwin/arm64")) {
            PlatformCheck.check(Platform.parse(platform, null), Map.of("/app", universal),
                    List.of("/app"), List.of(), PlatformCheckMode.FAIL, log);
        }
        assertThat(log.warnings()).isEmpty();
        assertThatThrownBy(() -> PlatformCheck.check(Platform.parse("darwin/386", null),
                Map.of("/app", universal), List.of("/app"), List.of(), PlatformCheckMode.FAIL, log))
                .hasMessageContaining("built for darwin/amd64, darwin/arm64");
    }

    @Test
    void variantIsNotChecked() throws Exception {
        Path arm = write("arm", elf(false, true, EM_ARM, 0));
        for (String platform : List.of("linux/arm/v6", "linux/arm/v7")) {
            PlatformCheck.check(Platform.parse(platform, null), Map.of("/arm", arm), List.of("/arm"),
                    List.of(), PlatformCheckMode.FAIL, log);
        }
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void directoriesAndMissingSourcesAreSkipped() throws Exception {
        PlatformCheck.check(ARM64, Map.of("/etc", dir, "/gone", dir.resolve("missing")), List.of("/gone"),
                List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).isEmpty();
    }

    private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";

    private Path dynamicApp() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"),
                "the dynamic test binary is compiled for this x86-64 machine");
        return Tools.compile(dir, "dynamic");
    }

    @Test
    void dynamicEntrypointWithoutItsLoaderFailsNamingFileInterpreterAndFix() throws Exception {
        Path dynamic = dynamicApp();
        ImagePaths image = ImagePaths.of("/usr/local/bin/app");

        assertThatThrownBy(() -> PlatformCheck.check(AMD64, Map.of("usr/local/bin/app", dynamic), image,
                List.of("/usr/local/bin/app"), List.of(), PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.PLATFORM_CHECK).hasMessageStartingWith("the entrypoint /usr/local/bin/app (from " + dynamic + ")")
                .hasMessageContaining("program interpreter " + LOADER + ", which is not in the image")
                .hasMessageContaining("libc.so.6")
                .hasMessageContaining("no such file or directory")
                .hasMessageContaining("Link it statically")
                .hasMessageContaining("add the loader " + LOADER + " and the libraries it needs in a layer");
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void dynamicEntrypointWithItsLoaderAndLibrariesPasses() throws Exception {
        Path dynamic = dynamicApp();
        ImagePaths image = ImagePaths.of("/app", LOADER, "/lib/x86_64-linux-gnu/libc.so.6");
        PlatformCheck.check(AMD64, Map.of("/app", dynamic), image, List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log);

        ImagePaths linked = ImagePaths.of("/app", "/usr/lib64/libc.so.6", "/usr/lib/x86_64-linux-gnu/ld.so");
        linked.addSymlink("lib64/ld-linux-x86-64.so.2", "../usr/lib/x86_64-linux-gnu/ld.so");
        PlatformCheck.check(AMD64, Map.of("/app", dynamic), linked, List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log);

        ImagePaths mergedUsr = ImagePaths.of("/app", "/usr/lib64/ld-linux-x86-64.so.2", "/usr/lib/libc.so.6");
        mergedUsr.addSymlink("lib64", "usr/lib64");
        PlatformCheck.check(AMD64, Map.of("/app", dynamic), mergedUsr, List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log);

        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void warnModeWarnsAboutTheEntrypointsMissingLoader() throws Exception {
        Path dynamic = dynamicApp();
        PlatformCheck.check(AMD64, Map.of("/app", dynamic), ImagePaths.of("/app"), List.of("/app"), List.of(),
                PlatformCheckMode.WARN, log);

        assertThat(log.warnings()).singleElement().asString()
                .startsWith("Platform check: the entrypoint /app (from " + dynamic + ")")
                .contains(LOADER, "the platform check is set to warn");
    }

    @Test
    void scriptEntrypointWithoutItsShellFails() throws Exception {
        assertThatThrownBy(() -> PlatformCheck.check(AMD64, Map.of("run.sh", script), ImagePaths.of("/run.sh"),
                List.of("/run.sh"), List.of(), PlatformCheckMode.FAIL, log))
                .isInstanceOf(PlatformMismatchException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.PLATFORM_CHECK).hasMessageStartingWith("the entrypoint /run.sh (from " + script + ")")
                .hasMessageContaining("#!/bin/sh")
                .hasMessageContaining("/bin/sh, which is not in the image");

        ImagePaths withShell = ImagePaths.of("/run.sh", "/bin/busybox");
        withShell.addSymlink("bin/sh", "busybox");
        PlatformCheck.check(AMD64, Map.of("run.sh", script), withShell, List.of("/run.sh"), List.of(),
                PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void otherExecutablesWithAMissingInterpreterOnlyWarn() throws Exception {
        Path dynamic = dynamicApp();
        PlatformCheck.check(AMD64, Map.of("/app", app, "usr/bin/tool", dynamic, "usr/bin/run.sh", script),
                ImagePaths.of("/app", "/usr/bin/tool", "/usr/bin/run.sh"), List.of("/app"), List.of(),
                PlatformCheckMode.FAIL, log);

        assertThat(log.warnings()).hasSize(2);
        assertThat(log.warnings().get(0)).startsWith("Platform check: /usr/bin/run.sh (from " + script + ")")
                .contains("/bin/sh");
        assertThat(log.warnings().get(1)).startsWith("Platform check: /usr/bin/tool (from " + dynamic + ")")
                .contains(LOADER);
    }

    @Test
    void aMissingNeededLibraryWarnsAndRunpathIsSearched() throws Exception {
        dynamicApp();
        Path dynamic = Tools.compile(dir, "dynamic", "-Wl,-rpath,$ORIGIN/../lib");
        PlatformCheck.check(AMD64, Map.of("/opt/bin/app", dynamic), ImagePaths.of("/opt/bin/app", LOADER),
                List.of("/opt/bin/app"), List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).singleElement().asString()
                .startsWith("Platform check: the entrypoint /opt/bin/app (from " + dynamic + ")")
                .contains("libc.so.6", "/usr/lib/x86_64-linux-gnu", "/opt/lib");

        log.clear();
        PlatformCheck.check(AMD64, Map.of("/opt/bin/app", dynamic),
                ImagePaths.of("/opt/bin/app", LOADER, "/opt/lib/libc.so.6"),
                List.of("/opt/bin/app"), List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void staticBinariesNeedNothing() throws Exception {
        dynamicApp();
        Path staticPie = Tools.compile(dir, "static-pie", "-static-pie");
        Path fullyStatic = Tools.compile(dir, "static", "-static");
        PlatformCheck.check(AMD64, Map.of("/a", staticPie, "/b", fullyStatic), ImagePaths.of("/a", "/b"),
                List.of("/a"), List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void mismatchWarningsNameImagePathsWithTheirLeadingSlash() throws Exception {
        PlatformCheck.check(ARM64, Map.of("usr/bin/tool", app), List.of(), List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).singleElement().asString().startsWith("Platform check: /usr/bin/tool (from ");
    }

    @Test
    void modeParsesFailWarnOffAndNamesTheParameterOtherwise() {
        assertThat(PlatformCheckMode.parse("fail")).isEqualTo(PlatformCheckMode.FAIL);
        assertThat(PlatformCheckMode.parse(" WARN ")).isEqualTo(PlatformCheckMode.WARN);
        assertThat(PlatformCheckMode.parse("off")).isEqualTo(PlatformCheckMode.OFF);
        assertThat(PlatformCheckMode.parse(null)).isEqualTo(PlatformCheckMode.FAIL);
        assertThatThrownBy(() -> PlatformCheckMode.parse("strict"))
                .isInstanceOf(InvalidImageException.class)
                .hasFieldOrPropertyWithValue("field", InvalidImageException.Field.PLATFORM_CHECK).hasMessage("'strict' is not a platform check mode; use fail (the default), warn or off")
                .satisfies(e -> assertThat(((InvalidImageException) e).field()).isEqualTo(InvalidImageException.Field.PLATFORM_CHECK));
    }
}
