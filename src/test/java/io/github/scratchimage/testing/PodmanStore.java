package io.github.scratchimage.testing;

import io.github.scratchimage.engine.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A podman image store of its own in {@code directory} ({@code --root}, {@code --runroot}, vfs
 * driver: no other podman user is touched), with the settings containers need on these machines
 * (runc, cgroupfs, lowered ulimits, no network, events to a file: {@code /work/shared/notes/tools.md})
 * in a {@code containers.conf} of its own. Serves {@link PodmanService} and the ITs' podman runs.
 *
 * @param runroot podman's run root; podman refuses one longer than 50 characters, and one that changes
 *                between commands on the same store
 */
public record PodmanStore(Path directory, Path runroot) {
    private static final String CONTAINERS_CONF = """
            [containers]
            default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
            netns = "none"
            [engine]
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            """;

    /**
     * A store in {@code directory} whose run root is a short directory under /tmp named after it: the
     * same for every command on this store, and short enough for podman whatever the directory's path.
     */
    public static PodmanStore in(Path directory) {
        Path absolute = directory.toAbsolutePath();
        return new PodmanStore(absolute,
                Path.of("/tmp", "scratch-podman-" + Integer.toHexString(absolute.toString().hashCode())));
    }

    /** A runner whose podman reads this store's {@code containers.conf} (written here first). */
    public ProcessRunner runner() throws IOException {
        Files.createDirectories(directory);
        Path conf = directory.resolve("containers.conf");
        Files.writeString(conf, CONTAINERS_CONF);
        return ProcessRunner.create().withEnvironment(Map.of("CONTAINERS_CONF", conf.toString()));
    }

    /** Runs {@link #command} with {@link #runner()}; the caller checks the result. */
    public ProcessRunner.Result run(String... arguments) throws IOException {
        return runner().run(command(arguments));
    }

    /** Removes the run root, which lies under /tmp and so outlives the test directory. */
    public void deleteRunroot() throws IOException {
        AtomicFiles.deleteRecursively(runroot);
    }

    /** {@code podman} with this store's options, then {@code arguments}. */
    public List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman", "--root", directory.resolve("storage").toString(),
                "--runroot", runroot.toString(), "--storage-driver", "vfs"));
        command.addAll(List.of(arguments));
        return command;
    }
}
