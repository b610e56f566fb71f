package io.github.scratchimage.registry;

import io.github.scratchimage.attach.ArtifactManifest;
import io.github.scratchimage.attach.Attachment;
import io.github.scratchimage.concurrent.Await;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.HeldBlobMissingException;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.image.PlatformImage;
import io.github.scratchimage.log.BuildLog;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * One push to one repository, opened before the image is built so that connecting, authenticating
 * and uploading layers overlap with building the rest. {@link #upload} starts a blob's upload at once
 * (for layers that were just built and are likely new); {@link #deliver} pushes what is left, then the
 * platform manifests; {@link #tag} then puts the manifest or index under each tag. A tag is only
 * written once every blob it points at is confirmed, so a failed push never leaves a tag on an
 * incomplete image; and a push to several registries can deliver to all before it tags any.
 */
public final class PushSession implements AutoCloseable {
    /**
     * Blobs checked at once (a HEAD, or a mount) for each one uploaded at once ({@code parallelUploads}):
     * a check is a small request that waits a round trip to a remote registry.
     */
    private static final int CHECKS_PER_UPLOAD = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RegistryOptions options;
    private final BuildLog log;
    private final ImageName name;
    private final String registry;
    private final String repository;
    private final RegistryHttp http;
    private final RegistryClient client;
    /** Each blob's push: its check, then (waiting for it) its upload on {@link #uploadThreads}. */
    private final ExecutorService checkThreads;
    private final ExecutorService uploadThreads;
    /** What the first tag held when the session opened: asked while the image is still being built. */
    private final Optional<Digest> atFirstTag;
    /** Images of this registry whose layers may be reused (mounted into this repository). */
    private final List<ImageReference> cacheFrom;
    /** What this run knows of the registry's repositories: shared with the run's other pushes. */
    private final MountSources mountSources;
    private final Map<Digest, Future<?>> pushes = new ConcurrentHashMap<>();
    private final UploadTally tally = new UploadTally();
    private final Supplier<LongConsumer> uploadCounters;
    private Boolean repositoryExists;
    private Blob delivered;

    /**
     * @param cacheFrom      images of this registry whose layers the build may reuse (see {@link #knownLayers})
     * @param mountSources   what the run's pushes know of which repositories hold which blobs
     * @param uploadCounters gives each upload a consumer of its running count of bytes sent
     */
    PushSession(RegistryOptions options, BuildLog log, ImageName name, List<ImageReference> cacheFrom,
            MountSources mountSources, Supplier<LongConsumer> uploadCounters) {
        this.uploadCounters = uploadCounters;
        this.mountSources = mountSources;
        this.options = options;
        this.cacheFrom = List.copyOf(cacheFrom);
        this.log = log;
        this.name = name;
        this.registry = name.reference().registryHost();
        this.repository = name.reference().repository();
        requireOnline(options, registry);
        Optional<Credential> credential = CredentialResolver.of(options, log).resolve(registry, repository);
        if (credential.isPresent()) {
            log.info("Using the credential for " + registry + " from " + credential.get().source()
                    + (credential.get().username().isEmpty() ? "" : " (username '" + credential.get().username() + "')"));
        } else {
            log.info("No credential found for " + registry + "; pushing anonymously");
        }
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + repository + ":pull,push");
        Set<String> sources = new LinkedHashSet<>(mountSources.otherRepositories(registry, repository));
        cacheFrom.stream().map(ImageReference::repository).filter(r -> !r.equals(repository)).forEach(sources::add);
        for (String source : sources) {
            scopes.add("repository:" + source + ":pull");
        }

        this.http = new RegistryHttp(options);
        this.checkThreads = daemonThreads(blobsAtOnce(options), "scratch-check-");
        this.uploadThreads = daemonThreads(options.parallelUploads(), "scratch-push-");
        try {
            this.client = new RegistryClient(registry, repository, options, credential.orElse(null), scopes, http, log);
            client.connect();
            this.atFirstTag = client.manifestDigest(name.tags().get(0));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Blobs pushed at once: each is checked, and uploaded (at most {@code parallelUploads} at once) while its check waits. */
    static int blobsAtOnce(RegistryOptions options) {
        return CHECKS_PER_UPLOAD * options.parallelUploads();
    }

    private static ExecutorService daemonThreads(int count, String namePrefix) {
        return Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, namePrefix + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Fails when Maven runs offline: a push needs the network. */
    static void requireOnline(RegistryOptions options, String registry) {
        if (options.offline()) {
            throw new RegistryException(registry, "push", "Maven runs offline (-o); pushing needs the network. "
                    + "Run without -o, or use scratch:save to write the image to a file");
        }
    }

    /**
     * Starts uploading a blob just built, in the background (each digest once); errors surface in
     * {@link #deliver}. A blob that another repository of the same registry started first in this
     * run is left to {@link #deliver}, which mounts it from there once that push is done (the run
     * delivers to its repositories one after the other).
     */
    public void upload(Blob blob) {
        if (mountSources.claim(registry, blob.digest(), repository)) {
            start(blob);
        }
    }

    /**
     * Sends the bytes of {@code in} (a large layer, while it is compressed) as one upload of unknown
     * length; returns the Location that {@link #finishStreamed} completes. See {@link StreamedLayer}.
     */
    String sendStream(InputStream in) {
        return client.streamUpload(in, uploadCounters.get());
    }

    /**
     * The layer {@code sending} sent while it was written: its push (on a check thread, like any
     * blob's) waits for that send and completes the upload by digest; when the send failed, or
     * another repository of the registry claimed the blob first, the layer is pushed as any other.
     */
    void finishStreamed(Blob layer, Future<String> sending) {
        if (!mountSources.claim(registry, layer.digest(), repository)) {
            return; // left to deliver, which mounts it from the repository that claimed it
        }
        pushes.computeIfAbsent(layer.digest(), d -> checkThreads.submit(() -> {
            String name = describe(layer);
            try {
                client.finishUpload(Await.result(sending, "sending a layer"), layer.digest());
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                log.info(name + ": sending it while it was compressed failed (" + Responses.oneLine(e.getMessage())
                        + "); uploading it from its file");
                pushBlob(layer);
                return;
            }
            log.debug(name + ": sent while it was compressed, " + megabytes(layer.size()) + " MB");
            tally.uploaded(layer.size());
            mountSources.record(registry, layer.digest(), repository);
        }));
    }

    /**
     * Starts pushing {@code blob} in the background, once per digest, whoever claimed it: found in
     * this repository, mounted from another, or uploaded (see {@link #pushBlob}).
     */
    private void start(Blob blob) {
        pushes.computeIfAbsent(blob.digest(), d -> checkThreads.submit(() -> pushBlob(blob)));
    }

    /**
     * The layers this registry holds that the build may reuse: those of the image the first tag held
     * when the session opened (read by that digest, so a tag moved meanwhile does not matter) and of
     * each cacheFrom image, whose blobs are then mounted into this repository when it lacks them.
     * See {@link RegistryLayers}.
     */
    public List<KnownLayer> knownLayers() {
        RegistryLayers reader = new RegistryLayers(client, log);
        List<KnownLayer> known = new ArrayList<>();
        atFirstTag.ifPresent(root -> known.addAll(reader.read(repository, root.toString(),
                name.reference().withTag(name.tags().get(0)).toString())));
        for (ImageReference image : cacheFrom) {
            String reference = image.digest() != null ? image.digest().toString() : image.tagOrLatest();
            List<KnownLayer> layers = reader.read(image.repository(), reference, image.toString());
            layers.forEach(layer -> mountSources.record(registry, layer.descriptor().digest(), image.repository()));
            known.addAll(layers);
        }
        return known;
    }

    /**
     * The push of an image whose root is {@code digest}, when every tag already holds it (the first
     * was asked when the session opened, the others are asked now); empty when one does not, and
     * then nothing was written.
     */
    public Optional<PushResult> alreadyPushed(Digest digest) {
        if (atFirstTag.filter(digest::equals).isEmpty()) {
            return Optional.empty();
        }
        for (String tag : name.tags().subList(1, name.tags().size())) {
            if (client.manifestDigest(tag).filter(digest::equals).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new PushResult(digest, name.pinned(digest)));
    }

    /**
     * Pushes {@code image} under every tag: {@link #deliver}, then {@link #tag}.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushResult finish(BuiltImage image) {
        deliver(image);
        return tag();
    }

    /**
     * Puts everything the tags of {@code image} will point at, but no tag: if the first tag held its
     * digest when the session opened, nothing; else every blob not yet started is uploaded, all
     * uploads are awaited, then the platform manifests of an index are put by digest.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public void deliver(BuiltImage image) {
        Blob root = image.root();
        boolean unchanged = atFirstTag.filter(root.digest()::equals).isPresent();
        if (unchanged) {
            // The tag holds this very manifest, so the registry has every blob it points at.
            log.info("Unchanged: " + name.repository() + ":" + name.tags().get(0) + " is already "
                    + root.digest() + "; nothing to upload");
        } else {
            image.contentBlobs().forEach(this::start);
        }
        awaitUploads();
        if (!unchanged) {
            log.info(tally.summary());
        }
        if (!unchanged && image.index() != null) {
            for (PlatformImage platformImage : image.images()) {
                putManifest(platformImage.manifest().digest().toString(), platformImage.manifest());
            }
        }
        delivered = root;
    }

    /**
     * Puts the manifest or index {@link #deliver delivered} under each tag that does not hold it yet.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushResult tag() {
        if (delivered == null) {
            throw new IllegalStateException("nothing delivered to tag");
        }
        Blob root = delivered;
        boolean unchanged = atFirstTag.filter(root.digest()::equals).isPresent();
        List<ImageReference> pushed = name.pinned(root.digest());
        for (ImageReference tagged : pushed) {
            String tag = tagged.tag();
            if (!(unchanged && (tag.equals(name.tags().get(0))
                    || client.manifestDigest(tag).filter(root.digest()::equals).isPresent()))) {
                putManifest(tag, root);
            }
            log.info("Pushed " + tagged);
        }
        return new PushResult(root.digest(), pushed);
    }

    /**
     * Waits for every upload. On the first failure the others are stopped and every upload not
     * finished is forgotten, so that a later {@link #deliver} (of an image built again) starts them anew.
     */
    private void awaitUploads() {
        for (Future<?> push : pushes.values()) {
            try {
                Await.result(push, "pushing");
            } catch (RuntimeException | Error e) {
                pushes.values().forEach(f -> f.cancel(true));
                pushes.values().removeIf(f -> !succeeded(f));
                throw e;
            }
        }
    }

    private static boolean succeeded(Future<?> upload) {
        if (!upload.isDone() || upload.isCancelled()) {
            return false;
        }
        try {
            upload.get();
            return true;
        } catch (ExecutionException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Pushes attachments of the image {@link #finish} pushed, each as its placement says (see
     * {@link Attachment.Placement}): first every blob they need, then their manifests.
     */
    public void attach(List<Attachment> attachments) {
        if (attachments.isEmpty()) {
            return;
        }
        // started, never claimed: the run's other repositories of this registry attach the same
        // empty config (often the same SBOM too), and no deliver follows here to push a blob that
        // another repository claimed; by now each of them has pushed its own, so it is mounted
        start(ArtifactManifest.emptyConfig());
        attachments.forEach(attachment -> start(attachment.blob()));
        awaitUploads();
        ReferrerPush referrers = new ReferrerPush(client, registry, repository, log);
        List<Attachment> cosign = new ArrayList<>();
        for (Attachment attachment : attachments) {
            switch (attachment.placement()) {
                case REFERRER -> {
                    referrers.push(attachment);
                    log.info("Attached " + attachment.artifactType() + " to " + name.repository() + "@"
                            + attachment.subject().digest());
                }
                case COSIGN_SIGNATURE, COSIGN_ATTESTATION -> cosign.add(attachment);
            }
        }
        new CosignPush(client, registry, repository, log).push(cosign);
    }

    private void putManifest(String tagOrDigest, Blob manifest) {
        String reported = client.putManifest(tagOrDigest, manifest).digest();
        if (reported != null && !reported.isBlank() && !reported.trim().equals(manifest.digest().toString())) {
            throw new RegistryException(registry, "put manifest " + repository + ":" + tagOrDigest, "the registry "
                    + "reports digest " + reported.trim() + " for the manifest, not " + manifest.digest()
                    + ": it changed the manifest, so the image would not be the one built");
        }
    }

    /**
     * Asked once, at the first blob: into a repository that does not exist yet, every blob is new,
     * which saves one HEAD per blob on a first push. A warm push that uploads nothing never asks, nor
     * does a push to a tag that held an image when the session opened: its repository exists.
     */
    private synchronized boolean repositoryExists() {
        if (repositoryExists == null) {
            repositoryExists = atFirstTag.isPresent() || client.repositoryExists();
            if (!repositoryExists) {
                log.debug(registry + ": repository " + repository + " does not exist yet; not asking for each blob");
            }
        }
        return repositoryExists;
    }

    /** Per-blob lines are debug (an image may have hundreds); {@link #deliver} logs the totals. */
    private void pushBlob(Blob blob) {
        String name = describe(blob);
        if (repositoryExists() && client.blobExists(blob.digest())) {
            log.debug(name + ": exists");
            tally.present();
        } else {
            Optional<String> source = mountSources.sourceFor(registry, blob.digest(), repository);
            if (source.isPresent() && client.mount(blob.digest(), source.get())) {
                log.debug(name + ": mounted from " + source.get());
                tally.mounted();
            } else if (!blob.readable()) {
                throw new HeldBlobMissingException(registry + ": " + name + " is no longer in " + repository
                        + " nor mountable, though an image read a moment ago named it (deleted meanwhile?)");
            } else {
                Future<?> upload = uploadThreads.submit(() -> sendBytes(blob, name));
                try {
                    Await.result(upload, "pushing");
                } finally {
                    // nothing once it is done; when this push was cancelled (another blob failed), stops it
                    upload.cancel(true);
                }
            }
        }
        mountSources.record(registry, blob.digest(), repository);
    }

    /** Sends the blob's bytes: on one of the {@code parallelUploads} threads. */
    private void sendBytes(Blob blob, String name) {
        long start = System.nanoTime();
        client.upload(blob, uploadCounters.get());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (log.debugEnabled()) {
            log.debug(name + ": pushed " + megabytes(blob.size()) + " MB in "
                    + String.format(Locale.ROOT, "%.1f", seconds) + " s");
        }
        tally.uploaded(blob.size());
    }

    private static String describe(Blob blob) {
        String kind = MediaTypes.OCI_CONFIG.equals(blob.mediaType()) || MediaTypes.DOCKER_CONFIG.equals(blob.mediaType())
                ? "Config" : "Layer";
        return kind + " " + shortDigest(blob.digest());
    }

    static String shortDigest(Digest digest) {
        return digest.algorithm() + ":" + digest.hex().substring(0, 12);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1_000_000.0);
    }

    /** Stops background uploads still running (after a failure) and frees the connections. */
    @Override
    public void close() {
        checkThreads.shutdownNow();
        uploadThreads.shutdownNow();
        http.close();
    }
}
