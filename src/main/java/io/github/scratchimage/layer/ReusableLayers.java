package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.KnownLayer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The layers a build may take instead of compressing them, by diff_id (layers an output holds
 * already, e.g. the image a registry tag holds). Asked of their source only when a layer misses the
 * local cache: the first ask waits for the answer (a registry's, over the network), later ones share
 * it, and a build whose layers all come from the cache never waits for it.
 */
public final class ReusableLayers {
    public static final ReusableLayers NONE = of(Map.of());

    private final Supplier<Map<Digest, KnownLayer>> source;
    private Map<Digest, KnownLayer> answer; // guarded by this

    private ReusableLayers(Supplier<Map<Digest, KnownLayer>> source) {
        this.source = source;
    }

    /** Layers known now. */
    public static ReusableLayers of(Map<Digest, KnownLayer> layers) {
        ReusableLayers known = new ReusableLayers(() -> layers);
        known.answer = Map.copyOf(layers);
        return known;
    }

    /** Layers {@code source} gives when first asked (an unchecked exception it throws reaches each asker). */
    public static ReusableLayers askedOf(Supplier<Map<Digest, KnownLayer>> source) {
        return new ReusableLayers(source);
    }

    /** The layers, by diff_id; waits for the source's answer the first time. */
    public synchronized Map<Digest, KnownLayer> get() {
        if (answer == null) {
            answer = Map.copyOf(source.get());
        }
        return answer;
    }

    /** False only once the answer is known to be empty; never waits. */
    synchronized boolean mayHaveAny() {
        return answer == null || !answer.isEmpty();
    }
}
