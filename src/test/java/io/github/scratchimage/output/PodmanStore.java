package io.github.scratchimage.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real podman with its own image store in a test directory (vfs driver), so tests never touch the host's images. */
final class PodmanStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path root;
    private final ProcessRunner runner = ProcessRunner.create();

    PodmanStore(Path directory) {
        this.root = directory;
    }

    static boolean isInstalled() {
        return ProcessRunner.isInstalled("podman");
    }

    ProcessRunner.Result run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", root.resolve("storage").toString(),
                "--runroot", root.resolve("run").toString(), "--storage-driver", "vfs"));
        command.addAll(List.of(arguments));
        return runner.run(command);
    }

    /** {@code podman load -i TAR}; returns its output. */
    String load(Path tar) {
        ProcessRunner.Result result = run("load", "-i", tar.toString()).requireSuccess();
        return result.stdout() + result.stderr();
    }

    /** {@code podman image inspect NAME}, the first (only) element. */
    JsonNode inspect(String name) {
        String out = run("image", "inspect", name).requireSuccess().stdout();
        try {
            return MAPPER.readTree(out).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(out, e);
        }
    }

    /** Every image ID in the store, including unnamed ones. */
    List<String> imageIds() {
        String out = run("images", "-a", "--no-trunc", "--format", "{{.ID}}").requireSuccess().stdout();
        return out.lines().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
