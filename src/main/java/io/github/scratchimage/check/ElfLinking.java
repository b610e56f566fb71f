package io.github.scratchimage.check;

import java.util.List;

/**
 * What an ELF file's program and dynamic headers say it needs at run time.
 *
 * @param interpreter the program interpreter ({@code PT_INTERP}, e.g. {@code /lib64/ld-linux-x86-64.so.2}),
 *                    or null for a static (or static-pie) binary
 * @param needed      the shared libraries it names ({@code DT_NEEDED}, e.g. {@code libc.so.6}), in order
 * @param searchPath  the directories of its {@code DT_RUNPATH}, or of its {@code DT_RPATH} when it has no
 *                    runpath, as written (they may hold {@code $ORIGIN})
 */
public record ElfLinking(String interpreter, List<String> needed, List<String> searchPath) {

    public ElfLinking {
        needed = List.copyOf(needed);
        searchPath = List.copyOf(searchPath);
    }
}
