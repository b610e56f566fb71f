package io.github.scratchimage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Runs an external command with a timeout and captures its output: every process a test starts goes
 * through here (skopeo, umoci, podman, tar, gzip, gcc, file, openssl, htpasswd, and the registry
 * itself, see {@link #start}). A command that times out is killed (with its children). Standard input
 * is closed at once unless {@link #run(List, Input)} writes it.
 */
public final class ProcessRunner {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /**
     * The outcome of a finished command: its exit code, its standard output as bytes (a command may
     * write binary data, e.g. {@code gzip -dc}) and its standard error ({@code ""} with
     * {@link #withErrorsInOutput()}).
     */
    public record Result(List<String> command, int exitCode, byte[] output, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The standard output as UTF-8 text. */
        public String stdout() {
            return new String(output, StandardCharsets.UTF_8);
        }

        /** Throws an AssertionError with the command and both outputs unless the exit code is 0. */
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + " exited with " + exitCode + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr;
        }
    }

    /** What a command reads on its standard input, written while its output is being read. */
    @FunctionalInterface
    public interface Input {
        void writeTo(OutputStream stdin) throws IOException;
    }

    private static final Input NO_INPUT = stdin -> { };

    private final Duration timeout;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final boolean errorsInOutput;

    private ProcessRunner(Duration timeout, Map<String, String> environment, Path workingDirectory,
            boolean errorsInOutput) {
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.errorsInOutput = errorsInOutput;
    }

    public static ProcessRunner create() {
        return new ProcessRunner(DEFAULT_TIMEOUT, Map.of(), null, false);
    }

    public ProcessRunner withTimeout(Duration newTimeout) {
        return new ProcessRunner(newTimeout, environment, workingDirectory, errorsInOutput);
    }

    /** Adds variables to the child's environment (on top of this JVM's). */
    public ProcessRunner withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(variables);
        return new ProcessRunner(timeout, merged, workingDirectory, errorsInOutput);
    }

    public ProcessRunner inDirectory(Path directory) {
        return new ProcessRunner(timeout, environment, directory, errorsInOutput);
    }

    /** Standard error goes into the output, interleaved as the command writes them. */
    public ProcessRunner withErrorsInOutput() {
        return new ProcessRunner(timeout, environment, workingDirectory, true);
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
        return run(command, NO_INPUT);
    }

    /**
     * Runs the command with {@code input} written to its standard input (then closed) while its output
     * is read, and waits for its end (or the timeout, counted from the end of the input).
     */
    public Result run(List<String> command, Input input) {
        ProcessBuilder builder = builder(command).redirectErrorStream(errorsInOutput);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream stdin = process.getOutputStream()) {
            input.writeTo(stdin);
        } catch (IOException e) {
            if (input != NO_INPUT) { // else only closing the stdin of a child that has already gone
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("cannot write the input of " + String.join(" ", command) + "\nstderr:\n"
                        + text(stderr.getNow(new byte[0])), e);
            }
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\nstdout:\n" + text(stdout.getNow(new byte[0])) + "\nstderr:\n"
                        + text(stderr.getNow(new byte[0])));
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    text(stderr.get(10, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot read the output of " + command, e);
        }
    }

    /**
     * Starts a long-running command (a server) with its standard output and error appended to
     * {@code log}, and returns at once; the caller stops the process.
     */
    public Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = builder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /**
     * Every command goes through here: a test whose tool is missing is skipped with the reason (the
     * tools are Debian packages that {@code .ci/run} installs), never failed by a "cannot run".
     */
    private ProcessBuilder builder(List<String> command) {
        String program = command.get(0);
        boolean found = program.contains("/") ? java.nio.file.Files.isExecutable(Path.of(program)) : isInstalled(program);
        org.junit.jupiter.api.Assumptions.assumeTrue(found, program + " is not installed; .ci/run installs the "
                + "tools the tests use (Debian packages, e.g. docker-registry, skopeo, umoci, podman, openssl)");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        return builder;
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

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ProcessRunner::startDaemon);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
