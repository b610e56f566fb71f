package io.github.scratchimage.check;

import io.github.scratchimage.image.Platform;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Not checked: the platform's variant (an ARM binary's v6/v7/v8 level or an amd64 binary's
 * microarchitecture level cannot be read reliably from its header), the os.version, and ELF files
 * with the generic SYSV or GNU OS/ABI byte in images for operating systems other than linux (the BSDs
 * and illumos also use that value).
 */
public final class PlatformCheck {

    private PlatformCheck() {
    }

    /**
     * Checks the files of one platform's image.
     *
     * @param platform         the platform the image declares
     * @param filesByImagePath source file by path in the image ({@code /app} or {@code app}); entries
     *                         that are not regular files are skipped
     * @param entrypoint       the image's entrypoint, may be null or empty
     * @param cmd              the image's cmd, may be null or empty
     * @param mode             what to do about a mismatching main executable
     * @param log              receives the warnings
     * @throws PlatformMismatchException in {@link PlatformCheckMode#FAIL} mode when the main executable
     *                                   does not match the platform (after the other warnings)
     * @throws IOException               when a file cannot be read
     */
    public static void check(Platform platform, Map<String, Path> filesByImagePath, List<String> entrypoint,
            List<String> cmd, PlatformCheckMode mode, BuildLog log) throws IOException {
        if (mode == PlatformCheckMode.OFF) {
            return;
        }
        MainExecutable main = MainExecutable.of(entrypoint, cmd);
        String failure = null;
        for (Map.Entry<String, Path> entry : new TreeMap<>(filesByImagePath).entrySet()) {
            Path source = entry.getValue();
            if (!Files.isRegularFile(source)) {
                continue;
            }
            boolean isMain = main != null && main.matches(entry.getKey());
            Optional<BinaryInfo> inspected = BinaryInspector.inspect(source);
            if (inspected.isEmpty()) {
                if (isMain) {
                    log.debug("platform check: " + main.describe() + " " + main.path + " (" + source
                            + ") is not a native binary; not checked");
                }
                continue;
            }
            BinaryInfo info = inspected.get();
            if (matches(info, platform)) {
                continue;
            }
            String subject = isMain ? "the " + main.describe() + " " + main.path : entry.getKey();
            String what = subject + " (from " + source + ") is " + article(info.description()) + " "
                    + info.description() + ", built for " + info.platforms() + ", but the image platform is "
                    + platform + ".";
            if (!isMain) {
                log.warn("Platform check: " + what + " It will not run on " + platform + "; build it for "
                        + platform + " or leave it out of this platform's image.");
            } else if (mode == PlatformCheckMode.WARN) {
                log.warn("Platform check: " + what
                        + " Building anyway because platformCheck is warn.");
            } else {
                failure = what + " Build the executable for " + platform
                        + " and put that file into this platform's image, or set <platformCheck> to warn"
                        + " (or off) to build the image anyway.";
            }
        }
        if (failure != null) {
            throw new PlatformMismatchException(failure);
        }
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
