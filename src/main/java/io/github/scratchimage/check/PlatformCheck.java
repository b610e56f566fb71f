package io.github.scratchimage.check;

import io.github.scratchimage.image.Platform;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Compares the native binaries that go into one platform's image with that platform, before anything
 * is written. Each regular file's header is read by {@link BinaryInspector}; a binary whose machine is
 * not the platform's architecture, or whose format belongs to another operating system (a Mach-O or PE
 * file in a linux image, an ELF file in a windows image, an ELF file branded for FreeBSD in a linux
 * image) is a mismatch.
 *
 * <p>The <em>main executable</em> is {@code entrypoint[0]}, or {@code cmd[0]} when no entrypoint is set,
 * if it is an absolute image path: a bare or relative name is looked up at run time and is not checked
 * as the main executable. A mismatching main executable fails the build with {@link PlatformCheckMode#FAIL}
 * and gives a warning with {@link PlatformCheckMode#WARN}; every other mismatching binary gives a warning
 * in both modes. {@link PlatformCheckMode#OFF} reads nothing.
 *
 * <p>Given the image's paths ({@link ImagePaths}), it also checks what each file needs to start, the
 * most common reason a FROM-scratch image fails with "no such file or directory": the program
 * interpreter of a dynamically linked ELF file ({@code PT_INTERP}, e.g. {@code /lib64/ld-linux-x86-64.so.2})
 * and the interpreter of a {@code #!} script (e.g. {@code /bin/sh}) must be in the image; a missing one
 * is handled as a platform mismatch (the main executable fails the build in FAIL mode, warns in WARN
 * mode; any other file warns). A needed library ({@code DT_NEEDED}) found in none of the directories of
 * {@link #libraryDirectories} gives a warning only: LD_LIBRARY_PATH and ld.so.conf are not read.
 * Messages name files by their image path with its leading {@code /}.
 *
 * <p>Not checked: the platform's variant (an ARM binary's v6/v7/v8 level or an amd64 binary's
 * microarchitecture level cannot be read reliably from its header), the os.version, and ELF files
 * with the generic SYSV or GNU OS/ABI byte in images for operating systems other than linux (the BSDs
 * and illumos also use that value).
 */
public final class PlatformCheck {

    private PlatformCheck() {
    }

    /**
     * Checks the files of one platform's image against its platform only (no interpreter check).
     *
     * @see #check(Platform, Map, ImagePaths, List, List, PlatformCheckMode, BuildLog)
     */
    public static void check(Platform platform, Map<String, Path> filesByImagePath, List<String> entrypoint,
            List<String> cmd, PlatformCheckMode mode, BuildLog log) throws IOException {
        check(platform, filesByImagePath, null, entrypoint, cmd, mode, log);
    }

    /**
     * Checks the files of one platform's image.
     *
     * @param platform         the platform the image declares
     * @param filesByImagePath source file by path in the image ({@code /app} or {@code app}); entries
     *                         that are not regular files are skipped
     * @param image            every path of the image, to tell whether the interpreters and libraries
     *                         the files need are there; null to check only the platform
     * @param entrypoint       the image's entrypoint, may be null or empty
     * @param cmd              the image's cmd, may be null or empty
     * @param mode             what to do about a main executable that cannot run
     * @param log              receives the warnings
     * @throws PlatformMismatchException in {@link PlatformCheckMode#FAIL} mode when the main executable
     *                                   does not match the platform or its interpreter is not in the image
     *                                   (after the other warnings)
     * @throws IOException               when a file cannot be read
     */
    public static void check(Platform platform, Map<String, Path> filesByImagePath, ImagePaths image,
            List<String> entrypoint, List<String> cmd, PlatformCheckMode mode, BuildLog log) throws IOException {
        if (mode == PlatformCheckMode.OFF) {
            return;
        }
        MainExecutable main = MainExecutable.of(entrypoint, cmd);
        Map<String, Map.Entry<String, Path>> byImagePath = new TreeMap<>();
        for (Map.Entry<String, Path> entry : filesByImagePath.entrySet()) {
            byImagePath.put("/" + ImagePaths.normalise(entry.getKey()), entry);
        }
        String failure = null;
        for (Map.Entry<String, Map.Entry<String, Path>> file : byImagePath.entrySet()) {
            String imagePath = file.getKey();
            Path source = file.getValue().getValue();
            if (!Files.isRegularFile(source)) {
                continue;
            }
            boolean isMain = main != null && main.matches(imagePath);
            String subject = isMain ? "the " + main.describe() + " " + main.path : imagePath;
            Optional<BinaryInfo> inspected = BinaryInspector.inspect(source);
            if (inspected.isEmpty()) {
                String shebang = image == null ? null : shebang(source);
                String interpreter = shebang == null ? null : shebang.substring(2).strip().split("[ \t]", 2)[0];
                if (interpreter != null && interpreter.startsWith("/") && !image.exists(interpreter)) {
                    String what = subject + " (from " + source + ") is a script that starts with \"" + shebang
                            + "\" and needs the interpreter " + interpreter + ", which is not in the image:"
                            + " running it fails with \"no such file or directory\".";
                    String fix = "Add " + interpreter + " (and what it needs) in a layer, e.g. a statically linked"
                            + " busybox, or run a static binary instead of the script";
                    failure = report(isMain, mode, what, fix, log, failure);
                } else if (isMain) {
                    log.debug("platform check: " + main.describe() + " " + main.path + " (" + source
                            + ") is not a native binary; not checked");
                }
                continue;
            }
            BinaryInfo info = inspected.get();
            if (matches(info, platform)) {
                if (image != null && info.format() == BinaryFormat.ELF) {
                    failure = checkLinking(platform, imagePath, subject, source, isMain, image, mode, log, failure);
                }
                continue;
            }
            String what = subject + " (from " + source + ") is " + article(info.description()) + " "
                    + info.description() + ", built for " + info.platforms() + ", but the image platform is "
                    + platform + ".";
            if (!isMain) {
                log.warn("Platform check: " + what + " It will not run on " + platform + "; build it for "
                        + platform + " or leave it out of this platform's image.");
            } else if (mode == PlatformCheckMode.WARN) {
                log.warn("Platform check: " + what
                        + " Building anyway because the platform check is set to warn.");
            } else {
                failure = what + " Build the executable for " + platform
                        + " and put that file into this platform's image, or set the platform check to warn"
                        + " (or off) to build the image anyway.";
            }
        }
        if (failure != null) {
            throw new PlatformMismatchException(failure);
        }
    }

    /**
     * Checks that the program interpreter of an ELF file is in the image (as the platform mismatch: a
     * failure for the main executable in FAIL mode, else a warning) and warns about needed libraries
     * found in none of the directories searched (see {@link #libraryDirectories}).
     */
    private static String checkLinking(Platform platform, String imagePath, String subject, Path source,
            boolean isMain, ImagePaths image, PlatformCheckMode mode, BuildLog log, String failure)
            throws IOException {
        Optional<ElfLinking> read = BinaryInspector.linking(source);
        if (read.isEmpty()) {
            return failure;
        }
        ElfLinking linking = read.get();
        String interpreter = linking.interpreter();
        if (interpreter != null && !image.exists(interpreter)) {
            String what = subject + " (from " + source + ") is dynamically linked and needs the program interpreter "
                    + interpreter + ", which is not in the image: running it fails with \"no such file or directory\".";
            String fix = "Link it statically (e.g. gcc -static, Go with CGO_ENABLED=0, Rust's musl target), or add"
                    + " the loader " + interpreter + " and the libraries it needs in a layer"
                    + (linking.needed().isEmpty() ? "" : " (it names " + String.join(", ", linking.needed()) + ")");
            return report(isMain, mode, what, fix, log, failure);
        }
        List<String> directories = libraryDirectories(platform, imagePath, linking);
        List<String> missing = new ArrayList<>();
        for (String library : linking.needed()) {
            if (library.contains("/")) {
                if (library.startsWith("/") && !image.exists(library)) {
                    missing.add(library);
                }
            } else if (directories.stream().noneMatch(dir -> image.exists(dir + "/" + library))) {
                missing.add(library);
            }
        }
        if (!missing.isEmpty()) {
            log.warn("Platform check: " + subject + " (from " + source + ") needs the shared librar"
                    + (missing.size() == 1 ? "y " : "ies ") + String.join(", ", missing)
                    + ", not found in the image in " + String.join(", ", directories) + ". It will fail to start"
                    + " unless " + (missing.size() == 1 ? "it is" : "they are") + " found another way"
                    + " (LD_LIBRARY_PATH, ld.so.conf); add " + (missing.size() == 1 ? "it" : "them")
                    + " in a layer, or link statically.");
        }
        return failure;
    }

    /** Warns, or returns the failure message for the main executable in FAIL mode. */
    private static String report(boolean isMain, PlatformCheckMode mode, String what, String fix, BuildLog log,
            String failure) {
        if (!isMain) {
            log.warn("Platform check: " + what + " " + fix + ".");
            return failure;
        }
        if (mode == PlatformCheckMode.WARN) {
            log.warn("Platform check: " + what + " Building anyway because the platform check is set to warn.");
            return failure;
        }
        return what + " " + fix + "; or set the platform check to warn (or off) to build the image anyway.";
    }

    /**
     * Where a needed library is looked for: the binary's RUNPATH (or RPATH), {@code $ORIGIN} replaced by
     * the binary's directory (entries with other dynamic-string tokens are left out), then the
     * platform's multiarch directories ({@code /lib/x86_64-linux-gnu}, {@code /usr/lib/x86_64-linux-gnu},
     * ...), {@code /lib}, {@code /usr/lib}, {@code /lib64}, {@code /usr/lib64} and {@code /usr/local/lib}
     * (musl's default). LD_LIBRARY_PATH and {@code /etc/ld.so.conf} are not read.
     */
    static List<String> libraryDirectories(Platform platform, String imagePath, ElfLinking linking) {
        Set<String> directories = new LinkedHashSet<>();
        String origin = imagePath.substring(0, Math.max(imagePath.lastIndexOf('/'), 0));
        for (String dir : linking.searchPath()) {
            String resolved = dir.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
            if (resolved.startsWith("/") && !resolved.contains("$")) {
                directories.add(collapseDotDot(resolved));
            }
        }
        for (String triplet : MULTIARCH.getOrDefault(platform.architecture(), List.of())) {
            directories.add("/lib/" + triplet);
            directories.add("/usr/lib/" + triplet);
        }
        directories.addAll(List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"));
        return new ArrayList<>(directories);
    }

    /** {@code /opt/bin/../lib} as {@code /opt/lib}. */
    private static String collapseDotDot(String absolute) {
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : ImagePaths.normalise(absolute).split("/")) {
            if ("..".equals(segment)) {
                segments.pollLast();
            } else if (!segment.isEmpty()) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** Debian's multiarch tuples by OCI architecture. */
    private static final Map<String, List<String>> MULTIARCH = Map.of(
            "amd64", List.of("x86_64-linux-gnu"),
            "arm64", List.of("aarch64-linux-gnu"),
            "arm", List.of("arm-linux-gnueabihf", "arm-linux-gnueabi"),
            "386", List.of("i386-linux-gnu"),
            "ppc64le", List.of("powerpc64le-linux-gnu"),
            "s390x", List.of("s390x-linux-gnu"),
            "riscv64", List.of("riscv64-linux-gnu"),
            "mips64le", List.of("mips64el-linux-gnuabi64"),
            "loong64", List.of("loongarch64-linux-gnu"));

    /** The {@code #!} line of a script (without line end), or null when the file does not start with one. */
    private static String shebang(Path file) throws IOException {
        byte[] head = new byte[256];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        if (length < 2 || head[0] != '#' || head[1] != '!') {
            return null;
        }
        int end = 2;
        while (end < length && head[end] != '\n') {
            end++;
        }
        return new String(head, 0, end, StandardCharsets.UTF_8).strip();
    }

    /**
     * Tells which image path is the main executable of an image with this entrypoint and cmd (see
     * the class comment); never any when the command is not an absolute path. Lets a caller leave
     * out files that need no check before calling {@link #check}.
     */
    public static Predicate<String> mainExecutable(List<String> entrypoint, List<String> cmd) {
        MainExecutable main = MainExecutable.of(entrypoint, cmd);
        return main == null ? imagePath -> false : main::matches;
    }

    /** Whether {@code info} runs on {@code platform}: same architecture and a format of the platform's os. */
    static boolean matches(BinaryInfo info, Platform platform) {
        return info.architectures().contains(platform.architecture()) && osMatches(info, platform.os());
    }

    private static boolean osMatches(BinaryInfo info, String os) {
        switch (info.format()) {
            case PE:
                return "windows".equals(os);
            case MACH_O:
                return "darwin".equals(os) || "ios".equals(os);
            default:
                if ("windows".equals(os) || "darwin".equals(os) || "ios".equals(os)) {
                    return false;
                }
                String elfOs = info.os();
                return "linux".equals(elfOs) || elfOs.equals(os)
                        || ("solaris".equals(elfOs) && "illumos".equals(os));
        }
    }

    private static String article(String description) {
        return Set.of('A', 'E', 'I', 'O', 'U').contains(description.charAt(0)) ? "an" : "a";
    }

    /** The image path the container runs, when it is an absolute path. */
    private static final class MainExecutable {
        private final String path;
        private final String normalisedPath;
        private final boolean fromEntrypoint;

        private MainExecutable(String path, boolean fromEntrypoint) {
            this.path = path;
            this.normalisedPath = normalise(path);
            this.fromEntrypoint = fromEntrypoint;
        }

        static MainExecutable of(List<String> entrypoint, List<String> cmd) {
            boolean fromEntrypoint = entrypoint != null && !entrypoint.isEmpty();
            List<String> command = fromEntrypoint ? entrypoint : cmd;
            if (command == null || command.isEmpty() || command.get(0) == null
                    || !command.get(0).startsWith("/")) {
                return null;
            }
            return new MainExecutable(command.get(0), fromEntrypoint);
        }

        boolean matches(String imagePath) {
            return normalisedPath.equals(normalise(imagePath));
        }

        String describe() {
            return fromEntrypoint ? "entrypoint" : "cmd[0]";
        }

        /** Drops leading slashes and "./", repeated slashes, "." segments and a trailing slash. */
        private static String normalise(String imagePath) {
            StringBuilder out = new StringBuilder();
            for (String segment : imagePath.split("/")) {
                if (segment.isEmpty() || ".".equals(segment)) {
                    continue;
                }
                if (out.length() > 0) {
                    out.append('/');
                }
                out.append(segment);
            }
            return out.toString();
        }
    }
}
