package io.github.scratchimage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code podman system service} serving the Docker Engine API on a unix socket in a test
 * directory, on a {@link PodmanStore} there. Stopped by {@link #close} (its own process, by handle).
 */
public final class PodmanService implements AutoCloseable {
    private final Path directory;
    private final PodmanStore store;
    private final Process process;
    private final ProcessRunner runner;

    private PodmanService(Path directory, PodmanStore store, Process process, ProcessRunner runner) {
        this.directory = directory;
        this.store = store;
        this.process = process;
        this.runner = runner;
    }

    /**
     * Starts the service with everything in {@code directory} but its run root (see
     * {@link PodmanStore#in}), and waits until it answers {@code GET /version}.
     */
    public static PodmanService start(Path directory) throws IOException {
        PodmanStore store = PodmanStore.in(directory);
        ProcessRunner runner = store.runner();
        Path socket = directory.resolve("podman.sock");
        Process process = runner.start(store.command("system", "service", "--time=0", "unix://" + socket),
                directory.resolve("service.log"));
        PodmanService service = new PodmanService(directory, store, process, runner);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(socket) && service.curl("/version").succeeded())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                service.close();
                throw new AssertionError("podman system service did not start: "
                        + Files.readString(directory.resolve("service.log")));
            }
            sleep();
        }
        return service;
    }

    public Path socket() {
        return directory.resolve("podman.sock");
    }

    /** {@code unix:///.../podman.sock}. */
    public String url() {
        return "unix://" + socket();
    }

    /** {@code podman --url URL ARGUMENTS...}: the podman client talking to this service. */
    public ProcessRunner.Result podman(String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman", "--url", url()));
        command.addAll(List.of(arguments));
        return runner.withTimeout(Duration.ofMinutes(3)).run(command);
    }

    /** {@code curl --unix-socket SOCKET http://d/PATH}, its answer's body as stdout. */
    public ProcessRunner.Result curl(String path) {
        return runner.run("curl", "-sS", "--fail-with-body", "--unix-socket", socket().toString(), "http://d" + path);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRunroot();
    }

    /** The run root is podman's scratch space for this service only; gone with it (best effort). */
    private void deleteRunroot() {
        try {
            store.deleteRunroot();
        } catch (IOException e) {
            // left in /tmp: a few KiB, named after the test directory
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for podman", e);
        }
    }
}
