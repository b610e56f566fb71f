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
        Path dir = directory.toPath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hello.c"), "int main(void) { return 0; }\n");
        ItTools.run(dir.toFile(), "gcc", "-o", "app", "hello.c");
        String description = ItTools.run(dir.toFile(), "file", "-b", "app");
        if (!description.contains("x86-64")) {
            throw new AssertionError("these tests need gcc for x86-64; it built: " + description);
        }
        return dir.resolve("app");
    }
}
