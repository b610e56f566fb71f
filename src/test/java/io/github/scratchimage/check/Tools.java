package io.github.scratchimage.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the real gcc and file(1) for the tests. */
final class Tools {
    private Tools() {
    }

    /** Compiles a hello-world C program with gcc: static if the machine can, else dynamic. */
    static Path compileHello(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("app.c");
        Files.writeString(source, "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
        Path binary = dir.resolve("app");
        if (run(dir, "gcc", "-static", "-o", binary.toString(), source.toString()).exit != 0) {
            Result dynamic = run(dir, "gcc", "-o", binary.toString(), source.toString());
            assertThat(dynamic.exit).as("gcc: %s", dynamic.output).isZero();
        }
        assertThat(binary).isRegularFile();
        return binary;
    }

    /** What file(1) says about {@code path} (brief mode). */
    static String file(Path path) throws IOException, InterruptedException {
        Result result = run(path.getParent(), "file", "-b", path.toString());
        assertThat(result.exit).as("file: %s", result.output).isZero();
        return result.output.strip();
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    record Result(int exit, String output) {
    }
}
