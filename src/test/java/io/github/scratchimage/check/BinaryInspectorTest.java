package io.github.scratchimage.check;

import static io.github.scratchimage.check.Headers.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BinaryInspectorTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Optional<BinaryInfo> inspect(String name, byte[] bytes) throws IOException {
        return BinaryInspector.inspect(write(name, bytes));
    }

    @Test
    void gccBuiltExecutableIsAmd64LinuxElfAsFileSaysToo() throws Exception {
        Path app = Tools.compileHello(dir);

        BinaryInfo info = BinaryInspector.inspect(app).orElseThrow();

        assertThat(info.format()).isEqualTo(BinaryFormat.ELF);
        assertThat(info.os()).isEqualTo("linux");
        assertThat(info.architectures()).containsExactly("amd64");
        assertThat(info.platforms()).isEqualTo("linux/amd64");
        assertThat(info.description()).matches("ELF 64-bit LSB (pie )?executable, x86-64");
        assertThat(Tools.file(app)).startsWith(info.description());
    }

    @Test
    void gccBuiltPieExecutableIsDescribedAsFileDoes() throws Exception {
        Path source = dir.resolve("pie.c");
        Files.writeString(source, "int main(void) { return 0; }\n");
        ProcessRunner.Result gcc = Tools.run(dir, "gcc", "-fPIE", "-pie", "-o", "pie", source.toString());
        assertThat(gcc.exitCode()).as(gcc.stdout()).isZero();

        BinaryInfo info = BinaryInspector.inspect(dir.resolve("pie")).orElseThrow();

        assertThat(info.description()).isEqualTo("ELF 64-bit LSB pie executable, x86-64");
        assertThat(Tools.file(dir.resolve("pie"))).startsWith(info.description());
    }

    @Test
    void staticPieIsAnExecutableAndASharedLibraryIsASharedObject() throws Exception {
        Path staticPie = Tools.compile(dir, "static-pie", "-static-pie");
        Path library = Tools.compile(dir, "lib.so", "-shared", "-fPIC");

        assertThat(BinaryInspector.inspect(staticPie).orElseThrow().description())
                .isEqualTo("ELF 64-bit LSB pie executable, x86-64");
        assertThat(Tools.file(staticPie)).startsWith("ELF 64-bit LSB pie executable, x86-64");
        assertThat(BinaryInspector.inspect(library).orElseThrow().description())
                .isEqualTo("ELF 64-bit LSB shared object, x86-64");
    }

    @Test
    void linkingNamesTheInterpreterTheNeededLibrariesAndTheRunpath() throws Exception {
        Path dynamic = Tools.compile(dir, "dynamic", "-Wl,-rpath,$ORIGIN/../lib");
        Path fullyStatic = Tools.compile(dir, "static", "-static");
        Path staticPie = Tools.compile(dir, "static-pie", "-static-pie");

        ElfLinking linking = BinaryInspector.linking(dynamic).orElseThrow();
        assertThat(linking.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        assertThat(linking.needed()).containsExactly("libc.so.6");
        assertThat(linking.searchPath()).containsExactly("$ORIGIN/../lib");
        for (Path noLoader : List.of(fullyStatic, staticPie)) {
            ElfLinking none = BinaryInspector.linking(noLoader).orElseThrow();
            assertThat(none.interpreter()).isNull();
            assertThat(none.needed()).isEmpty();
        }
        assertThat(BinaryInspector.linking(Files.writeString(dir.resolve("text"), "#!/bin/sh\n"))).isEmpty();
    }

    static Stream<Arguments> elfMachines() {
        return Stream.of(
                Arguments.of(true, true, EM_AARCH64, "arm64", "ELF 64-bit LSB executable, ARM aarch64"),
                Arguments.of(false, true, EM_ARM, "arm", "ELF 32-bit LSB executable, ARM"),
                Arguments.of(false, true, EM_386, "386", "ELF 32-bit LSB executable, Intel 80386"),
                Arguments.of(true, true, EM_X86_64, "amd64", "ELF 64-bit LSB executable, x86-64"),
                Arguments.of(true, true, EM_PPC64, "ppc64le", "ELF 64-bit LSB executable, 64-bit PowerPC, little endian"),
                Arguments.of(true, false, EM_PPC64, "ppc64", "ELF 64-bit MSB executable, 64-bit PowerPC"),
                Arguments.of(true, false, EM_S390, "s390x", "ELF 64-bit MSB executable, IBM S/390x"),
                Arguments.of(true, true, EM_RISCV, "riscv64", "ELF 64-bit LSB executable, RISC-V 64-bit"),
                Arguments.of(false, false, EM_MIPS, "mips", "ELF 32-bit MSB executable, MIPS"),
                Arguments.of(false, true, EM_MIPS, "mipsle", "ELF 32-bit LSB executable, MIPS, little endian"),
                Arguments.of(true, false, EM_MIPS, "mips64", "ELF 64-bit MSB executable, MIPS64"),
                Arguments.of(true, true, EM_MIPS, "mips64le", "ELF 64-bit LSB executable, MIPS64, little endian"),
                Arguments.of(true, true, EM_LOONGARCH, "loong64", "ELF 64-bit LSB executable, LoongArch 64-bit"),
                Arguments.of(true, true, 0x4242, "elf-machine-0x4242",
                        "ELF 64-bit LSB executable, unknown machine 0x4242"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("elfMachines")
    void elfMachineGivesArchitecture(boolean is64, boolean little, int machine, String arch, String description)
            throws Exception {
        Path file = write("elf-" + arch, elf(is64, little, machine, 0));

        BinaryInfo info = BinaryInspector.inspect(file).orElseThrow();

        assertThat(info).isEqualTo(new BinaryInfo(BinaryFormat.ELF, "linux", java.util.Set.of(arch), description));
        // file(1) reads the hand-made header the same way: class, byte order, type
        assertThat(Tools.file(file)).startsWith(description.substring(0, description.indexOf(',')));
    }

    @Test
    void elfOsAbiNamesTheOperatingSystem() throws Exception {
        assertThat(inspect("gnu", elf(true, true, EM_X86_64, 3)).orElseThrow().os()).isEqualTo("linux");
        BinaryInfo freebsd = inspect("freebsd", elf(true, true, EM_X86_64, 9)).orElseThrow();
        assertThat(freebsd.os()).isEqualTo("freebsd");
        assertThat(freebsd.description()).isEqualTo("ELF 64-bit LSB executable, x86-64, freebsd");
        assertThat(Tools.file(dir.resolve("freebsd"))).contains("FreeBSD");
        assertThat(inspect("openbsd", elf(true, true, EM_X86_64, 12)).orElseThrow().os()).isEqualTo("openbsd");
    }

    @Test
    void thinMachOInBothByteOrders() throws Exception {
        BinaryInfo arm64 = inspect("macho-arm64", machO(true, true, CPU_ARM64)).orElseThrow();
        assertThat(arm64).isEqualTo(new BinaryInfo(BinaryFormat.MACH_O, "darwin", java.util.Set.of("arm64"),
                "Mach-O 64-bit executable, arm64"));
        assertThat(Tools.file(dir.resolve("macho-arm64"))).isEqualTo("Mach-O 64-bit arm64 executable");

        assertThat(inspect("macho-x64", machO(true, true, CPU_X86_64)).orElseThrow().architectures())
                .containsExactly("amd64");
        BinaryInfo bigEndian = inspect("macho-ppc", machO(false, false, 18)).orElseThrow();
        assertThat(bigEndian.architectures()).containsExactly("ppc");
        assertThat(bigEndian.description()).isEqualTo("Mach-O 32-bit executable, ppc");
    }

    @Test
    void universalMachOListsEveryArchitecture() throws Exception {
        BinaryInfo info = inspect("universal", fat(CPU_X86_64, CPU_ARM64)).orElseThrow();

        assertThat(info.format()).isEqualTo(BinaryFormat.MACH_O);
        assertThat(info.os()).isEqualTo("darwin");
        assertThat(info.architectures()).containsExactly("amd64", "arm64");
        assertThat(info.platforms()).isEqualTo("darwin/amd64, darwin/arm64");
        assertThat(info.description()).isEqualTo("Mach-O universal binary with 2 architectures: x86_64, arm64");
        assertThat(Tools.file(dir.resolve("universal"))).startsWith("Mach-O universal binary with 2 architectures");
    }

    @Test
    void javaClassFileSharesTheFatMagicButIsNoBinary() throws Exception {
        // CAFEBABE, minor 0, major 61 (Java 17), constant pool count...
        byte[] classFile = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 10, 1, 2, 3, 4};
        assertThat(inspect("Main.class", classFile)).isEmpty();
    }

    @Test
    void peMachines() throws Exception {
        BinaryInfo amd64 = inspect("app.exe", pe(0x8664, 0x80, 0x0022)).orElseThrow();
        assertThat(amd64).isEqualTo(new BinaryInfo(BinaryFormat.PE, "windows", java.util.Set.of("amd64"),
                "PE32+ executable, x86-64"));
        assertThat(Tools.file(dir.resolve("app.exe"))).startsWith("PE32+ executable").contains("x86-64");

        BinaryInfo arm64 = inspect("arm.exe", pe(0xAA64, 0x80, 0x0022)).orElseThrow();
        assertThat(arm64.architectures()).containsExactly("arm64");
        assertThat(inspect("x86.dll", pe(0x14C, 0x80, 0x2102)).orElseThrow().description())
                .isEqualTo("PE32+ DLL, Intel 80386");
        assertThat(inspect("armnt.exe", pe(0x1C4, 0x80, 0x0022)).orElseThrow().architectures())
                .containsExactly("arm");
    }

    @Test
    void peHeaderBeyondTheFirstBlockIsReadAtItsOffset() throws Exception {
        BinaryInfo info = inspect("far.exe", pe(0xAA64, 0x3000, 0x0022)).orElseThrow();

        assertThat(info.architectures()).containsExactly("arm64");
        assertThat(Tools.file(dir.resolve("far.exe"))).contains("Aarch64");
    }

    @Test
    void dosStubWithoutPeSignatureOrWithOffsetPastTheEndIsNoBinary() throws Exception {
        byte[] noSignature = pe(0x8664, 0x80, 0x0022);
        noSignature[0x80] = 'X';
        assertThat(inspect("dos.exe", noSignature)).isEmpty();

        byte[] pastEnd = Arrays.copyOf(pe(0x8664, 0x80, 0x0022), 0x80);
        assertThat(inspect("cut.exe", pastEnd)).isEmpty();
    }

    @Test
    void nonBinariesAndBrokenHeadersGiveEmpty() throws Exception {
        assertThat(inspect("run.sh", "#!/bin/sh\nexec /app \"$@\"\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(inspect("README", "ELF is a format.\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(inspect("empty", new byte[0])).isEmpty();
        assertThat(inspect("magic-only", new byte[] {0x7F, 'E', 'L', 'F'})).isEmpty();
        assertThat(inspect("truncated-elf", Arrays.copyOf(elf(true, true, EM_AARCH64, 0), 40))).isEmpty();
        assertThat(inspect("truncated-macho", Arrays.copyOf(machO(true, true, CPU_ARM64), 12))).isEmpty();
        assertThat(inspect("truncated-fat", Arrays.copyOf(fat(CPU_X86_64, CPU_ARM64), 30))).isEmpty();
        assertThat(inspect("mz", new byte[] {'M', 'Z'})).isEmpty();
        byte[] badClass = elf(true, true, EM_AARCH64, 0);
        badClass[4] = 7;
        assertThat(inspect("bad-class", badClass)).isEmpty();
        byte[] noise = new byte[4096];
        new java.util.Random(42).nextBytes(noise);
        noise[0] = 0x12;
        assertThat(inspect("noise", noise)).isEmpty();
    }

    @Test
    void everyPrefixOfAHeaderIsHandledWithoutException() throws Exception {
        byte[][] headers = {elf(true, true, EM_AARCH64, 0), elf(false, false, EM_MIPS, 0),
            machO(true, true, CPU_ARM64), fat(CPU_X86_64, CPU_ARM64), pe(0x8664, 0x80, 0x22)};
        for (byte[] header : headers) {
            for (int length = 0; length < header.length; length++) {
                // must not throw; a complete header is recognised further down
                BinaryInspector.inspect(write("prefix", Arrays.copyOf(header, length)));
            }
            assertThat(inspect("full", header)).isPresent();
        }
    }

    @Test
    void readsOnlyTheHeaderOfALargeFile() throws Exception {
        byte[] big = Arrays.copyOf(elf(true, true, EM_RISCV, 0), 8 * 1024 * 1024);
        assertThat(inspect("big", big).orElseThrow().architectures()).containsExactly("riscv64");
        assertThat(BinaryInspector.HEADER_BYTES).isEqualTo(4096);
    }
}
