package io.github.scratchimage.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the header of a file and tells whether it is a native binary (ELF, Mach-O or PE) and for which
 * operating system and architecture. It reads at most {@value #HEADER_BYTES} bytes from the start of the
 * file, plus 26 bytes at the PE header offset of a Windows binary whose PE header lies further in.
 *
 * <p>Anything else (scripts, text, archives, Java class files, data) and headers that are truncated or
 * inconsistent give {@link Optional#empty()}: the content of a file never causes an exception, only a
 * failure to read it does.
 *
 * <p>Only the machine is read, not the variant: whether an ARM binary needs v6, v7 or v8 (or an amd64
 * binary a given microarchitecture level) is not recorded reliably in the header.
 */
public final class BinaryInspector {

    /** How many bytes are read from the start of each file. */
    public static final int HEADER_BYTES = 4096;

    private static final int PE_HEADER_BYTES = 26;

    private BinaryInspector() {
    }

    /**
     * Inspects the header of {@code file}.
     *
     * @return what the binary is built for, or empty when the file is not a (complete) native binary header
     * @throws IOException when the file cannot be read
     */
    public static Optional<BinaryInfo> inspect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = readAt(channel, 0, HEADER_BYTES);
            try {
                if (startsWith(head, 0x7F, 'E', 'L', 'F')) {
                    return elf(channel, head);
                }
                if (startsWith(head, 'M', 'Z')) {
                    return pe(channel, head);
                }
                return machO(head);
            } catch (IndexOutOfBoundsException truncated) {
                return Optional.empty();
            }
        }
    }

    /**
     * Reads what an ELF file needs at run time: its program interpreter, the shared libraries it names
     * and its library search path. Reads the program headers, the interpreter's name, the dynamic
     * section and the dynamic string table, wherever they are in the file (each capped in size).
     *
     * @return empty when the file is not an ELF file, or its headers are truncated or inconsistent
     * @throws IOException when the file cannot be read
     */
    public static Optional<ElfLinking> linking(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = readAt(channel, 0, HEADER_BYTES);
            if (!startsWith(head, 0x7F, 'E', 'L', 'F')) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(ElfFile.read(channel, head)).map(ElfFile::linking);
            } catch (IndexOutOfBoundsException | IllegalArgumentException | java.nio.BufferUnderflowException bad) {
                return Optional.empty();
            }
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int max) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        buffer.flip();
        return buffer;
    }

    private static boolean startsWith(ByteBuffer b, int... magic) {
        if (b.limit() < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b.get(i) & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- ELF

    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int PT_INTERP = 3;

    private static Optional<BinaryInfo> elf(FileChannel channel, ByteBuffer b) throws IOException {
        int elfClass = b.get(4);
        int data = b.get(5);
        int version = b.get(6);
        boolean is64 = elfClass == ELFCLASS64;
        if ((elfClass != ELFCLASS32 && !is64) || (data != ELFDATA2LSB && data != ELFDATA2MSB) || version != 1) {
            return Optional.empty();
        }
        int headerSize = is64 ? 64 : 52;
        if (b.limit() < headerSize) {
            return Optional.empty();
        }
        boolean little = data == ELFDATA2LSB;
        b.order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        String os = elfOs(b.get(7) & 0xFF);
        Machine arch = elfMachine(machine, is64, little);
        String kind = elfKind(channel, b, type, is64);
        String description = "ELF " + (is64 ? "64" : "32") + "-bit " + (little ? "LSB " : "MSB ") + kind + ", "
                + arch.displayName() + ("linux".equals(os) ? "" : ", " + os);
        return Optional.of(new BinaryInfo(BinaryFormat.ELF, os, Set.of(arch.architecture()), description));
    }

    /** OCI os for the EI_OSABI byte; SYSV (0), GNU/Linux (3) and unknown values count as linux. */
    private static String elfOs(int osAbi) {
        switch (osAbi) {
            case 2:
                return "netbsd";
            case 6:
                return "solaris";
            case 7:
                return "aix";
            case 9:
                return "freebsd";
            case 12:
                return "openbsd";
            default:
                return "linux";
        }
    }

    /** The machine named by e_machine; class and byte order tell the MIPS, PowerPC and S/390 flavours apart. */
    private static Machine elfMachine(int machine, boolean is64, boolean little) {
        switch (machine) {
            case 3:
                return pair("386", "Intel 80386");
            case 62:
                return is64 ? pair("amd64", "x86-64") : pair("amd64p32", "x86-64 (x32 ABI)");
            case 40:
                return pair("arm", "ARM");
            case 183:
                return is64 ? pair("arm64", "ARM aarch64") : pair("arm64ilp32", "ARM aarch64 (ILP32)");
            case 20:
                return pair(little ? "ppcle" : "ppc", "PowerPC");
            case 21:
                return little ? pair("ppc64le", "64-bit PowerPC, little endian") : pair("ppc64", "64-bit PowerPC");
            case 22:
                return is64 ? pair("s390x", "IBM S/390x") : pair("s390", "IBM S/390 (31-bit)");
            case 243:
                return is64 ? pair("riscv64", "RISC-V 64-bit") : pair("riscv", "RISC-V 32-bit");
            case 8:
            case 10:
                if (is64) {
                    return little ? pair("mips64le", "MIPS64, little endian") : pair("mips64", "MIPS64");
                }
                return little ? pair("mipsle", "MIPS, little endian") : pair("mips", "MIPS");
            case 258:
                return is64 ? pair("loong64", "LoongArch 64-bit") : pair("loong32", "LoongArch 32-bit");
            case 2:
                return pair("sparc", "SPARC");
            case 43:
                return pair("sparc64", "SPARC V9");
            default:
                String name = String.format("elf-machine-0x%x", machine);
                return pair(name, "unknown machine 0x" + Integer.toHexString(machine));
        }
    }

    private static String elfKind(FileChannel channel, ByteBuffer b, int type, boolean is64) throws IOException {
        switch (type) {
            case 1:
                return "relocatable";
            case 2:
                return "executable";
            case 3:
                return hasInterpreter(b, is64) || isStaticPie(channel, b) ? "pie executable" : "shared object";
            case 4:
                return "core file";
            default:
                return "file of type 0x" + Integer.toHexString(type);
        }
    }

    /**
     * Whether an ET_DYN file without interpreter says it is a position-independent executable
     * ({@code DF_1_PIE} in {@code DT_FLAGS_1}), as a static-pie binary does; a shared library does not.
     */
    private static boolean isStaticPie(FileChannel channel, ByteBuffer head) throws IOException {
        try {
            ElfFile elf = ElfFile.read(channel, head.duplicate().order(head.order()));
            return elf != null && elf.interpreter == null && (elf.flags1 & DF_1_PIE) != 0;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | java.nio.BufferUnderflowException bad) {
            return false;
        }
    }

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final long DT_FLAGS_1 = 0x6ffffffbL;
    private static final long DF_1_PIE = 0x08000000L;
    private static final int MAX_PROGRAM_HEADERS = 4096;
    private static final int MAX_INTERPRETER_BYTES = 4096;
    private static final int MAX_DYNAMIC_BYTES = 1 << 20;
    private static final int MAX_STRTAB_BYTES = 16 << 20;

    /** The program headers, interpreter and dynamic section of one ELF file. */
    private static final class ElfFile {
        private String interpreter;
        private final List<String> needed = new ArrayList<>();
        private String runpath;
        private String rpath;
        private long flags1;

        /** Reads the file whose first bytes are {@code head}; null when the ELF header is not usable. */
        static ElfFile read(FileChannel channel, ByteBuffer head) throws IOException {
            int elfClass = head.get(4);
            int data = head.get(5);
            if ((elfClass != ELFCLASS32 && elfClass != ELFCLASS64) || (data != ELFDATA2LSB && data != ELFDATA2MSB)) {
                return null;
            }
            boolean is64 = elfClass == ELFCLASS64;
            ByteOrder order = data == ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            ByteBuffer b = head.duplicate().order(order);
            long phoff = is64 ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
            int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 54 : 42));
            int phnum = Short.toUnsignedInt(b.getShort(is64 ? 56 : 44));
            int minEntry = is64 ? 56 : 32;
            if (phoff <= 0 || phentsize < minEntry || phnum > MAX_PROGRAM_HEADERS) {
                return null;
            }
            ByteBuffer ph = readAt(channel, phoff, phnum * phentsize).order(order);
            if (ph.limit() < phnum * phentsize) {
                return null;
            }
            ElfFile elf = new ElfFile();
            List<long[]> loads = new ArrayList<>();
            long dynamicOffset = -1;
            long dynamicSize = 0;
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                int type = ph.getInt(at);
                long offset = is64 ? ph.getLong(at + 8) : Integer.toUnsignedLong(ph.getInt(at + 4));
                long vaddr = is64 ? ph.getLong(at + 16) : Integer.toUnsignedLong(ph.getInt(at + 8));
                long filesz = is64 ? ph.getLong(at + 32) : Integer.toUnsignedLong(ph.getInt(at + 16));
                if (type == PT_INTERP) {
                    ByteBuffer name = readAt(channel, offset, (int) Math.min(filesz, MAX_INTERPRETER_BYTES));
                    elf.interpreter = string(name, 0);
                } else if (type == PT_DYNAMIC) {
                    dynamicOffset = offset;
                    dynamicSize = Math.min(filesz, MAX_DYNAMIC_BYTES);
                } else if (type == PT_LOAD) {
                    loads.add(new long[] {offset, vaddr, filesz});
                }
            }
            if (dynamicOffset >= 0) {
                elf.readDynamic(channel, order, is64, dynamicOffset, (int) dynamicSize, loads);
            }
            return elf;
        }

        private void readDynamic(FileChannel channel, ByteOrder order, boolean is64, long offset, int size,
                List<long[]> loads) throws IOException {
            ByteBuffer dyn = readAt(channel, offset, size).order(order);
            int entry = is64 ? 16 : 8;
            long strtab = -1;
            long strsz = 0;
            List<Long> neededAt = new ArrayList<>();
            long runpathAt = -1;
            long rpathAt = -1;
            for (int at = 0; at + entry <= dyn.limit(); at += entry) {
                long tag = is64 ? dyn.getLong(at) : Integer.toUnsignedLong(dyn.getInt(at));
                long value = is64 ? dyn.getLong(at + 8) : Integer.toUnsignedLong(dyn.getInt(at + 4));
                if (tag == 0) {
                    break;
                } else if (tag == DT_NEEDED) {
                    neededAt.add(value);
                } else if (tag == DT_STRTAB) {
                    strtab = value;
                } else if (tag == DT_STRSZ) {
                    strsz = value;
                } else if (tag == DT_RUNPATH) {
                    runpathAt = value;
                } else if (tag == DT_RPATH) {
                    rpathAt = value;
                } else if (tag == DT_FLAGS_1) {
                    flags1 = value;
                }
            }
            if (strtab < 0 || (neededAt.isEmpty() && runpathAt < 0 && rpathAt < 0)) {
                return;
            }
            long strtabOffset = -1;
            for (long[] load : loads) {
                if (strtab >= load[1] && strtab < load[1] + load[2]) {
                    strtabOffset = load[0] + (strtab - load[1]);
                    break;
                }
            }
            if (strtabOffset < 0 || strsz <= 0) {
                return;
            }
            ByteBuffer strings = readAt(channel, strtabOffset, (int) Math.min(strsz, MAX_STRTAB_BYTES));
            for (long at : neededAt) {
                needed.add(string(strings, at));
            }
            runpath = runpathAt >= 0 ? string(strings, runpathAt) : null;
            rpath = rpathAt >= 0 ? string(strings, rpathAt) : null;
        }

        ElfLinking linking() {
            String path = runpath != null ? runpath : rpath;
            List<String> dirs = new ArrayList<>();
            if (path != null) {
                for (String dir : path.split(":")) {
                    if (!dir.isEmpty()) {
                        dirs.add(dir);
                    }
                }
            }
            return new ElfLinking(interpreter, needed, dirs);
        }

        /** The NUL-terminated string at {@code at}. */
        private static String string(ByteBuffer b, long at) {
            if (at < 0 || at >= b.limit()) {
                throw new IndexOutOfBoundsException("string offset " + at);
            }
            int end = (int) at;
            while (end < b.limit() && b.get(end) != 0) {
                end++;
            }
            byte[] bytes = new byte[end - (int) at];
            b.get((int) at, bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Whether a PT_INTERP program header lies within the bytes read (then ET_DYN is a PIE executable). */
    private static boolean hasInterpreter(ByteBuffer b, boolean is64) {
        long phoff = is64 ? b.getLong(32) : Integer.toUnsignedLong(b.getInt(28));
        int phentsize = Short.toUnsignedInt(b.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(b.getShort(is64 ? 56 : 44));
        if (phentsize < 4 || phoff <= 0) {
            return false;
        }
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 4 > b.limit()) {
                return false;
            }
            if (b.getInt((int) at) == PT_INTERP) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- PE

    private static Optional<BinaryInfo> pe(FileChannel channel, ByteBuffer head) throws IOException {
        head.order(ByteOrder.LITTLE_ENDIAN);
        long peOffset = Integer.toUnsignedLong(head.getInt(0x3C));
        if (peOffset < 2) {
            return Optional.empty();
        }
        ByteBuffer pe;
        if (peOffset + PE_HEADER_BYTES <= head.limit()) {
            pe = head.duplicate().position((int) peOffset).slice().order(ByteOrder.LITTLE_ENDIAN);
        } else if (peOffset + PE_HEADER_BYTES <= channel.size()) {
            pe = readAt(channel, peOffset, PE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        } else {
            return Optional.empty();
        }
        if (!startsWith(pe, 'P', 'E', 0, 0)) {
            return Optional.empty();
        }
        int machine = Short.toUnsignedInt(pe.getShort(4));
        int optionalSize = Short.toUnsignedInt(pe.getShort(20));
        int characteristics = Short.toUnsignedInt(pe.getShort(22));
        String flavour = "PE";
        if (optionalSize >= 2) {
            int magic = Short.toUnsignedInt(pe.getShort(24));
            flavour = magic == 0x20b ? "PE32+" : magic == 0x10b ? "PE32" : "PE";
        }
        String kind = (characteristics & 0x2000) != 0 ? "DLL"
                : (characteristics & 0x0002) != 0 ? "executable" : "object";
        Machine arch = peMachine(machine);
        return Optional.of(new BinaryInfo(BinaryFormat.PE, "windows", Set.of(arch.architecture()),
                flavour + " " + kind + ", " + arch.displayName()));
    }

    private static Machine peMachine(int machine) {
        switch (machine) {
            case 0x14c:
                return pair("386", "Intel 80386");
            case 0x8664:
                return pair("amd64", "x86-64");
            case 0xAA64:
                return pair("arm64", "ARM64");
            case 0xA641:
                return pair("arm64", "ARM64EC");
            case 0x1c0:
            case 0x1c2:
            case 0x1c4:
                return pair("arm", "ARM Thumb-2");
            case 0x5064:
                return pair("riscv64", "RISC-V 64-bit");
            case 0x6264:
                return pair("loong64", "LoongArch 64-bit");
            case 0x200:
                return pair("ia64", "Intel Itanium");
            default:
                String name = String.format("pe-machine-0x%x", machine);
                return pair(name, "unknown machine 0x" + Integer.toHexString(machine));
        }
    }

    // ---------------------------------------------------------------- Mach-O

    private static final int MH_MAGIC = 0xFEEDFACE;
    private static final int MH_MAGIC_64 = 0xFEEDFACF;
    private static final int FAT_MAGIC = 0xCAFEBABE;
    private static final int FAT_MAGIC_64 = 0xCAFEBABF;
    /** More slices than this is not a universal binary (a Java class file has 45 or more here). */
    private static final int MAX_FAT_ARCHS = 32;

    private static Optional<BinaryInfo> machO(ByteBuffer b) {
        if (b.limit() < 8) {
            return Optional.empty();
        }
        b.order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        if (magic == FAT_MAGIC || magic == FAT_MAGIC_64) {
            return fat(b, magic == FAT_MAGIC_64);
        }
        boolean swapped = Integer.reverseBytes(magic) == MH_MAGIC || Integer.reverseBytes(magic) == MH_MAGIC_64;
        if (!swapped && magic != MH_MAGIC && magic != MH_MAGIC_64) {
            return Optional.empty();
        }
        boolean is64 = magic == MH_MAGIC_64 || Integer.reverseBytes(magic) == MH_MAGIC_64;
        if (b.limit() < (is64 ? 32 : 28)) {
            return Optional.empty();
        }
        b.order(swapped ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        Machine arch = machCpu(b.getInt(4));
        String kind = machKind(b.getInt(12));
        return Optional.of(new BinaryInfo(BinaryFormat.MACH_O, "darwin", Set.of(arch.architecture()),
                "Mach-O " + (is64 ? "64" : "32") + "-bit " + kind + ", " + arch.displayName()));
    }

    private static Optional<BinaryInfo> fat(ByteBuffer b, boolean is64) {
        long count = Integer.toUnsignedLong(b.getInt(4));
        int entrySize = is64 ? 32 : 20;
        if (count < 1 || count > MAX_FAT_ARCHS || 8 + count * entrySize > b.limit()) {
            return Optional.empty();
        }
        long headerEnd = 8 + count * entrySize;
        Set<String> architectures = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 8 + i * entrySize;
            long offset = is64 ? b.getLong(at + 8) : Integer.toUnsignedLong(b.getInt(at + 8));
            if (offset < headerEnd) {
                return Optional.empty();
            }
            Machine arch = machCpu(b.getInt(at));
            architectures.add(arch.architecture());
            names.add(arch.displayName());
        }
        return Optional.of(new BinaryInfo(BinaryFormat.MACH_O, "darwin", architectures,
                "Mach-O universal binary with " + count + " architecture" + (count == 1 ? "" : "s") + ": "
                        + String.join(", ", names)));
    }

    private static Machine machCpu(int cpuType) {
        switch (cpuType) {
            case 7:
                return pair("386", "i386");
            case 0x01000007:
                return pair("amd64", "x86_64");
            case 12:
                return pair("arm", "arm");
            case 0x0100000C:
                return pair("arm64", "arm64");
            case 0x0200000C:
                return pair("arm64_32", "arm64_32");
            case 18:
                return pair("ppc", "ppc");
            case 0x01000012:
                return pair("ppc64", "ppc64");
            default:
                String name = String.format("mach-cpu-0x%x", cpuType);
                return pair(name, "unknown cputype 0x" + Integer.toHexString(cpuType));
        }
    }

    private static String machKind(int fileType) {
        switch (fileType) {
            case 1:
                return "object";
            case 2:
                return "executable";
            case 6:
                return "dynamically linked shared library";
            case 7:
                return "dynamic linker";
            case 8:
                return "bundle";
            default:
                return "file of type 0x" + Integer.toHexString(fileType);
        }
    }

    /** An OCI architecture name and the name shown in descriptions. */
    private record Machine(String architecture, String displayName) {
    }

    private static Machine pair(String architecture, String displayName) {
        return new Machine(architecture, displayName);
    }
}
