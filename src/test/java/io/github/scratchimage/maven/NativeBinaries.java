package io.github.scratchimage.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real native executables for the platform-check ITs, compiled by the machine's gcc. */
public final class NativeBinaries {

    private NativeBinaries() {
    }

    /**
     * Compiles a program that does nothing into {@code directory/app} and checks that it is an x86-64
     * executable, which the ITs declare for other platforms.
     */
    public static Path compileX8664(File directory) throws IOException {
        return compile(directory, false);
    }

    /**
     * As {@link #compileX8664}, statically linked: an image FROM scratch without a loader runs it,
     * so only a platform mismatch is reported for it.
     */
    public static Path compileStaticX8664(File directory) throws IOException {
        return compile(directory, true);
    }

    private static Path compile(File directory, boolean statically) throws IOException {
        Path dir = directory.toPath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hello.c"), "int main(void) { return 0; }\n");
        if (statically) {
            ItTools.run(dir.toFile(), "gcc", "-static", "-o", "app", "hello.c");
        } else {
            ItTools.run(dir.toFile(), "gcc", "-o", "app", "hello.c");
        }
        String description = ItTools.run(dir.toFile(), "file", "-b", "app");
        if (!description.contains("x86-64") || statically && !description.contains("statically linked")) {
            throw new AssertionError("these tests need gcc for x86-64" + (statically ? " with a static libc" : "")
                    + "; it built: " + description);
        }
        return dir.resolve("app");
    }
}
