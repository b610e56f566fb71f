package io.github.scratchimage.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes outputs so that readers see either the old or the complete new content: everything goes to
 * a hidden temporary name in the same directory and is renamed into place at the end. On failure the
 * temporary file or directory is removed and the previous output is left as it was; a temporary file
 * left by a build that was killed is removed by the next write of the same file.
 *
 * <p>A target that is a symbolic link is written through: the file it leads to is replaced, the
 * link stays. A target that is (or leads to) a device or a pipe, e.g. {@code /dev/stdout}, is
 * written to directly: it cannot be renamed into place, and it holds no old content to keep.
 */
public final class AtomicFiles {
    private static final int MAX_LINKS = 40;
    /** The name prefix of the file {@link #checkDirectoryWritable} creates and deletes at once. */
    public static final String PROBE_PREFIX = ".scratch-probe-";

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Fills a directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path directory) throws IOException;
    }

    /**
     * A file written under its temporary name, not yet in place: {@link #publish} renames it into
     * place, {@link #close} removes it if it was not published.
     */
    public static final class StagedFile implements AutoCloseable {
        private final Path temporary;
        private final Path target;
        private boolean done;

        private StagedFile(Path temporary, Path target) {
            this.temporary = temporary;
            this.target = target;
            this.done = temporary == null;
        }

        /** Where the content goes. */
        public Path target() {
            return target;
        }

        /** The temporary file, for a caller that writes it itself (see {@link AtomicFiles#create}). */
        public Path file() {
            return temporary;
        }

        /** Puts the file in place (one rename). */
        public void publish() throws IOException {
            if (done) {
                return;
            }
            try {
                moveReplacing(temporary, target);
            } catch (IOException e) {
                throw new OutputException(target, OutputException.reason(e), e);
            }
            done = true;
        }

        /** Removes the temporary file unless it was published. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // a leftover is removed by the next write of the same file
                }
            }
        }
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} through a temporary file; the file gets the default permissions (umask), not 0600. */
    public static void writeFile(Path target, ContentWriter writer) throws IOException {
        try (StagedFile staged = stage(target, writer)) {
            staged.publish();
        }
    }

    /**
     * Writes the content for {@code target} under a temporary name beside the file it stands for (a
     * link is followed), to be published later; a device or pipe is written to at once. Failures are
     * {@link OutputException}s naming the target.
     */
    public static StagedFile stage(Path target, ContentWriter writer) throws IOException {
        return stage(target, writer, true);
    }

    /**
     * An empty temporary file for {@code target} (beside the file it stands for), which the caller
     * writes ({@link StagedFile#file}) and publishes. For a device or a pipe there is none
     * ({@code file()} is null): it is written to directly.
     */
    public static StagedFile create(Path target) throws IOException {
        return create(target, true);
    }

    /** As {@link #create(Path)}; with {@code removeLeftovers}, other temporary files of the target go first. */
    private static StagedFile create(Path target, boolean removeLeftovers) throws IOException {
        Path destination = destination(target);
        if (isDeviceOrPipe(destination)) {
            return new StagedFile(null, destination);
        }
        try {
            if (removeLeftovers) {
                removeLeftovers(destination);
            }
            Path temp = temporarySibling(destination, "tmp");
            Files.createFile(temp);
            return new StagedFile(temp, destination);
        } catch (IOException e) {
            throw new OutputException(target, OutputException.reason(e), e);
        }
    }

    /**
     * Writes {@code target} through a temporary file like {@link #writeFile}, but leaves other
     * temporary files of the same target alone: for a file that another build may be writing at the
     * same moment, with the same content (a blob of a shared OCI layout, named by its digest), whose
     * temporary file must not be taken for a leftover. A killed build's temporary file stays.
     */
    public static void writeShared(Path target, ContentWriter writer) throws IOException {
        try (StagedFile staged = stage(target, writer, false)) {
            staged.publish();
        }
    }

    private static StagedFile stage(Path target, ContentWriter writer, boolean removeLeftovers) throws IOException {
        StagedFile staged = create(target, removeLeftovers);
        Path written = staged.file() == null ? staged.target() : staged.file();
        // WRITE only: the temporary file is new and empty (a device or pipe exists), and on ext4 a
        // truncating open makes close() flush the file (docs/performance.md)
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(written, StandardOpenOption.WRITE),
                256 * 1024)) {
            writer.write(out);
            return staged;
        } catch (Throwable failure) {
            cleanUp(failure, staged::close);
            if (failure instanceof IOException e && !(e instanceof OutputException)) {
                throw new OutputException(target, OutputException.reason(e), e);
            }
            throw failure;
        }
    }

    /**
     * Checks, before anything is built, that {@code target} can be written: it is not a directory,
     * its directory exists or can be made, and a file can be created there (not read-only, not full
     * of inodes, permitted).
     */
    public static void checkWritable(Path target) throws OutputException {
        Path destination;
        try {
            destination = destination(target);
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(target, OutputException.reason(e), e);
        }
        if (isDeviceOrPipe(destination)) {
            if (!Files.isWritable(destination)) {
                throw new OutputException(target, "is not writable", null);
            }
            return;
        }
        checkDirectoryWritable(destination.getParent());
    }

    /** Checks that {@code directory} is a directory (made when missing) in which a file can be created. */
    public static void checkDirectoryWritable(Path directory) throws OutputException {
        try {
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new OutputException(directory, "is a file, not a directory", null);
            }
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, PROBE_PREFIX, ".tmp"));
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(directory, "cannot write here: " + OutputException.reason(e), e);
        }
    }

    /**
     * The file {@code target} stands for: itself, or where its chain of symbolic links leads (relative
     * links resolved against the link's directory). A directory there is refused.
     */
    private static Path destination(Path target) throws IOException {
        Path current = target.toAbsolutePath();
        for (int i = 0; Files.isSymbolicLink(current); i++) {
            if (i == MAX_LINKS) {
                throw new OutputException(target, "is a loop of symbolic links", null);
            }
            current = current.resolveSibling(Files.readSymbolicLink(current)).normalize();
        }
        if (Files.isDirectory(current)) {
            throw new OutputException(target, "is a directory, not a file; give a file path, e.g. "
                    + current.resolve("image.tar"), null);
        }
        Files.createDirectories(current.getParent());
        return current;
    }

    private static boolean isDeviceOrPipe(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }

    /** Removes temporary files of {@code destination} that a killed build left behind. */
    private static void removeLeftovers(Path destination) throws IOException {
        String prefix = "." + destination.getFileName() + ".";
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(destination.getParent(),
                entry -> {
                    String name = entry.getFileName().toString();
                    return name.startsWith(prefix) && name.endsWith(".tmp")
                            && name.length() > prefix.length() + ".tmp".length()
                            && name.substring(prefix.length(), name.length() - ".tmp".length()).matches("[0-9a-z]+")
                            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
                })) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * Fills a new temporary directory and puts it in place of {@code target}. An existing target
     * is replaced only when {@code replaceable} allows it (checked before anything is written); it
     * is first renamed aside and deleted once the new directory is in place, so a failure restores it.
     */
    public static void writeDirectory(Path target, java.util.function.Predicate<Path> replaceable, String refusal,
            DirectoryWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        boolean exists = Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
        if (exists && (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS) || !replaceable.test(absolute))) {
            throw new FileAlreadyExistsException(absolute.toString(), null, refusal);
        }
        Files.createDirectories(absolute.getParent());
        Path temp = temporarySibling(absolute, "tmp");
        Files.createDirectory(temp);
        Path old = exists ? temporarySibling(absolute, "old") : null;
        try {
            writer.write(temp);
            if (old != null) {
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable failure) {
            cleanUp(failure, () -> deleteRecursively(temp));
            if (old != null) {
                cleanUp(failure, () -> {
                    if (Files.exists(old, LinkOption.NOFOLLOW_LINKS) && !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);
                    }
                });
            }
            throw failure;
        }
        if (old != null) {
            deleteRecursively(old);
        }
    }

    /** Runs a clean-up step after a failure; its own failure is attached to the first one. */
    private static void cleanUp(Throwable failure, CleanUpStep step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @FunctionalInterface
    private interface CleanUpStep {
        void run() throws IOException;
    }

    private static Path temporarySibling(Path target, String kind) {
        long random = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        return target.resolveSibling("." + target.getFileName() + "." + Long.toString(random, 36) + "." + kind);
    }

    private static void moveReplacing(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
