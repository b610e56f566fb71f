package io.github.scratchimage.layer;

import java.util.List;
import java.util.Optional;

/**
 * The on-disk state of one layer's entries: the bytes {@link StateBytes#entries(List)} writes for
 * them (every entry's metadata and every file's stamp), their count, and the latest ctime among the
 * files. Immutable; {@link EntryStates} keeps one per list for a build.
 */
public final class EntriesState {
    private final byte[] bytes;
    private final int entryCount;
    private final long newestChangeMillis;

    private EntriesState(byte[] bytes, int entryCount, long newestChangeMillis) {
        this.bytes = bytes;
        this.entryCount = entryCount;
        this.newestChangeMillis = newestChangeMillis;
    }

    /** The state of {@code entries}; empty when a file has no stamp (a file system without the {@code unix} view). */
    static Optional<EntriesState> of(List<LayerEntry> entries) {
        StateBytes state = new StateBytes();
        if (!state.entries(entries)) {
            return Optional.empty();
        }
        return Optional.of(new EntriesState(state.toByteArray(), entries.size(), state.newestChangeMillis()));
    }

    public int entryCount() {
        return entryCount;
    }

    /** The latest ctime among the files, in epoch milliseconds ({@link Long#MIN_VALUE}: no file). */
    public long newestChangeMillis() {
        return newestChangeMillis;
    }

    /** The bytes, for {@link StateBytes#entries(EntriesState)} only: they are not copied. */
    byte[] bytes() {
        return bytes;
    }
}
