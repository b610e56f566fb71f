package io.github.scratchimage.check;

/** The executable file formats {@link BinaryInspector} recognises. */
public enum BinaryFormat {
    /** Executable and Linkable Format: Linux and the BSDs. */
    ELF,
    /** Mach-O, thin or universal ("fat"): macOS and iOS. */
    MACH_O,
    /** Portable Executable: Windows. */
    PE
}
