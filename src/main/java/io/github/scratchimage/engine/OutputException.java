package io.github.scratchimage.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output could not be written, or cannot be: names the path, and says why in the file system's
 * words (no space left on device, input/output error, read-only file system, is a directory...). The
 * Maven goal adds the parameter the path came from.
 */
public final class OutputException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public OutputException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The output (file or directory) at fault. */
    public Path path() {
        return path;
    }

    /** {@code e}'s reason without the path the JDK puts in front of it, e.g. "No space left on device". */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.file.FileSystemException fs) {
            return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT) + (fs.getOtherFile() == null ? "" : " " + fs.getOtherFile());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
