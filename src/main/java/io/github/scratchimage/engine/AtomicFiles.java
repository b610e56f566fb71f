package io.github.scratchimage.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
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
 * temporary file or directory is removed and the previous output is left as it was.
 */
public final class AtomicFiles {

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

    private AtomicFiles() {
    }

    /** Writes {@code target} through a temporary file; the file gets the default permissions (umask), not 0600. */
    public static void writeFile(Path target, ContentWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "is a directory, not a file");
        }
        Files.createDirectories(absolute.getParent());
        Path temp = temporarySibling(absolute, "tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 256 * 1024)) {
                writer.write(out);
            }
            moveReplacing(temp, absolute);
        } catch (Throwable failure) {
            cleanUp(failure, () -> Files.deleteIfExists(temp));
            throw failure;
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
