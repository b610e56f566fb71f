package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers which cached layers the file states of a whole set of layers (one build's) gave, so a
 * warm build with nothing changed finds all its layers by reading one record instead of two per
 * layer (the {@link DiffIdMemo} record, then the layer record). It is the composition of those two,
 * written under the same condition as a {@link DiffIdMemo} record (every layer's state settled), and
 * a hit is only used when the cache still holds every blob at its size. Records:
 * {@code sets/<key hex>}, one line per layer: digest, diff_id and size. Thread-safe.
 */
final class LayerSetMemo {
    private static final String FORMAT = "scratch-layer-set/2";

    private final Path directory;
    private final AtomicInteger hits = new AtomicInteger();

    LayerSetMemo(Path directory) {
        this.directory = directory;
    }

    /** Deletes the records that name a layer whose blob (by digest hex) is in {@code removed}. */
    void forget(Set<String> removed) throws IOException {
        CacheRecord.deleteWhere(directory.resolve("sets"),
                lines -> lines.stream().anyMatch(line -> names(line, removed)));
    }

    /** Whether a record line ("digest diff_id size") names a blob in {@code removed}. */
    private static boolean names(String line, Set<String> removed) {
        Optional<StoredLayer> layer = layer(line);
        return layer.isPresent() && removed.contains(layer.get().digest().encoded());
    }

    /** The layer of one record line; empty when the line is damaged. */
    private static Optional<StoredLayer> layer(String line) {
        return StoredLayer.parse(List.of(line.split(" ")));
    }

    /**
     * The layers remembered for the set state {@code set} ({@link DiffIdMemo#setState}) of
     * {@code layerCount} layers compressed as {@code compressionId}, in order.
     */
    Optional<List<StoredLayer>> find(DiffIdMemo.State set, int layerCount, String compressionId) throws IOException {
        Optional<List<String>> lines = CacheRecord.read(record(set, compressionId));
        if (lines.isEmpty() || lines.get().size() != layerCount) {
            return Optional.empty();
        }
        List<StoredLayer> layers = new ArrayList<>(layerCount);
        for (String line : lines.get()) {
            Optional<StoredLayer> layer = layer(line);
            if (layer.isEmpty()) {
                return Optional.empty();
            }
            layers.add(layer.get());
        }
        return Optional.of(layers);
    }

    /**
     * Remembers that the set state {@code set} gave {@code layers} (same order), unless a file of it
     * is too young to be trusted (see {@link DiffIdMemo#settled}).
     */
    void remember(DiffIdMemo.State set, String compressionId, List<BuiltLayer> layers) throws IOException {
        if (!DiffIdMemo.settled(set)) {
            return;
        }
        String[] lines = new String[layers.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = String.join(" ", StoredLayer.of(layers.get(i)).fields());
        }
        CacheRecord.write(record(set, compressionId), lines);
    }

    /** Counts a lookup whose every layer was used. */
    void hit() {
        hits.incrementAndGet();
    }

    int hits() {
        return hits.get();
    }

    private Path record(DiffIdMemo.State set, String compressionId) {
        MessageDigest sha256 = Digest.newSha256();
        sha256.update((FORMAT + " " + LayerCache.FORMAT + " compression=" + compressionId + " " + set.key())
                .getBytes(StandardCharsets.UTF_8));
        return directory.resolve("sets").resolve(Digest.fromSha256(sha256.digest()).encoded());
    }
}
