package io.github.scratchimage.engine;

import io.github.scratchimage.attach.Attachments;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.KnownLayer;
import java.io.IOException;
import java.util.List;

/**
 * One place the {@link Engine} delivers an image to: a tarball, an OCI layout directory, a registry,
 * the files that describe the build. The engine calls, in this order:
 * <ol>
 * <li>{@link #reportTo} first, with the run's progress counters;</li>
 * <li>{@link #open} before anything is read, so a sink can start slow work (a registry connection);</li>
 * <li>{@link #check} once the configuration is known to be good, before any layer is built;</li>
 * <li>{@link #knownLayers} when layers are about to be built (not when the build is skipped as
 * unchanged): the layers this sink holds already;</li>
 * <li>{@link #layerStream} for each layer about to be written, from the building threads;</li>
 * <li>{@link #layerReady} for each layer as soon as it is built, from the building threads;</li>
 * <li>{@link #deliver} once the whole image is built, then, once every sink has it, {@link #publish};
 * or, when the inputs did not change since the last delivery and every sink
 * {@linkplain #stillHolds still holds} it, {@link #unchanged} instead;</li>
 * <li>after a build, once every sink published the image (a registry's tags are written),
 * {@link #attach} with the run's attachments (SBOM, signatures);</li>
 * <li>{@link #close}, however the run ended.</li>
 * </ol>
 * A sink writes so that a reader never sees a half-written output: temporary names, then renames,
 * tags last. Files are written under temporary names in {@link #deliver} and renamed in
 * {@link #publish}, so the outputs of one build appear together, in the order of the sinks.
 */
public interface ImageSink extends AutoCloseable {

    /** What this sink delivers to, e.g. {@code registry 127.0.0.1:5000/app:1.0,latest}: one line, for logs and records. */
    String target();

    /** Where to count the bytes this sink sends (for the run's progress lines); ignored by default. */
    default void reportTo(Progress progress) {
    }

    /** Starts what can start before the build; nothing by default. */
    default void open() throws IOException {
    }

    /** Checks that the output can be written (a directory, a read-only file system...); nothing by default. */
    default void check() throws IOException {
    }

    /**
     * Layers this sink holds already (a registry: those of the image its tag holds and of the
     * cacheFrom images), each with the diff_id its image's config pairs with it. The engine takes a
     * layer from here instead of compressing it when every sink that {@linkplain #readsLayers reads
     * layers} offers it, and the layer was compressed as this build would (see
     * {@link ImageBuilder#build(PreparedImage, LayerListener, Progress, java.util.function.Supplier)});
     * such a layer reaches {@link #layerReady} and {@link #deliver} as a {@linkplain Blob#held held}
     * blob, without bytes. Asked at most once per build, from a building thread, and only when a layer
     * is not in the local cache; none by default.
     */
    default List<KnownLayer> knownLayers() throws IOException {
        return List.of();
    }

    /**
     * Whether this sink needs the layers' bytes (a tarball, a registry); false for one that only
     * describes the image, which then does not stand in the way of reusing a layer.
     */
    default boolean readsLayers() {
        return true;
    }

    /**
     * Where the compressed bytes of {@code layer} also go while it is written, for a sink that would
     * otherwise copy or send it once it is built: a tarball takes the build's largest layer (it
     * writes all layers into one stream), a registry each large one (it sends it while it is
     * compressed). Asked from the building thread once the layer is known to be written, not for a
     * layer from the cache or held by the sinks; null, the default, for none.
     */
    default LayerStream layerStream(LayerToWrite layer) throws IOException {
        return null;
    }

    /**
     * A layer is built (or came unchanged from the cache). Called from the building threads: must be
     * thread-safe and quick. Nothing by default.
     */
    default void layerReady(Blob layer, boolean fromCache) {
    }

    /**
     * Whether this sink can tell that it still holds an image it was given before. Only when every
     * sink of a run can is the delivery recorded, and an unchanged build skipped the next time.
     */
    default boolean confirmsDelivery() {
        return false;
    }

    /** Whether the image with root {@code digest} is still in place, as delivered before. */
    default boolean stillHolds(Digest digest) throws IOException {
        return false;
    }

    /** Delivers the built image: writes it, but files under temporary names (see {@link #publish}). */
    void deliver(BuiltImage image) throws IOException;

    /** Puts what {@link #deliver} wrote in place; nothing by default. */
    default void publish() throws IOException {
    }

    /**
     * Delivers the attachments of the image just published (see {@link Attachments}): a sink that
     * takes them asks {@link Attachments#of} with the name it delivers under and stores each one
     * (a registry as its placement says, a file sink as a file). Called for every sink, in order,
     * after every sink's {@link #publish}; not called when nothing was built ({@link #unchanged}:
     * they were attached with that delivery). Each attachment is written completely (temporary
     * names, an index tag last) or not at all. Nothing by default.
     */
    default void attach(Attachments attachments) throws IOException {
    }

    /** Nothing was built: the inputs are those of the delivery of {@code digest}, which is still in place. */
    default void unchanged(Digest digest) {
    }

    /** Frees what {@link #open} started, and removes what {@link #deliver} wrote but did not publish. */
    @Override
    default void close() {
    }
}
