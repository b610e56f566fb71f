package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.LayerFile;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Builds one layer: takes it from the cache when it holds a layer of exactly this content, else
 * reuses the one an output holds with the same diff_id, else writes it ({@link LayerBlobWriter}: the
 * tar, compressed, hashed and stored in one streaming pass). Thread-safe: layers are built in parallel.
 *
 * <p>With a cache, a builder computes the file state of a build's whole set of layers once (the
 * layer-set lookup and the record written after building use it): a builder serves one build.
 */
public final class LayerBuilder {
    private final LayerOptions options;
    private final BuildLog log;
    private final LayerBlobWriter blobs;
    private final LayerCache cache;
    private final EntryStates states;
    /** The file state of each set of layers, by identity: see {@link #setState}. */
    private final Map<List<List<LayerEntry>>, Optional<DiffIdMemo.State>> setStates =
            Collections.synchronizedMap(new IdentityHashMap<>());
    /** Passes over layers' files so far: see {@link #filePasses}. */
    private final AtomicInteger filePasses = new AtomicInteger();
    /** Layers being written now: see {@link #awaitNoWrites}. */
    private int writing; // guarded by this

    public LayerBuilder(Path blobDirectory, LayerOptions options, BuildLog log) {
        this(blobDirectory, options, log, bytes -> { }, new EntryStates());
    }

    /**
     * @param compressedBytes hears each count of compressed bytes written (for progress lines)
     * @param states          the layers' file states, computed once for the whole build (its delivery
     *                        record uses them too)
     */
    public LayerBuilder(Path blobDirectory, LayerOptions options, BuildLog log, LongConsumer compressedBytes,
            EntryStates states) {
        this(blobDirectory, options, log, System::currentTimeMillis, compressedBytes, states);
    }

    /** @param clock the current time in epoch milliseconds, for the cache's file-state memo (tests move it) */
    LayerBuilder(Path blobDirectory, LayerOptions options, BuildLog log, LongSupplier clock) {
        this(blobDirectory, options, log, clock, bytes -> { }, new EntryStates());
    }

    private LayerBuilder(Path blobDirectory, LayerOptions options, BuildLog log, LongSupplier clock,
            LongConsumer compressedBytes, EntryStates states) {
        this.states = states;
        this.options = options;
        this.log = log;
        this.blobs = new LayerBlobWriter(blobDirectory, options, compressedBytes);
        this.cache = options.cacheDirectory() == null ? null : new LayerCache(options.cacheDirectory(), clock);
    }

    /**
     * @param fileTime mtime written for every entry
     * @throws io.github.scratchimage.image.InvalidImageException for bad input (the field and the spec's origin)
     */
    public BuiltLayer build(LayerSpec spec, Instant fileTime) throws IOException {
        return build(spec.name(), LayerResolver.resolve(spec, fileTime));
    }

    /**
     * Writes already resolved entries (see {@link LayerResolver#resolve}) as a layer, or takes it
     * from the cache when one is configured and holds a layer of exactly this content.
     *
     * @param entries sorted, parents first, no path twice
     * @throws IOException when a file cannot be read or changes size while it is written
     */
    public BuiltLayer build(String name, List<LayerEntry> entries) throws IOException {
        return build(name, entries, layer -> { });
    }

    /**
     * As {@link #build(String, List)}, calling {@code ready} as soon as the layer's blob is in place,
     * before the cache's bookkeeping for later builds, which then runs while the caller already uses
     * the blob (e.g. uploads it).
     */
    public BuiltLayer build(String name, List<LayerEntry> entries, Consumer<BuiltLayer> ready) throws IOException {
        return build(name, entries, ReusableLayers.NONE, ready);
    }

    /**
     * As {@link #build(String, List, Consumer)}, taking a layer an output already holds instead of
     * compressing it: when {@code reusable} has the diff_id of these entries' tar (hashed in one pass
     * without compressing, or known from the file-state memo), and the cache does not hold the layer,
     * that layer is the result (see {@link BuiltLayer#reused}).
     *
     * <p>When {@link LayerOptions#fileChecksums} asks for the files' checksums and there are layers
     * to reuse, the pass that hashes the tar lists the files too, so that a reused layer has its list
     * without a second pass over its files. A layer the cache then holds with its list does not need
     * them: that pass hashed the files' bytes for nothing, though it read them anyway.
     *
     * <p>{@code reusable} is only asked when the cache does not hold the layer, so a layer the cache
     * holds is ready without waiting for an output's answer. With no cache, or one that was empty when
     * the build began, the answer is asked for at once and the files are hashed while it comes in
     * (on a fresh CI runner that is most of a registry's round trips); the pass stops as soon as the
     * answer says the outputs hold no layer, and the files are then read once more, to build.
     *
     * @param reusable layers held by every output, by diff_id, compressed as this builder would
     */
    public BuiltLayer build(String name, List<LayerEntry> entries, ReusableLayers reusable,
            Consumer<BuiltLayer> ready) throws IOException {
        return build(name, entries, reusable, Copies.NONE, ready);
    }

    /**
     * Where a written layer's compressed bytes also go (see
     * {@link #build(String, List, ReusableLayers, Copies, Consumer)}).
     */
    @FunctionalInterface
    public interface Copies {
        Copies NONE = List::of;

        /** Asked once the layer is known to be written (not from the cache, not reused), right before its first byte. */
        List<OutputStream> open() throws IOException;
    }

    /**
     * As {@link #build(String, List, ReusableLayers, Consumer)}, and when the layer is written (not
     * taken from the cache or reused) its compressed bytes also go to each of the streams
     * {@code copies} opens, as they are written; those are flushed, not closed.
     */
    public BuiltLayer build(String name, List<LayerEntry> entries, ReusableLayers reusable,
            Copies copies, Consumer<BuiltLayer> ready) throws IOException {
        boolean listWhileHashing = options.fileChecksums() && reusable.mayHaveAny();
        if (cache == null) {
            Optional<HashedTar> hashed = hashUnlessNothingReusable(entries, listWhileHashing, reusable);
            Optional<BuiltLayer> known = hashed.isEmpty() ? Optional.empty()
                    : reuse(name, entries, hashed.get(), reusable.get());
            BuiltLayer layer = known.isPresent() ? known.get() : write(name, entries, copies);
            ready.accept(layer);
            return layer;
        }
        DiffIdMemo memo = cache.memo();
        if (cache.emptyAtStart()) {
            // Nothing cached to find. While the outputs' answer (the layers they hold) comes in, the
            // files are hashed for it; as soon as it says they hold none, the files are read once, to
            // build, and their state comes from the resolver's stat, remembered only if no file
            // changed shortly before the read began (see DiffIdMemo#state).
            long beforeRead = memo.now();
            Optional<HashedTar> hashed = hashUnlessNothingReusable(entries, listWhileHashing, reusable);
            if (hashed.isPresent()) {
                return reuseOrWrite(name, entries, hashed.get(), state(entries, beforeRead), false, reusable,
                        copies, ready);
            }
            BuiltLayer layer = write(name, entries, copies);
            cache.store(layer, options.compressionId());
            ready.accept(layer);
            Optional<DiffIdMemo.State> state = state(entries, beforeRead);
            if (state.isPresent()) {
                memo.remember(state.get(), layer.diffId());
            }
            return layer;
        }
        // taken before the bytes are read, so a change while reading shows next time
        Optional<DiffIdMemo.State> state = state(entries, memo.now());
        Optional<Digest> remembered = state.isPresent() ? memo.diffId(state.get()) : Optional.empty();
        HashedTar hashed = remembered.isPresent() ? new HashedTar(remembered.get(), null)
                : hash(entries, listWhileHashing);
        Digest diffId = hashed.diffId();
        Optional<BuiltLayer> cached = withFiles(cache.find(LayerCache.key(diffId, options.compressionId()), name));
        if (cached.isPresent()) {
            if (remembered.isEmpty() && state.isPresent()) {
                memo.remember(state.get(), diffId);
            }
            log.debug("Layer " + label(name) + ": unchanged, reusing " + cached.get().digest() + " from the cache"
                    + (remembered.isPresent() ? " (files unchanged since they were last hashed)" : ""));
            ready.accept(cached.get());
            return cached.get();
        }
        return reuseOrWrite(name, entries, hashed, state, remembered.isPresent(), reusable, copies, ready);
    }

    /**
     * A layer the cache does not hold: the one an output holds with this diff_id, else written (and
     * stored under the key of the tar just written, so the record always matches the blob, even when a
     * file changed between hashing and writing); the file state is remembered with its diff_id unless
     * {@code remembered} says the memo has it.
     */
    private BuiltLayer reuseOrWrite(String name, List<LayerEntry> entries, HashedTar hashed,
            Optional<DiffIdMemo.State> state, boolean remembered, ReusableLayers reusable, Copies copies,
            Consumer<BuiltLayer> ready) throws IOException {
        DiffIdMemo memo = cache.memo();
        Optional<BuiltLayer> known = reuse(name, entries, hashed, reusable.get());
        BuiltLayer layer;
        if (known.isPresent()) {
            layer = known.get();
        } else {
            layer = write(name, entries, copies);
            cache.store(layer, options.compressionId());
        }
        if (!remembered && state.isPresent()) {
            memo.remember(state.get(), layer.diffId());
        }
        ready.accept(layer);
        return layer;
    }

    /**
     * The layer a sink holds already with the diff_id of {@code hashed}, if any. When
     * {@link LayerOptions#fileChecksums} asks for the file list, it is the one listed while hashing;
     * else (the diff_id was remembered, so nothing read the files) the cache's, else from a pass over
     * the files (hashing only: nothing is compressed).
     */
    private Optional<BuiltLayer> reuse(String name, List<LayerEntry> entries, HashedTar hashed,
            Map<Digest, KnownLayer> reusable) throws IOException {
        KnownLayer known = reusable.get(hashed.diffId());
        if (known == null) {
            return Optional.empty();
        }
        List<LayerFile> files = null;
        if (options.fileChecksums()) {
            Optional<List<LayerFile>> listed = hashed.files() != null ? Optional.of(hashed.files())
                    : cache == null ? Optional.empty() : cache.files(hashed.diffId());
            files = listed.isPresent() ? listed.get() : hash(entries, true).files();
        }
        return Optional.of(BuiltLayer.reused(name, hashed.diffId(), known.descriptor().digest(),
                known.descriptor().size(), known.source(), files));
    }

    /**
     * As {@link #hash}, while the outputs' answer to which layers they hold comes in (asked now, unless
     * asked before); empty, and the pass stopped, as soon as the answer says they hold none.
     */
    private Optional<HashedTar> hashUnlessNothingReusable(List<LayerEntry> entries, boolean listFiles,
            ReusableLayers reusable) throws IOException {
        reusable.ask();
        if (!reusable.mayHaveAny()) {
            return Optional.empty();
        }
        awaitNoWrites();
        try {
            return Optional.of(hash(entries, listFiles, new NothingReusableCheck(reusable)));
        } catch (NothingReusableException stopped) {
            return Optional.empty();
        }
    }

    /** Drops the tar's bytes (hashed on their way here) and stops the pass once the outputs say they hold no layer. */
    private static final class NothingReusableCheck extends OutputStream {
        private final ReusableLayers reusable;

        NothingReusableCheck(ReusableLayers reusable) {
            this.reusable = reusable;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!reusable.mayHaveAny()) {
                throw new NothingReusableException();
            }
        }
    }

    private static final class NothingReusableException extends IOException {
        NothingReusableException() {
            super("the outputs hold no layer: hashing stopped");
        }
    }

    /** The diff_id of a layer's tar, and its regular files with their checksums when they were listed (else null). */
    private record HashedTar(Digest diffId, List<LayerFile> files) {
    }

    /**
     * One pass over the files that writes the tar nowhere: its diff_id, and with {@code listFiles}
     * the regular files with their checksums, hashed on the way.
     */
    private HashedTar hash(List<LayerEntry> entries, boolean listFiles) throws IOException {
        return hash(entries, listFiles, OutputStream.nullOutputStream());
    }

    /** As {@link #hash(List, boolean)}, the tar's bytes going on to {@code sink} once hashed. */
    private HashedTar hash(List<LayerEntry> entries, boolean listFiles, OutputStream sink) throws IOException {
        filePasses.incrementAndGet();
        List<LayerFile> files = listFiles ? new ArrayList<>() : null;
        return new HashedTar(diffId(entries, files, sink), files);
    }

    /**
     * A cached layer with its file list when {@link LayerOptions#fileChecksums} asks for one; empty
     * (a miss: the layer is built again, and stored with its list) when the cache has none for it.
     */
    private Optional<BuiltLayer> withFiles(Optional<BuiltLayer> cached) throws IOException {
        if (cached.isEmpty() || !options.fileChecksums()) {
            return cached;
        }
        Optional<List<LayerFile>> files = cache.files(cached.get().diffId());
        return files.map(cached.get()::withFiles);
    }

    /**
     * The current time of the cache's clock (epoch milliseconds): take it before any of the layers
     * passed to {@link #rememberAll} are built.
     */
    public long now() {
        return cache == null ? System.currentTimeMillis() : cache.memo().now();
    }

    /**
     * All of a build's layers from the cache with one record read, when the cache remembers this
     * exact set of file states (see {@link LayerSetMemo}) and still holds every blob; else empty,
     * and the caller builds each layer with {@link #build(String, List, Consumer)}.
     *
     * @param names   the layers' names, in order
     * @param entries the layers' resolved entries, in the same order
     */
    public Optional<List<BuiltLayer>> findAll(List<String> names, List<List<LayerEntry>> entries) throws IOException {
        if (names.size() != entries.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + entries.size() + " layers");
        }
        if (cache == null || cache.emptyAtStart() || entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<DiffIdMemo.State> set = setState(entries, cache.memo().now());
        if (set.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<StoredLayer>> remembered = cache.sets().find(set.get(), entries.size(), options.compressionId());
        if (remembered.isEmpty()) {
            return Optional.empty();
        }
        List<BuiltLayer> layers = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Optional<BuiltLayer> cached = withFiles(cache.blob(names.get(i), remembered.get().get(i)));
            if (cached.isEmpty()) {
                return Optional.empty();
            }
            layers.add(cached.get());
        }
        cache.sets().hit();
        return Optional.of(layers);
    }

    /**
     * Remembers that {@code entries} gave {@code layers} (same order), for {@link #findAll} next
     * time; nothing when a file changed less than {@link FileStamp#SETTLED_MILLIS} before
     * {@code takenMillis} or has no stamp.
     *
     * @param takenMillis {@link #now()} taken before any of the layers was built
     */
    public void rememberAll(List<List<LayerEntry>> entries, List<BuiltLayer> layers, long takenMillis)
            throws IOException {
        if (cache == null || entries.isEmpty()) {
            return;
        }
        if (entries.size() != layers.size()) {
            throw new IllegalArgumentException(entries.size() + " entry lists for " + layers.size() + " layers");
        }
        Optional<DiffIdMemo.State> set = setState(entries, takenMillis);
        if (set.isPresent()) {
            cache.sets().remember(set.get(), options.compressionId(), layers);
        }
    }

    /**
     * After a build that added a layer to the cache, removes the least recently used other layers
     * until the cache fits {@link LayerOptions#cacheMaxBytes} (see {@link LayerCache#prune}); a build
     * that added nothing leaves the cache as it is, so a warm build writes nothing.
     *
     * <p>A failure to remove is a warning: the build's own layers are in place either way.
     *
     * @param inUse this build's layers, never removed
     */
    public void pruneCache(Collection<BuiltLayer> inUse) {
        if (cache == null || !cache.grew()) {
            return;
        }
        Set<Digest> spared = new HashSet<>();
        inUse.forEach(layer -> spared.add(layer.digest()));
        LayerCache.Pruned pruned;
        try {
            pruned = cache.prune(options.cacheMaxBytes(), spared);
        } catch (IOException e) {
            log.warn("Layer cache: could not remove the layers unused the longest from " + cache.directory() + " ("
                    + e + "); it may take more than cacheMaxSize (" + options.cacheMaxBytes() + " bytes)");
            return;
        }
        if (pruned.othersUsing()) {
            log.info(String.format(Locale.ROOT, "Layer cache: %s holds %,d bytes, more than cacheMaxSize (%,d bytes),"
                    + " but another build is using it; a later build removes the layers unused the longest",
                    cache.directory(), pruned.keptBytes(), options.cacheMaxBytes()));
        } else if (pruned.layers() > 0) {
            log.info(String.format(Locale.ROOT, "Layer cache: removed %d layer(s) unused the longest, %,d bytes, "
                    + "to keep %s within cacheMaxSize (%,d bytes); it holds %,d bytes", pruned.layers(), pruned.bytes(),
                    cache.directory(), options.cacheMaxBytes(), pruned.keptBytes()));
        }
    }

    /**
     * The file state of the set of layers {@code entries}, computed on the first call for this list
     * ({@link #findAll}) and kept for the next ({@link #rememberAll}). The key depends on the entries
     * alone. The first call's time is kept with it: that caller guarantees it is no later than the
     * files' first read, so it is also before every later read, which is all
     * {@link DiffIdMemo#setState} asks of the time.
     *
     * @param takenMillis a time no later than the first read of the files' bytes
     */
    private Optional<DiffIdMemo.State> setState(List<List<LayerEntry>> entries, long takenMillis) {
        Optional<DiffIdMemo.State> known = setStates.get(entries);
        if (known == null) {
            known = layerStates(entries).map(layers -> cache.memo().setState(layers, takenMillis));
            setStates.put(entries, known);
        }
        return known;
    }

    /** Each layer's file state; empty when a file has no stamp. */
    private Optional<List<EntriesState>> layerStates(List<List<LayerEntry>> entries) {
        List<EntriesState> layers = new ArrayList<>(entries.size());
        for (List<LayerEntry> layer : entries) {
            Optional<EntriesState> state = states.of(layer);
            if (state.isEmpty()) {
                return Optional.empty();
            }
            layers.add(state.get());
        }
        return Optional.of(layers);
    }

    /** The key of one layer's file state (see {@link DiffIdMemo#state}); empty when a file has no stamp. */
    private Optional<DiffIdMemo.State> state(List<LayerEntry> entries, long takenMillis) {
        return states.of(entries).map(state -> cache.memo().state(state, takenMillis));
    }

    /** Builds whose layers all came from one layer-set record (0 without a cache). */
    int setHits() {
        return cache == null ? 0 : cache.sets().hits();
    }

    /** The SHA-256 of the uncompressed tar of {@code entries}: reads every file, compresses nothing. */
    static Digest diffId(List<LayerEntry> entries) throws IOException {
        return diffId(entries, null, OutputStream.nullOutputStream());
    }

    /**
     * As {@link #diffId(List)}, adding each regular file with its checksums to {@code files} unless
     * null, and passing the tar's bytes on to {@code sink}.
     */
    private static Digest diffId(List<LayerEntry> entries, List<LayerFile> files, OutputStream sink)
            throws IOException {
        DigestingOutputStream tar = new DigestingOutputStream(sink);
        LayerTarWriter.write(entries, tar, files);
        return tar.digest();
    }

    /**
     * How many times this builder read layers' files: each pass that hashes a tar without writing
     * it, and each layer written (a layer from the cache, or whose diff_id the memo remembered, is
     * not read). For tests: a reused layer is read once.
     */
    int filePasses() {
        return filePasses.get();
    }

    /** Lookups answered by the cache so far (0 without a cache). */
    public int cacheHits() {
        return cache == null ? 0 : cache.hits();
    }

    /** Cache lookups whose diff_id came from the file-state memo, without reading the files (0 without a cache). */
    int memoHits() {
        return cache == null ? 0 : cache.memo().hits();
    }

    private static String label(String name) {
        return name == null || name.isEmpty() ? "(unnamed)" : name;
    }

    private BuiltLayer write(String name, List<LayerEntry> entries, Copies copies) throws IOException {
        synchronized (this) {
            writing++;
        }
        try {
            filePasses.incrementAndGet();
            BuiltLayer layer = blobs.write(name, entries, copies);
            log.debug("Layer " + label(name) + ": " + entries.size() + " entries, " + layer.size() + " bytes, "
                    + layer.digest());
            return layer;
        } finally {
            synchronized (this) {
                writing--;
                notifyAll();
            }
        }
    }

    /**
     * Before a pass that only hashes a layer's files to look it up among the layers the outputs hold:
     * waits until no layer is being written. A layer that must be written then has the cores first,
     * so that its upload (network time, not the cores') begins while the other layers are hashed,
     * instead of after them: on a fresh runner the changed layer is otherwise the last to be ready
     * (docs/performance.md, "Push: overlapping the network with the build"). Passes that start before any
     * layer is written, while the answer comes in, do not wait.
     */
    private synchronized void awaitNoWrites() throws InterruptedIOException {
        while (writing > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to hash a layer");
            }
        }
    }
}
