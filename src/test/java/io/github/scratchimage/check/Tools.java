package io.github.scratchimage.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the real gcc and file(1) for the tests. */
final class Tools {
    private Tools() {
    }

    /** Compiles a hello-world C program with gcc: static if the machine can, else dynamic. */
    static Path compileHello(Path dir) throws IOException {
        Path source = dir.resolve("app.c");
        Files.writeString(source, "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
        Path binary = dir.resolve("app");
        if (!run(dir, "gcc", "-static", "-o", binary.toString(), source.toString()).succeeded()) {
            ProcessRunner.Result dynamic = run(dir, "gcc", "-o", binary.toString(), source.toString());
            assertThat(dynamic.exitCode()).as("gcc: %s", dynamic.stdout()).isZero();
        }
        assertThat(binary).isRegularFile();
        return binary;
    }

    /**
     * Compiles the hello-world C program {@code name}.c into {@code name} with gcc and the given
     * flags (e.g. none for a dynamic binary, {@code -static-pie}).
     */
    static Path compile(Path dir, String name, String... flags) throws IOException {
        Path source = dir.resolve(name + ".c");
        Files.writeString(source, "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
        Path binary = dir.resolve(name);
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("gcc"));
        command.addAll(java.util.List.of(flags));
        command.addAll(java.util.List.of("-o", binary.toString(), source.toString()));
        ProcessRunner.Result result = run(dir, command.toArray(String[]::new));
        assertThat(result.exitCode()).as("gcc: %s", result.stdout()).isZero();
        return binary;
    }

    /** What file(1) says about {@code path} (brief mode). */
    static String file(Path path) {
        ProcessRunner.Result result = run(path.getParent(), "file", "-b", path.toString());
        assertThat(result.exitCode()).as("file: %s", result.stdout()).isZero();
        return result.stdout().strip();
    }

    /** Runs {@code command} in {@code dir}; its standard error comes in its output. */
    static ProcessRunner.Result run(Path dir, String... command) {
        return ProcessRunner.create().inDirectory(dir).withErrorsInOutput().run(command);
    }
}
