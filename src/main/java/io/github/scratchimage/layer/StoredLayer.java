package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.util.Optional;

/**
 * What the cache's records say of one stored layer: the digest of its blob, its diff_id and its
 * compressed size, written as three fields (lines of a layer record, a line of a layer-set record).
 */
record StoredLayer(Digest digest, Digest diffId, long size) {

    static StoredLayer of(BuiltLayer layer) {
        return new StoredLayer(layer.digest(), layer.diffId(), layer.size());
    }

    /** From its three fields as written; empty when one of them is damaged. */
    static Optional<StoredLayer> parse(String digest, String diffId, String size) {
        try {
            return Optional.of(new StoredLayer(Digest.parse(digest), Digest.parse(diffId), Long.parseLong(size)));
        } catch (IllegalArgumentException damaged) {
            return Optional.empty();
        }
    }

    /** The three fields, in the order {@link #parse} reads them. */
    String[] fields() {
        return new String[] {digest.toString(), diffId.toString(), String.valueOf(size)};
    }
}
