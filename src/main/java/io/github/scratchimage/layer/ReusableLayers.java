package io.github.scratchimage.layer;

import io.github.scratchimage.concurrent.Await;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.KnownLayer;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The layers a build may take instead of compressing them, by diff_id (layers an output holds
 * already, e.g. the image a registry tag holds). Asked of their source only when a layer misses the
 * local cache, on a thread of its own, so that the layer's files can be hashed while the answer
 * (a registry's, over the network) comes in; all askers share the one answer, and a build whose
 * layers all come from the cache never asks.
 */
public final class ReusableLayers {
    public static final ReusableLayers NONE = of(Map.of());

    private final Supplier<Map<Digest, KnownLayer>> source;
    private FutureTask<Map<Digest, KnownLayer>> answer; // guarded by this; null until asked

    private ReusableLayers(Supplier<Map<Digest, KnownLayer>> source) {
        this.source = source;
    }

    /** Layers known now. */
    public static ReusableLayers of(Map<Digest, KnownLayer> layers) {
        Map<Digest, KnownLayer> copy = Map.copyOf(layers);
        ReusableLayers known = new ReusableLayers(() -> copy);
        known.answer = new FutureTask<>(() -> copy);
        known.answer.run();
        return known;
    }

    /** Layers {@code source} gives when first asked (an unchecked exception it throws reaches each asker). */
    public static ReusableLayers askedOf(Supplier<Map<Digest, KnownLayer>> source) {
        return new ReusableLayers(source);
    }

    /** Starts asking the source on a thread of its own, unless it was asked already; never waits. */
    public synchronized void ask() {
        if (answer == null) {
            answer = new FutureTask<>(() -> Map.copyOf(source.get()));
            Thread asking = new Thread(answer, "scratch-known-layers");
            asking.setDaemon(true);
            asking.start();
        }
    }

    /** The layers, by diff_id; asks the source unless that was done and waits for its answer. */
    public Map<Digest, KnownLayer> get() {
        FutureTask<Map<Digest, KnownLayer>> asked;
        synchronized (this) {
            ask();
            asked = answer;
        }
        return Await.result(asked, "waiting for the layers the outputs hold");
    }

    /** False only once the answer is in and empty; never waits. */
    synchronized boolean mayHaveAny() {
        if (answer == null || !answer.isDone()) {
            return true;
        }
        try {
            return !answer.get().isEmpty();
        } catch (InterruptedException | ExecutionException failed) {
            return true; // get() reports the failure to whoever asks
        }
    }
}
