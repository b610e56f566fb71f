package io.github.scratchimage.engine;

import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.check.ImagePaths;
import io.github.scratchimage.check.PlatformCheck;
import io.github.scratchimage.check.PlatformCheckMode;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Descriptor;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.LayerFile;
import io.github.scratchimage.image.ImageConfig;
import io.github.scratchimage.image.ImageFormat;
import io.github.scratchimage.image.ImageIndex;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.Manifest;
import io.github.scratchimage.image.Platform;
import io.github.scratchimage.layer.BuiltLayer;
import io.github.scratchimage.layer.LayerBuilder;
import io.github.scratchimage.layer.LayerEntry;
import io.github.scratchimage.layer.LayerOptions;
import io.github.scratchimage.layer.LayerResolver;
import io.github.scratchimage.layer.LayerSpec;
import io.github.scratchimage.layer.PerFileLayers;
import io.github.scratchimage.layer.ReusableLayers;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns an {@link ImagePlan} into a {@link BuiltImage}. First everything is checked without writing:
 * placeholders replaced per platform, every layer's files resolved, every platform's binaries
 * compared with the platform. Then each distinct layer is built once, in parallel (a layer whose
 * resolved contents are equal on several platforms is shared), and each platform's config and
 * manifest are assembled, plus an index when the plan asks for one. Layer blobs land in
 * {@code workDirectory/blobs/sha256}.
 */
public final class ImageBuilder {
    /** Up to this many layers, each gets an info line; beyond, a summary line (and debug lines). */
    private static final int VERBOSE_LAYER_COUNT = 20;
    private final Path blobDirectory;
    private final LayerOptions options;
    private final BuildLog log;
    private final LongSupplier clock;

    public ImageBuilder(Path workDirectory, LayerOptions options, BuildLog log) {
        this(workDirectory, options, log, System::currentTimeMillis);
    }

    /** @param clock the current time in epoch milliseconds, read when {@link #prepare} starts (tests move it) */
    public ImageBuilder(Path workDirectory, LayerOptions options, BuildLog log, LongSupplier clock) {
        this.blobDirectory = workDirectory.resolve("blobs").resolve("sha256");
        this.options = options;
        this.log = log;
        this.clock = clock;
    }

    public BuiltImage build(ImagePlan plan) throws IOException {
        return build(plan, LayerListener.NONE);
    }

    /** Builds, telling {@code listener} about each layer as soon as it is ready. */
    public BuiltImage build(ImagePlan plan, LayerListener listener) throws IOException {
        return build(prepare(plan), listener);
    }

    /**
     * Checks and resolves {@code plan} without writing: placeholders replaced per platform, every
     * layer's files resolved (each stat'ed once, none read), every platform's binaries compared with
     * the platform.
     */
    public PreparedImage prepare(ImagePlan plan) throws IOException {
        checkDistinctPlatforms(plan);
        plan.format().layerMediaType(options.compression()); // refuses zstd in the Docker format, before any build
        long takenMillis = clock.getAsLong();
        Map<PlatformPlan, List<LayerPart>> layersByPlatform = new LinkedHashMap<>();
        Map<LayerSpec, List<LayerPart>> partsBySpec = new HashMap<>();
        Map<LayerPart, List<LayerEntry>> entries = new LinkedHashMap<>();
        for (PlatformPlan platformPlan : plan.platforms()) {
            List<LayerPart> resolved = new ArrayList<>();
            for (LayerSpec spec : platformPlan.layers()) {
                LayerSpec forPlatform = PlatformPlaceholders.resolve(spec, platformPlan.platform());
                List<LayerPart> parts = partsBySpec.get(forPlatform);
                if (parts == null) {
                    parts = parts(forPlatform, LayerResolver.resolve(forPlatform, plan.created()), entries);
                    partsBySpec.put(forPlatform, parts);
                }
                resolved.addAll(parts);
            }
            layersByPlatform.put(platformPlan, resolved);
            checkBinaries(plan, platformPlan, resolved, entries);
        }
        return new PreparedImage(plan, layersByPlatform, entries, options, takenMillis);
    }

    /** Builds a prepared image, telling {@code listener} about each layer as soon as it is ready. */
    public BuiltImage build(PreparedImage prepared, LayerListener listener) throws IOException {
        return build(prepared, listener, new Progress(BuildLog.NONE, System::nanoTime), List::of, layer -> List.of());
    }

    /**
     * As {@link #build(PreparedImage, LayerListener)}, counting layers and compressed bytes in
     * {@code progress}, and taking from {@code known} each layer whose diff_id, media type and
     * recorded compression match what this build would write (see {@link #reusable}), instead of
     * compressing it.
     *
     * @param known   layers every output holds already (see {@link ImageSink#knownLayers}), asked only
     *                when a layer is not in the cache (see {@link ReusableLayers})
     * @param streams where a layer's compressed bytes also go when it is written (see
     *                {@link ImageSink#layerStream})
     */
    BuiltImage build(PreparedImage prepared, LayerListener listener, Progress progress,
            Supplier<? extends Collection<KnownLayer>> known, LayerStreams streams) throws IOException {
        ImagePlan plan = prepared.plan();
        Files.createDirectories(blobDirectory);
        long start = System.nanoTime();
        Map<LayerPart, BuiltLayer> layers = buildLayers(prepared, listener, progress,
                ReusableLayers.askedOf(() -> reusable(known.get(), plan.format())), streams);
        logSummary(layers.values(), start);
        ImageFormat format = plan.format();
        List<PlatformImage> images = new ArrayList<>();
        for (Map.Entry<PlatformPlan, List<LayerPart>> platform : prepared.layersByPlatform().entrySet()) {
            images.add(assemble(plan, platform.getKey(), platform.getValue(), layers));
        }
        Blob index = null;
        if (plan.needsIndex()) {
            List<Descriptor> manifests = images.stream().map(i -> i.manifest().descriptor()).toList();
            index = Blob.ofBytes(format.indexMediaType(),
                    new ImageIndex(format, manifests, plan.annotations()).toJsonBytes());
        }
        Map<Digest, List<LayerFile>> layerFiles = new HashMap<>();
        for (BuiltLayer layer : layers.values()) {
            if (layer.files() != null) {
                layerFiles.put(layer.diffId(), layer.files());
            }
        }
        return new BuiltImage(format, images, index, plan.created(), layerFiles);
    }

    /** The layer's parts (itself, unless it is split per file), their entries put in {@code entries}. */
    private static List<LayerPart> parts(LayerSpec spec, List<LayerEntry> resolved, Map<LayerPart, List<LayerEntry>> entries) {
        if (!spec.perFile()) {
            LayerPart whole = new LayerPart(spec, null);
            entries.put(whole, resolved);
            return List.of(whole);
        }
        List<LayerPart> parts = new ArrayList<>();
        for (PerFileLayers.Part split : PerFileLayers.split(resolved)) {
            LayerPart part = new LayerPart(spec, split.path());
            entries.put(part, split.entries());
            parts.add(part);
        }
        return parts;
    }

    /**
     * The known layers this build may take, by diff_id: those with this format's layer media type
     * and this build's compression recorded on them ({@link KnownLayer#COMPRESSION}). The Docker
     * format has no descriptor annotations, so nothing is reused there.
     */
    private Map<Digest, KnownLayer> reusable(Collection<KnownLayer> known, ImageFormat format) {
        Map<Digest, KnownLayer> reusable = new HashMap<>();
        if (format != ImageFormat.OCI) {
            return reusable;
        }
        for (KnownLayer layer : known) {
            if (layer.descriptor().mediaType().equals(format.layerMediaType(options.compression()))
                    && options.compressionId().equals(layer.compression())) {
                reusable.putIfAbsent(layer.diffId(), layer);
            }
        }
        return reusable;
    }

    private static void checkDistinctPlatforms(ImagePlan plan) {
        Set<Platform> seen = new HashSet<>();
        for (PlatformPlan platformPlan : plan.platforms()) {
            if (!seen.add(platformPlan.platform())) {
                throw new InvalidImageException(Field.PLATFORMS, "the platform " + platformPlan.platform()
                        + " is listed twice; list each platform once");
            }
        }
    }

    /**
     * Checks the files of one platform's image (a later layer's file replaces an earlier one's) that
     * can run: the main executable and every file with an execute bit in the image, against the
     * platform and against the image's paths (is each one's ELF interpreter, {@code #!} interpreter
     * and needed libraries there). Data files are not opened, so an image of 20,000 small files costs
     * no extra read per file.
     */
    private void checkBinaries(ImagePlan plan, PlatformPlan platformPlan, List<LayerPart> layers,
            Map<LayerPart, List<LayerEntry>> entries) throws IOException {
        if (plan.platformCheck() == PlatformCheckMode.OFF) {
            return;
        }
        List<String> entrypoint = platformPlan.runtime().entrypoint();
        List<String> cmd = platformPlan.runtime().cmd();
        Predicate<String> isMainExecutable = PlatformCheck.mainExecutable(entrypoint, cmd);
        Map<String, Path> files = new TreeMap<>();
        ImagePaths image = new ImagePaths();
        for (LayerPart part : layers) {
            for (LayerEntry entry : entries.get(part)) {
                if (entry.type() == LayerEntry.Type.SYMLINK) {
                    image.addSymlink(entry.path(), entry.linkTarget());
                } else {
                    image.add(entry.path());
                }
                if (entry.type().hasSource() && ((entry.mode() & 0111) != 0
                        || isMainExecutable.test(entry.path()))) {
                    files.put(entry.path(), entry.source());
                } else {
                    files.remove(entry.path());
                }
            }
        }
        PlatformCheck.check(platformPlan.platform(), files, image, entrypoint, cmd, plan.platformCheck(), log);
    }

    private PlatformImage assemble(ImagePlan plan, PlatformPlan platformPlan, List<LayerPart> parts,
            Map<LayerPart, BuiltLayer> built) {
        ImageFormat format = plan.format();
        List<Blob> layerBlobs = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (LayerPart part : parts) {
            BuiltLayer layer = built.get(part);
            layerBlobs.add(layerBlob(format, layer, options));
            diffIds.add(layer.diffId());
            history.add(part.historyText());
        }
        ImageConfig config = new ImageConfig(platformPlan.platform(), plan.created(), platformPlan.runtime(), diffIds,
                history);
        Blob configBlob = Blob.ofBytes(format.configMediaType(), config.toJsonBytes());
        Manifest manifest = new Manifest(format, configBlob.descriptor(),
                layerBlobs.stream().map(Blob::descriptor).toList(), plan.annotations());
        byte[] manifestBytes = manifest.toJsonBytes();
        Blob manifestBlob = new Blob(
                Descriptor.of(format.manifestMediaType(), manifestBytes).withPlatform(platformPlan.platform()), null,
                manifestBytes);
        return new PlatformImage(platformPlan.platform(), layerBlobs, configBlob, manifestBlob, diffIds);
    }

    /**
     * The layer's blob. In the OCI format its descriptor records the compression
     * ({@link KnownLayer#COMPRESSION}), so that a later push can tell whether it may reuse it.
     */
    private static Blob layerBlob(ImageFormat format, BuiltLayer layer, LayerOptions options) {
        Descriptor descriptor = new Descriptor(format.layerMediaType(options.compression()), layer.digest(),
                layer.size());
        if (format == ImageFormat.OCI) {
            descriptor = descriptor.withAnnotations(Map.of(KnownLayer.COMPRESSION, options.compressionId()));
        }
        if (layer.reused()) {
            return Blob.held(descriptor);
        }
        return layer.cached() ? Blob.ofFile(descriptor, layer.file()) : Blob.ofWrittenFile(descriptor, layer.file());
    }

    /**
     * Builds each distinct layer once, in parallel, unless the cache remembers this exact set of
     * inputs: then all layers come from one cache record.
     */
    private Map<LayerPart, BuiltLayer> buildLayers(PreparedImage prepared, LayerListener listener, Progress progress,
            ReusableLayers reusable, LayerStreams streams) throws IOException {
        Map<LayerPart, List<LayerEntry>> entries = prepared.entries();
        ImageFormat format = prepared.plan().format();
        LayerBuilder builder = new LayerBuilder(blobDirectory, options, log, progress::compressed,
                prepared.entryStates());
        progress.layers(entries.size());
        LayerListener counted = (layer, fromCache) -> {
            progress.layerDone();
            listener.layerReady(layer, fromCache);
        };
        long beforeRead = builder.now();
        List<LayerPart> parts = new ArrayList<>(entries.keySet());
        List<List<LayerEntry>> resolved = new ArrayList<>(entries.values());
        boolean verbose = entries.size() <= VERBOSE_LAYER_COUNT;
        Optional<List<BuiltLayer>> remembered = builder.findAll(parts.stream().map(LayerPart::layerName).toList(), resolved);
        Map<LayerPart, BuiltLayer> result = new LinkedHashMap<>();
        if (remembered.isPresent()) {
            log.debug("All " + parts.size() + " layer(s) unchanged: found by one cache record of their files' state");
            for (int i = 0; i < parts.size(); i++) {
                BuiltLayer layer = remembered.get().get(i);
                ready(parts.get(i), layer, 0, verbose, format, counted);
                result.put(parts.get(i), layer);
            }
            return result;
        }
        LayerPart largest = largest(entries);
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), entries.size()));
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "scratch-layer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Map<LayerPart, CompletableFuture<BuiltLayer>> futures = new LinkedHashMap<>();
            entries.forEach((part, list) -> futures.put(part, CompletableFuture.supplyAsync(() -> {
                try {
                    long start = System.nanoTime();
                    LayerToWrite toWrite = new LayerToWrite(part.displayName(), fileBytes(list), part == largest);
                    List<LayerStream> asked = new ArrayList<>(); // this task's thread only
                    LayerBuilder.Copies copies = () -> {
                        asked.addAll(streams.of(toWrite));
                        List<OutputStream> copied = new ArrayList<>();
                        for (LayerStream stream : asked) {
                            copied.add(stream.bytes());
                        }
                        return copied;
                    };
                    return builder.build(part.layerName(), list, reusable, copies, layer -> {
                        if (!asked.isEmpty()) {
                            Blob blob = layerBlob(format, layer, options);
                            asked.forEach(stream -> stream.written(blob));
                        }
                        ready(part, layer, start, verbose, format, counted);
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, executor)));
            if (options.cacheDirectory() != null) {
                // While the layers are written, this thread computes their file states, which the
                // cache's records (and a push's delivery record) key on once each layer is written:
                // for 20,000 files, 0.1-0.2 s less before the image is complete.
                resolved.forEach(prepared.entryStates()::of);
            }
            for (Map.Entry<LayerPart, CompletableFuture<BuiltLayer>> entry : futures.entrySet()) {
                result.put(entry.getKey(), join(entry.getValue()));
            }
        } finally {
            executor.shutdownNow();
        }
        if (result.values().stream().noneMatch(BuiltLayer::reused)) {
            // a set record names blobs in the cache: a reused layer has none
            builder.rememberAll(resolved, new ArrayList<>(result.values()), beforeRead);
        }
        builder.pruneCache(result.values());
        return result;
    }

    /** The sinks' streams for a layer about to be written (see {@link ImageSink#layerStream}). */
    @FunctionalInterface
    interface LayerStreams {
        List<LayerStream> of(LayerToWrite layer) throws IOException;
    }

    /** The layer with the most bytes of files (the first of equals): see {@link LayerToWrite#largest}. */
    private static LayerPart largest(Map<LayerPart, List<LayerEntry>> entries) {
        LayerPart largest = null;
        long most = -1;
        for (Map.Entry<LayerPart, List<LayerEntry>> entry : entries.entrySet()) {
            long bytes = fileBytes(entry.getValue());
            if (bytes > most) {
                largest = entry.getKey();
                most = bytes;
            }
        }
        return largest;
    }

    private static long fileBytes(List<LayerEntry> entries) {
        long bytes = 0;
        for (LayerEntry entry : entries) {
            if (entry.type() == LayerEntry.Type.FILE) {
                bytes += entry.size();
            }
        }
        return bytes;
    }

    /** Logs a layer that is ready (info for a few layers, else debug) and hands it to the listener. */
    private void ready(LayerPart part, BuiltLayer layer, long startNanos, boolean verbose, ImageFormat format,
            LayerListener listener) {
        if (verbose || log.debugEnabled()) {
            String how = layer.reused() ? "reused from " + layer.reusedFrom() + " (not compressed)"
                    : layer.cached() ? "unchanged (cache)" : (System.nanoTime() - startNanos) / 1_000_000 + " ms";
            String message = String.format(Locale.ROOT, "Layer %s: %s, %,d bytes, %s", part.displayName(),
                    layer.digest(), layer.size(), how);
            if (verbose) {
                log.info(message);
            } else {
                log.debug(message);
            }
        }
        listener.layerReady(layerBlob(format, layer, options), layer.cached());
    }

    /** One line for the whole build; per-layer lines are info only for a few layers, else debug. */
    private void logSummary(Collection<BuiltLayer> layers, long start) {
        long cached = layers.stream().filter(BuiltLayer::cached).count();
        long reused = layers.stream().filter(BuiltLayer::reused).count();
        long bytes = layers.stream().mapToLong(BuiltLayer::size).sum();
        log.info(String.format(Locale.ROOT, "%d layer(s), %,d bytes compressed: %d built, %d unchanged from the cache%s, "
                + "in %d ms", layers.size(), bytes, layers.size() - cached - reused, cached,
                reused == 0 ? "" : ", " + reused + " reused from the registry", (System.nanoTime() - start) / 1_000_000));
    }

    private static BuiltLayer join(CompletableFuture<BuiltLayer> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }
}
