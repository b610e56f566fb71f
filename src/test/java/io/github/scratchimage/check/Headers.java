package io.github.scratchimage.check;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds minimal, well-formed binary headers for tests (laid out as in the ELF, Mach-O and PE specs). */
final class Headers {
    static final int EM_386 = 3;
    static final int EM_MIPS = 8;
    static final int EM_PPC64 = 21;
    static final int EM_S390 = 22;
    static final int EM_ARM = 40;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int EM_RISCV = 243;
    static final int EM_LOONGARCH = 258;

    static final int CPU_X86_64 = 0x01000007;
    static final int CPU_ARM64 = 0x0100000C;

    private Headers() {
    }

    /** An ELF header (type ET_EXEC) with no program or section headers. */
    static byte[] elf(boolean is64, boolean little, int machine, int osAbi) {
        int size = is64 ? 64 : 52;
        ByteBuffer b = ByteBuffer.allocate(size).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (little ? 1 : 2), 1, (byte) osAbi});
        b.position(16);
        b.putShort((short) 2).putShort((short) machine).putInt(1);
        if (is64) {
            b.putLong(0x400000).putLong(0).putLong(0).putInt(0).putShort((short) 64).putShort((short) 56)
                    .putShort((short) 0).putShort((short) 64).putShort((short) 0).putShort((short) 0);
        } else {
            b.putInt(0x8000).putInt(0).putInt(0).putInt(0).putShort((short) 52).putShort((short) 32)
                    .putShort((short) 0).putShort((short) 40).putShort((short) 0).putShort((short) 0);
        }
        return b.array();
    }

    /** A thin Mach-O header of an executable (MH_EXECUTE) without load commands. */
    static byte[] machO(boolean is64, boolean little, int cpuType) {
        ByteBuffer b = ByteBuffer.allocate(is64 ? 32 : 28).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.putInt(is64 ? 0xFEEDFACF : 0xFEEDFACE).putInt(cpuType).putInt(0).putInt(2).putInt(0).putInt(0).putInt(0);
        return b.array();
    }

    /** A universal (fat) header with one slice per cpu type, slices 4 KiB apart after the header. */
    static byte[] fat(int... cpuTypes) {
        ByteBuffer b = ByteBuffer.allocate(8 + 20 * cpuTypes.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xCAFEBABE).putInt(cpuTypes.length);
        for (int i = 0; i < cpuTypes.length; i++) {
            b.putInt(cpuTypes[i]).putInt(0).putInt(4096 * (i + 1)).putInt(4096).putInt(12);
        }
        return b.array();
    }

    /** A DOS stub pointing at a PE header at {@code peOffset}, with a PE32+ optional header magic. */
    static byte[] pe(int machine, int peOffset, int characteristics) {
        ByteBuffer b = ByteBuffer.allocate(peOffset + 24 + 240).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'M').put(1, (byte) 'Z');
        b.putInt(0x3C, peOffset);
        b.position(peOffset);
        b.put(new byte[] {'P', 'E', 0, 0});
        b.putShort((short) machine).putShort((short) 1).putInt(0).putInt(0).putInt(0).putShort((short) 240)
                .putShort((short) characteristics);
        b.putShort((short) 0x20b);
        return b.array();
    }
}
