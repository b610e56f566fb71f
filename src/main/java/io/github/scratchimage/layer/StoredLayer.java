package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.util.List;
import java.util.Optional;

/**
 * What the cache's records say of one stored layer: the digest of its blob, its diff_id and its
 * compressed size, written as three fields (lines of a layer record, a line of a layer-set record).
 */
record StoredLayer(Digest digest, Digest diffId, long size) {

    static StoredLayer of(BuiltLayer layer) {
        return new StoredLayer(layer.digest(), layer.diffId(), layer.size());
    }

    /** From its three fields as written; empty when there are not three or one of them is damaged. */
    static Optional<StoredLayer> parse(List<String> fields) {
        if (fields.size() != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredLayer(Digest.parse(fields.get(0)), Digest.parse(fields.get(1)),
                    Long.parseLong(fields.get(2))));
        } catch (IllegalArgumentException damaged) {
            return Optional.empty();
        }
    }

    /** The three fields, in the order {@link #parse} reads them. */
    String[] fields() {
        return new String[] {digest.toString(), diffId.toString(), String.valueOf(size)};
    }
}
