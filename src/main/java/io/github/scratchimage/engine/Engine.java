package io.github.scratchimage.engine;

import io.github.scratchimage.attach.AttachmentMaker;
import io.github.scratchimage.attach.Attachments;
import io.github.scratchimage.image.BlobMismatchException;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.HeldBlobMissingException;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.layer.CacheUsers;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The whole pipeline, plan to outputs, in one call ({@link #run}):
 * <pre>
 *   open sinks ─ prepare (check, resolve, stat) ─┬─ unchanged since the last delivery? ─ sinks.unchanged
 *                                                └─ build layers in parallel ─ each layer → sinks.layerReady
 *                                                   ─ configs, manifests, index ─ sinks.deliver, publish
 *                                                   ─ sinks.attach (SBOM, signatures) ─ record
 * </pre>
 * Everything the run writes of its own lives in one directory: {@code work/} (the layer blobs of
 * this build, emptied at each build) and the delivery record.
 */
public final class Engine {
    private final Path directory;
    private final Path cacheDirectory;
    private final BuildLog log;
    private final ImageBuilder builder;

    /**
     * @param directory where the build's blobs and the delivery record go (e.g. {@code target/scratch})
     * @param clock     the current time in epoch milliseconds, for the settledness of files (tests move it)
     */
    public Engine(Path directory, LayerOptions options, BuildLog log, LongSupplier clock) {
        this.directory = directory;
        this.cacheDirectory = options.cacheDirectory();
        this.log = log;
        this.builder = new ImageBuilder(directory.resolve("work"), options, log, clock);
    }

    public Engine(Path directory, LayerOptions options, BuildLog log) {
        this(directory, options, log, System::currentTimeMillis);
    }

    /**
     * Builds the image {@code plan} describes and delivers it to every sink, in their order. When the
     * inputs did not change since the last delivery to the same sinks and every sink still holds that
     * image, nothing is built.
     *
     * @return the digest of the image the sinks hold (manifest, or index for several platforms)
     */
    public Digest run(ImagePlan plan, List<ImageSink> sinks) throws IOException {
        return run(plan, sinks, List.of());
    }

    /**
     * As {@link #run(ImagePlan, List)}, and once every sink published a built image, hands each sink
     * the attachments {@code makers} make for it ({@link ImageSink#attach}). The makers are part of
     * the delivery record's targets, so a change of makers is never skipped as unchanged.
     */
    public Digest run(ImagePlan plan, List<ImageSink> sinks, List<AttachmentMaker> makers) throws IOException {
        try (Progress progress = Progress.start(log)) {
            for (ImageSink sink : sinks) {
                sink.reportTo(progress);
            }
            return run(plan, sinks, makers, progress);
        }
    }

    private Digest run(ImagePlan plan, List<ImageSink> sinks, List<AttachmentMaker> makers, Progress progress)
            throws IOException {
        try {
            for (ImageSink sink : sinks) {
                sink.open();
            }
            log.info("Building the image for " + plan.platforms().stream().map(p -> p.platform().toString())
                    .collect(Collectors.joining(", ")) + "; delivering to " + targets(sinks, "; "));
            PreparedImage prepared = builder.prepare(plan);
            check(sinks);
            try (CacheUsers.Use cacheUse = cacheDirectory == null ? null : CacheUsers.open(cacheDirectory)) {
                return buildUnlessUnchanged(prepared, sinks, makers, progress);
            }
        } finally {
            for (ImageSink sink : sinks) {
                sink.close();
            }
        }
    }

    /**
     * The rest of {@link #run} once the outputs are checked, while this build uses the cache: no
     * other build removes a cached layer this one found until its outputs are written.
     */
    private Digest buildUnlessUnchanged(PreparedImage prepared, List<ImageSink> sinks, List<AttachmentMaker> makers,
            Progress progress) throws IOException {
        boolean recordable = !sinks.isEmpty() && sinks.stream().allMatch(ImageSink::confirmsDelivery);
        String targets = targets(sinks, " | ") + makers.stream().map(m -> " | attach " + m.describe())
                .collect(Collectors.joining());
        // Without a record to compare with, the input state is only needed for the next run: it is
        // then computed after the layers are built, while the sinks still take the last of them.
        Optional<InputState> inputs = recordable && DeliveryRecord.exists(directory)
                ? prepared.inputState() : Optional.empty();
        if (inputs.isPresent()) {
            Optional<Digest> delivered = DeliveryRecord.read(directory, inputs.get(), targets);
            if (delivered.isPresent() && allStillHold(sinks, delivered.get())) {
                for (ImageSink sink : sinks) {
                    sink.unchanged(delivered.get());
                }
                return delivered.get();
            }
        }
        DeliveryRecord.delete(directory);
        BuiltImage image = buildAndDeliver(prepared, sinks, progress);
        attach(image, sinks, makers);
        if (recordable && inputs.isEmpty()) {
            inputs = prepared.inputState();
        }
        if (inputs.isPresent()) {
            DeliveryRecord.write(directory, inputs.get(), targets, image.digest());
        }
        return image.digest();
    }

    /**
     * Builds and delivers to each sink in order, reusing the layers the sinks hold (see
     * {@link #knownLayers}); when one of those turns out gone, builds again reusing none. A layer
     * file from the cache that a sink finds damaged (its bytes no longer match its digest) is
     * dropped from the cache, and the image is built (that layer from its files) and delivered once
     * more.
     */
    private BuiltImage buildAndDeliver(PreparedImage prepared, List<ImageSink> sinks, Progress progress)
            throws IOException {
        BuiltImage image = build(prepared, sinks, progress, () -> knownLayers(sinks));
        try {
            deliver(image, sinks);
            return image;
        } catch (HeldBlobMissingException e) {
            log.warn("A layer taken from what an output held is gone: " + e.getMessage()
                    + "; building every layer again, reusing none");
            image = build(prepared, sinks, progress, List::of);
            deliver(image, sinks);
            return image;
        } catch (BlobMismatchException e) {
            Path file = e.blob().file();
            if (cacheDirectory == null || file == null || !file.startsWith(cacheDirectory)) {
                throw e;
            }
            log.warn("Layer cache: " + e.getMessage() + ". Removed it from the cache (" + cacheDirectory
                    + "); building the layer again from its files");
            Files.deleteIfExists(file);
            image = build(prepared, sinks, progress, List::of);
            deliver(image, sinks);
            return image;
        }
    }

    private static void deliver(BuiltImage image, List<ImageSink> sinks) throws IOException {
        for (ImageSink sink : sinks) {
            sink.deliver(image);
        }
        for (ImageSink sink : sinks) {
            sink.publish();
        }
    }

    /** After every sink published: each sink's attachments, made on demand (once per name). */
    private static void attach(BuiltImage image, List<ImageSink> sinks, List<AttachmentMaker> makers)
            throws IOException {
        if (makers.isEmpty()) {
            return;
        }
        Attachments attachments = new Attachments(image, makers);
        for (ImageSink sink : sinks) {
            sink.attach(attachments);
        }
    }

    /** Before any layer is built: the build's own directory, the cache and every output can be written. */
    private void check(List<ImageSink> sinks) throws IOException {
        AtomicFiles.checkDirectoryWritable(directory);
        if (cacheDirectory != null) {
            AtomicFiles.checkDirectoryWritable(cacheDirectory);
        }
        for (ImageSink sink : sinks) {
            sink.check();
        }
    }

    /**
     * The layers every sink that reads layers holds already (see {@link ImageSink#knownLayers}): the
     * first such sink's offer, kept where each other one offers the same blob for the same diff_id.
     * Asked by the build only when a layer is not in the local cache, so a build of cached layers
     * does not wait for a registry's answer.
     */
    private static List<KnownLayer> knownLayers(List<ImageSink> sinks) {
        try {
            return offeredByAll(sinks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<KnownLayer> offeredByAll(List<ImageSink> sinks) throws IOException {
        List<KnownLayer> common = null;
        for (ImageSink sink : sinks) {
            if (!sink.readsLayers()) {
                continue;
            }
            List<KnownLayer> offered = sink.knownLayers();
            if (common == null) {
                common = offered;
            } else {
                Set<List<Digest>> held = new HashSet<>();
                offered.forEach(k -> held.add(List.of(k.diffId(), k.descriptor().digest())));
                common = common.stream().filter(k -> held.contains(List.of(k.diffId(), k.descriptor().digest()))).toList();
            }
        }
        return common == null ? List.of() : common;
    }

    /** Builds in {@code work/}, emptied first so that blobs of earlier builds do not pile up. */
    private BuiltImage build(PreparedImage prepared, List<ImageSink> sinks, Progress progress,
            Supplier<List<KnownLayer>> known) throws IOException {
        Path work = directory.resolve("work");
        AtomicFiles.deleteRecursively(work);
        Files.createDirectories(work);
        BuiltImage image = builder.build(prepared, (layer, fromCache) -> {
            for (ImageSink sink : sinks) {
                sink.layerReady(layer, fromCache);
            }
        }, progress, known, layer -> {
            List<LayerStream> streams = new ArrayList<>();
            for (ImageSink sink : sinks) {
                LayerStream stream = sink.layerStream(layer);
                if (stream != null) {
                    streams.add(stream);
                }
            }
            return streams;
        });
        for (PlatformImage platformImage : image.images()) {
            log.info("Image " + platformImage.platform() + ": " + platformImage.manifest().digest());
        }
        if (image.index() != null) {
            log.info("Index: " + image.digest());
        }
        return image;
    }

    private static boolean allStillHold(List<ImageSink> sinks, Digest digest) throws IOException {
        for (ImageSink sink : sinks) {
            if (!sink.stillHolds(digest)) {
                return false;
            }
        }
        return true;
    }

    private static String targets(List<ImageSink> sinks, String separator) {
        return sinks.stream().map(ImageSink::target).collect(Collectors.joining(separator));
    }
}
