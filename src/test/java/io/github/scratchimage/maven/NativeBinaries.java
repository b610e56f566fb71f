package io.github.scratchimage.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real native executables for the platform-check and load tests, compiled by the machine's gcc. */
public final class NativeBinaries {

    private static final String NOTHING = "int main(void) { return 0; }\n";
    private static final String REPORTER = """
            #include <stdio.h>
            #include <unistd.h>
            extern char **environ;
            int main(void) {
                char cwd[4096];
                printf("cwd=%s\\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
                printf("uid=%d\\ngid=%d\\n", (int) getuid(), (int) getgid());
                for (char **e = environ; *e; e++) {
                    printf("%s\\n", *e);
                }
                return 0;
            }
            """;

    private NativeBinaries() {
    }

    /**
     * Compiles a program that does nothing into {@code directory/app} and checks that it is an x86-64
     * executable, which the ITs declare for other platforms.
     */
    public static Path compileX8664(File directory) throws IOException {
        return compile(directory, false, NOTHING);
    }

    /**
     * As {@link #compileX8664}, statically linked: an image FROM scratch without a loader runs it,
     * so only a platform mismatch is reported for it.
     */
    public static Path compileStaticX8664(File directory) throws IOException {
        return compile(directory, true, NOTHING);
    }

    /**
     * A static x86-64 program that prints what a container started it with, one {@code name=value}
     * per line: {@code cwd}, {@code uid}, {@code gid}, then every environment variable; it exits with 0.
     */
    public static Path compileStaticReporterX8664(File directory) throws IOException {
        return compile(directory, true, REPORTER);
    }

    private static Path compile(File directory, boolean statically, String source) throws IOException {
        Path dir = directory.toPath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hello.c"), source);
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
