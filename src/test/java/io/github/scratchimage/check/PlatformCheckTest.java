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

    private static final Platform AMD64 = Platform.parse("linux/amd64", null, "platform");
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8", null, "platform");

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
                .hasMessageStartingWith("<platformCheck>: the entrypoint /app (from " + app + ") is an ELF 64-bit LSB")
                .hasMessageContaining("x86-64, built for linux/amd64, but the image platform is linux/arm64/v8.")
                .hasMessageContaining("Build the executable for linux/arm64/v8")
                .hasMessageContaining("set <platformCheck> to warn (or off)")
                .satisfies(e -> assertThat(((InvalidImageException) e).parameter()).isEqualTo("platformCheck"));
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
                        "platformCheck is warn");
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

        assertThatThrownBy(() -> PlatformCheck.check(Platform.parse("windows/amd64", null, "platform"),
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
        PlatformCheck.check(Platform.parse("freebsd/amd64", null, "platform"), Map.of("/a", freebsd, "/b", generic),
                List.of("/a"), List.of(), PlatformCheckMode.FAIL, log);
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void universalBinaryMatchesEachOfItsArchitectures() throws Exception {
        Path universal = write("universal", fat(CPU_X86_64, CPU_ARM64));
        for (String platform : List.of("darwin/amd64", "darwin/arm64")) {
            PlatformCheck.check(Platform.parse(platform, null, "platform"), Map.of("/app", universal),
                    List.of("/app"), List.of(), PlatformCheckMode.FAIL, log);
        }
        assertThat(log.warnings()).isEmpty();
        assertThatThrownBy(() -> PlatformCheck.check(Platform.parse("darwin/386", null, "platform"),
                Map.of("/app", universal), List.of("/app"), List.of(), PlatformCheckMode.FAIL, log))
                .hasMessageContaining("built for darwin/amd64, darwin/arm64");
    }

    @Test
    void variantIsNotChecked() throws Exception {
        Path arm = write("arm", elf(false, true, EM_ARM, 0));
        for (String platform : List.of("linux/arm/v6", "linux/arm/v7")) {
            PlatformCheck.check(Platform.parse(platform, null, "platform"), Map.of("/arm", arm), List.of("/arm"),
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

    @Test
    void modeParsesFailWarnOffAndNamesTheParameterOtherwise() {
        assertThat(PlatformCheckMode.parse("fail")).isEqualTo(PlatformCheckMode.FAIL);
        assertThat(PlatformCheckMode.parse(" WARN ")).isEqualTo(PlatformCheckMode.WARN);
        assertThat(PlatformCheckMode.parse("off")).isEqualTo(PlatformCheckMode.OFF);
        assertThat(PlatformCheckMode.parse(null)).isEqualTo(PlatformCheckMode.FAIL);
        assertThatThrownBy(() -> PlatformCheckMode.parse("strict"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("<platformCheck>: 'strict' is not a platform check mode; use fail (the default), warn or off")
                .satisfies(e -> assertThat(((InvalidImageException) e).parameter()).isEqualTo("platformCheck"));
    }
}
