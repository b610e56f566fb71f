package io.github.scratchimage.check;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the header of a native binary says about the platform it runs on.
 *
 * @param format        ELF, Mach-O or PE
 * @param os            OCI operating system name: {@code linux} for an ELF file with the SYSV or GNU
 *                      OS/ABI byte (those are not specific to one system), {@code freebsd} etc. when the
 *                      ELF header names a system, {@code darwin} for Mach-O, {@code windows} for PE
 * @param architectures OCI architecture names (amd64, arm64, arm, 386, ppc64le, s390x, ...); one for a
 *                      thin binary, one per slice for a Mach-O universal binary. A machine without an OCI
 *                      name gets a descriptive name that matches no platform (e.g. {@code sparc64},
 *                      {@code elf-machine-0x1234})
 * @param description   human-readable summary for messages, e.g. {@code ELF 64-bit LSB executable, x86-64}
 */
public record BinaryInfo(BinaryFormat format, String os, Set<String> architectures, String description) {

    public BinaryInfo {
        if (format == null || os == null || description == null || architectures == null
                || architectures.isEmpty()) {
            throw new IllegalArgumentException("format, os, description and at least one architecture are required");
        }
        architectures = Collections.unmodifiableSet(new LinkedHashSet<>(architectures));
    }

    /** The platforms this binary runs on, e.g. {@code linux/amd64} or {@code darwin/amd64, darwin/arm64}. */
    public String platforms() {
        return architectures.stream().map(arch -> os + "/" + arch).collect(Collectors.joining(", "));
    }
}
