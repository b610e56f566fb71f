package io.github.scratchimage.layer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The builds using a cache directory at once, in this JVM and in others, so that pruning runs only
 * while no other build may still read a blob it found ({@link #whileAlone}).
 *
 * <p>A build holds a {@link Use} from before its first lookup until its outputs are written. Each
 * JVM with at least one use holds a shared lock on {@code <cache>/users.lock}; the uses within a
 * JVM are counted (a JVM cannot hold two locks on one file region, so {@code mvn -T 4}'s builds
 * share its lock). Pruning needs the count to be 1 (its own build) and the lock exclusively: when
 * another build of this JVM or any other JVM uses the cache, it is skipped, and a later build prunes.
 */
public final class CacheUsers {
    private static final String LOCK_FILE = "users.lock";
    /** Per cache directory of this JVM: its lock file and the uses open. Guarded by itself. */
    private static final Map<Path, Shared> SHARED = new HashMap<>();

    private CacheUsers() {
    }

    private static final class Shared {
        final FileChannel channel;
        FileLock lock;
        int uses;

        Shared(FileChannel channel) {
            this.channel = channel;
        }
    }

    /** One build's use of a cache directory; {@link #close()} ends it. */
    public static final class Use implements Closeable {
        private final Path directory;
        private boolean closed;

        private Use(Path directory) {
            this.directory = directory;
        }

        @Override
        public void close() throws IOException {
            synchronized (SHARED) {
                if (closed) {
                    return;
                }
                closed = true;
                Shared shared = SHARED.get(directory);
                if (--shared.uses == 0) {
                    SHARED.remove(directory);
                    shared.channel.close(); // releases the lock
                }
            }
        }
    }

    /**
     * Starts a build's use of {@code directory} (created if missing). Waits while a build in another
     * JVM prunes it.
     */
    public static Use open(Path directory) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        synchronized (SHARED) {
            Shared shared = SHARED.get(key);
            if (shared == null) {
                shared = new Shared(channel(key));
                try {
                    shared.lock = shared.channel.lock(0, Long.MAX_VALUE, true);
                } catch (IOException | RuntimeException e) {
                    shared.channel.close();
                    throw e;
                }
                SHARED.put(key, shared);
            }
            shared.uses++;
            return new Use(key);
        }
    }

    /**
     * Runs {@code action} if no build but the caller's (at most one use, in this JVM) uses
     * {@code directory}, holding the exclusive lock meanwhile, so that no build starts using it either.
     *
     * @return whether it ran
     */
    public static boolean whileAlone(Path directory, IoAction action) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        synchronized (SHARED) {
            Shared shared = SHARED.get(key);
            if (shared != null && shared.uses > 1) {
                return false;
            }
            FileChannel channel = shared != null ? shared.channel : channel(key);
            try {
                if (shared != null) {
                    shared.lock.release();
                }
                FileLock exclusive = channel.tryLock(0, Long.MAX_VALUE, false);
                if (exclusive == null) {
                    return false;
                }
                try {
                    action.run();
                    return true;
                } finally {
                    exclusive.release();
                }
            } finally {
                if (shared != null) {
                    shared.lock = channel.lock(0, Long.MAX_VALUE, true);
                } else {
                    channel.close();
                }
            }
        }
    }

    private static FileChannel channel(Path directory) throws IOException {
        Files.createDirectories(directory);
        return FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** An action that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }
}
