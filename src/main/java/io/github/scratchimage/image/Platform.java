package io.github.scratchimage.image;

import io.github.scratchimage.image.InvalidImageException.Field;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An OCI platform: os, architecture, optional variant and os.version. {@link #parse} normalises the
 * usual aliases ({@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}) and rejects values
 * no runtime knows.
 */
public record Platform(String os, String architecture, String variant, String osVersion) {

    private static final Set<String> OPERATING_SYSTEMS = Set.of("aix", "android", "darwin", "dragonfly",
            "freebsd", "illumos", "ios", "js", "linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1",
            "windows");
    private static final Set<String> ARCHITECTURES = Set.of("386", "amd64", "arm", "arm64", "loong64", "mips",
            "mips64", "mips64le", "mipsle", "ppc64", "ppc64le", "riscv64", "s390x", "wasm");
    private static final Map<String, String> ARCHITECTURE_ALIASES = Map.of("x86_64", "amd64", "x86-64", "amd64",
            "aarch64", "arm64", "i386", "386", "i686", "386", "armhf", "arm", "armel", "arm");
    private static final Map<String, Set<String>> VARIANTS = Map.of(
            "arm", Set.of("v5", "v6", "v7", "v8"),
            "arm64", Set.of("v8", "v8.0", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9",
                    "v9", "v9.0", "v9.1", "v9.2", "v9.3", "v9.4", "v9.5"),
            "amd64", Set.of("v1", "v2", "v3", "v4"),
            "riscv64", Set.of("rva20u64", "rva22u64", "rva23u64"));

    public Platform {
        if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
            throw new IllegalArgumentException("os and architecture are required");
        }
        variant = emptyToNull(variant);
        osVersion = emptyToNull(osVersion);
    }

    public static Platform linuxAmd64() {
        return new Platform("linux", "amd64", null, null);
    }

    /**
     * Parses {@code os/arch[/variant]}. 
     */
    public static Platform parse(String value, String osVersion) {
        String hint = "expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8";
        if (value == null || value.isBlank()) {
            throw new InvalidImageException(Field.PLATFORM, "is empty; " + hint);
        }
        String[] parts = value.trim().split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidImageException(Field.PLATFORM, "'" + value + "' is not a platform; " + hint);
        }
        String os = parts[0].toLowerCase(Locale.ROOT);
        String arch = parts[1].toLowerCase(Locale.ROOT);
        String variant = parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : null;
        if (!OPERATING_SYSTEMS.contains(os)) {
            throw new InvalidImageException(Field.PLATFORM, "'" + value + "': unknown operating system '" + parts[0]
                    + "'; known: " + String.join(", ", new java.util.TreeSet<>(OPERATING_SYSTEMS)));
        }
        if ("armhf".equals(arch) && variant == null) {
            variant = "v7";
        } else if ("armel".equals(arch) && variant == null) {
            variant = "v6";
        }
        arch = ARCHITECTURE_ALIASES.getOrDefault(arch, arch);
        if (!ARCHITECTURES.contains(arch)) {
            throw new InvalidImageException(Field.PLATFORM, "'" + value + "': unknown architecture '" + parts[1]
                    + "'; known: " + String.join(", ", new java.util.TreeSet<>(ARCHITECTURES))
                    + " (aliases x86_64, aarch64, i386 are accepted)");
        }
        if (variant != null) {
            if (variant.matches("[0-9].*")) {
                variant = "v" + variant;
            }
            Set<String> allowed = VARIANTS.getOrDefault(arch, Set.of());
            if (!allowed.contains(variant)) {
                throw new InvalidImageException(Field.PLATFORM, "'" + value + "': unknown variant '" + parts[2]
                        + "' for architecture " + arch + (allowed.isEmpty() ? " (it takes no variant)"
                        : "; known: " + String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
        return new Platform(os, arch, variant, osVersion);
    }

    public Platform withOsVersion(String newOsVersion) {
        return new Platform(os, architecture, variant, newOsVersion);
    }

    /**
     * Whether an image of this platform is what {@code wanted} asks for: the same os and architecture,
     * and the same variant when {@code wanted} names one (os.version is not compared).
     */
    public boolean matches(Platform wanted) {
        return os.equals(wanted.os) && architecture.equals(wanted.architecture)
                && (wanted.variant == null || wanted.variant.equals(variant));
    }

    /** {@code os/arch[/variant]}, without os.version. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
