package io.github.scratchimage.layer;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link EntriesState} of each layer of one build, computed on first use and kept. A build asks
 * for a layer's state up to three times: its diff_id memo ({@link DiffIdMemo}), the layer-set memo
 * and the delivery record. Lists of entries are told apart by identity: the resolver makes one per
 * layer, and a build passes the same lists around. Thread-safe: the layers' threads ask for their
 * own layers' states at the same time.
 */
public final class EntryStates {
    private final Map<List<LayerEntry>, Optional<EntriesState>> known =
            Collections.synchronizedMap(new IdentityHashMap<>());

    /** The state of {@code entries}; empty when a file has no stamp. */
    public Optional<EntriesState> of(List<LayerEntry> entries) {
        Optional<EntriesState> state = known.get(entries);
        if (state == null) {
            // computed outside the map's lock, so that two layers' states are computed at once
            state = EntriesState.of(entries);
            Optional<EntriesState> first = known.putIfAbsent(entries, state);
            if (first != null) {
                state = first;
            }
        }
        return state;
    }
}
