package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Remembers the diff_id of a layer's tar for the exact on-disk state of its source files, so that a
 * warm build need not read the files again to find the layer in the cache. The state of a file is
 * its device, inode, size, mtime and CHANGE time (ctime): rewriting a file, even with its old mtime
 * and size, gives it a new ctime: the kernel sets it to the current time on every change, and
 * unlike the mtime no system call sets it to a chosen value. Only content can give a diff_id, so a state that was never hashed
 * is never trusted.
 *
 * <p>Timestamps are coarse (a few milliseconds on Linux), so a file changed twice within one tick
 * keeps its ctime. A state is therefore only remembered when every file's ctime is at least
 * {@link FileStamp#SETTLED_MILLIS} older than the moment its bytes were read; a file changed shortly before
 * a build is hashed again on the next build, as git does with "racily clean" index entries.
 *
 * <p>Works where the {@code unix} file attribute view exists (Linux, macOS), through the
 * {@link FileStamp} the resolver's one stat of each file gave; elsewhere every lookup misses and
 * every layer is hashed. Records: {@code states/<key hex>} holding the diff_id (a
 * {@link CacheRecord}). Thread-safe.
 */
final class DiffIdMemo {
    private static final String FORMAT = "scratch-diffid-memo/1";
    private static final String SET_FORMAT = "scratch-layer-set-state/1";

    private final Path directory;
    private final LongSupplier clock;
    private final AtomicInteger hits = new AtomicInteger();

    DiffIdMemo(Path directory, LongSupplier clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The current time of this memo's clock, in epoch milliseconds. */
    long now() {
        return clock.getAsLong();
    }

    /**
     * The key of a layer's files' on-disk state, from the stamps the resolver's stat gave them (no
     * file is read or stat'ed again).
     *
     * @param takenMillis a time no later than the moment the files' bytes are (or were) first read,
     *                    whenever the stamps were taken. A file that changes after its stamp was
     *                    taken shows a newer ctime to the next build's stat, so that build misses
     *                    and hashes again. A stamp whose ctime is less than {@link FileStamp#SETTLED_MILLIS}
     *                    older than this time is not remembered (see {@link #remember}), so a second
     *                    change within the same clock tick, after the read, cannot hide either.
     */
    State state(EntriesState entries, long takenMillis) {
        StateBytes key = new StateBytes().text(FORMAT).entries(entries);
        return new State(key.sha256(), key.newestChangeMillis(), takenMillis);
    }

    /**
     * The key of a whole set of layers' state (one build's), as {@link #state} gives it for one
     * layer: one hash over every layer's entries, each layer's count first, so that the layers'
     * boundaries count too. A warm build computes this one key instead of one per layer.
     */
    State setState(List<EntriesState> layers, long takenMillis) {
        StateBytes key = new StateBytes().text(SET_FORMAT).number(layers.size());
        for (EntriesState entries : layers) {
            key.number(entries.entryCount()).entries(entries);
        }
        return new State(key.sha256(), key.newestChangeMillis(), takenMillis);
    }

    /** The diff_id remembered for {@code state}, if any. */
    Optional<Digest> diffId(State state) throws IOException {
        Optional<List<String>> lines = CacheRecord.read(record(state));
        if (lines.isEmpty() || lines.get().size() != 1) {
            return Optional.empty();
        }
        try {
            Optional<Digest> known = Optional.of(Digest.parse(lines.get().get(0)));
            hits.incrementAndGet();
            return known;
        } catch (IllegalArgumentException damaged) {
            return Optional.empty();
        }
    }

    /**
     * Remembers that the files in {@code state} gave {@code diffId}, unless one of them changed less
     * than {@link FileStamp#SETTLED_MILLIS} before the state was taken (it could change again unnoticed).
     */
    void remember(State state, Digest diffId) throws IOException {
        if (!settled(state)) {
            return;
        }
        CacheRecord.write(record(state), diffId.toString());
    }

    /** Whether every file of {@code state} changed at least {@link FileStamp#SETTLED_MILLIS} before it was taken. */
    static boolean settled(State state) {
        return FileStamp.settled(state.newestChangeMillis(), state.takenMillis());
    }

    /** Lookups answered so far. */
    int hits() {
        return hits.get();
    }

    private Path record(State state) {
        return directory.resolve("states").resolve(state.key().encoded());
    }

    /**
     * @param key                 hash of every entry's metadata and every file's device, inode, size, mtime and ctime
     * @param newestChangeMillis  the latest ctime among the files
     * @param takenMillis         when the state was read
     */
    record State(Digest key, long newestChangeMillis, long takenMillis) {
    }
}
