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
