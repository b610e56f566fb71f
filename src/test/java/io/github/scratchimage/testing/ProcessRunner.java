package io.github.scratchimage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a timeout and captures its output. Tests use it to drive the real
 * tools (skopeo, umoci, podman, tar). A command that times out is killed (with its children).
 */
public final class ProcessRunner {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** The outcome of a finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** Throws an AssertionError with the command and both outputs unless the exit code is 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + " exited with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final Duration timeout;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    private ProcessRunner(Duration timeout, Map<String, String> environment, Path workingDirectory) {
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    public static ProcessRunner create() {
        return new ProcessRunner(DEFAULT_TIMEOUT, Map.of(), null);
    }

    public ProcessRunner withTimeout(Duration newTimeout) {
        return new ProcessRunner(newTimeout, environment, workingDirectory);
    }

    /** Adds variables to the child's environment (on top of this JVM's). */
    public ProcessRunner withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(variables);
        return new ProcessRunner(timeout, merged, workingDirectory);
    }

    public ProcessRunner inDirectory(Path directory) {
        return new ProcessRunner(timeout, environment, directory);
    }

    /** Whether {@code program} is found on the PATH. */
    public static boolean isInstalled(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, program)));
    }

    public Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs the command to its end (or the timeout) and returns its exit code and output; never throws for a non-zero exit. */
    public Result run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already have gone
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\nstdout:\n" + stdout.getNow("") + "\nstderr:\n" + stderr.getNow(""));
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot read the output of " + command, e);
        }
    }

    /** Runs the command and throws an AssertionError with its output unless it exits with 0. */
    public Result runChecked(String... command) {
        return run(List.of(command)).requireSuccess();
    }

    public Result runChecked(List<String> command) {
        return run(command).requireSuccess();
    }

    private static void startDaemon(Runnable task) {
        Thread thread = new Thread(task, "process-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ProcessRunner::startDaemon);
    }
}
