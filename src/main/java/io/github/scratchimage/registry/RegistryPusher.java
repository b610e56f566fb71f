package io.github.scratchimage.registry;

import com.google.api.client.http.HttpTransport;
import io.github.scratchimage.build.BuiltImage;
import io.github.scratchimage.build.PlatformImage;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.MediaTypes;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes a built image to a registry: every blob first (skipping those the registry has, mounting
 * those pushed to another repository of the same registry in this build, uploading the rest in
 * parallel), then the platform manifests, then the manifest or index under each tag. A tag is only
 * written once everything it points at is in the registry.
 */
public final class RegistryPusher {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RegistryOptions options;
    private final BuildLog log;

    public RegistryPusher(RegistryOptions options, BuildLog log) {
        this.options = options;
        this.log = log;
    }

    /**
     * Pushes {@code image} as {@code reference} (its tag, or {@code latest}) and as each of
     * {@code extraTags} in the same repository.
     *
     * @throws RegistryException when the registry refuses or cannot be reached after the retries
     */
    public PushResult push(BuiltImage image, ImageReference reference, List<String> extraTags) {
        String registry = reference.registryHost();
        if (options.offline()) {
            throw new RegistryException(registry, "push", "Maven runs offline (-o); pushing needs the network. "
                    + "Run without -o, or use scratch:save to write the image to a file");
        }
        Set<String> tags = new LinkedHashSet<>();
        tags.add(reference.tagOrLatest());
        for (String tag : extraTags) {
            tags.add(ImageReference.validateTag(tag, "tags"));
        }
        String repository = reference.repository();
        Optional<Credential> credential = CredentialResolver.of(options, log).resolve(registry, repository);
        if (credential.isPresent()) {
            log.info("Using the credential for " + registry + " from " + credential.get().source()
                    + (credential.get().username().isEmpty() ? "" : " (username '" + credential.get().username() + "')"));
        } else {
            log.info("No credential found for " + registry + "; pushing anonymously");
        }

        List<Blob> blobs = image.contentBlobs();
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + repository + ":pull,push");
        for (Blob blob : blobs) {
            MountSources.sourceFor(registry, blob.digest(), repository)
                    .map(source -> "repository:" + source + ":pull")
                    .filter(scope -> !scopes.contains(scope))
                    .ifPresent(scopes::add);
        }

        HttpTransport transport = HttpTransports.create(options);
        try {
            RegistryClient client = new RegistryClient(registry, repository, options, credential.orElse(null),
                    scopes, transport, log);
            client.connect();
            Blob root = image.root();
            String firstTag = tags.iterator().next();
            boolean unchanged = client.manifestDigest(firstTag).filter(root.digest()::equals).isPresent();
            if (unchanged) {
                // The tag holds this very manifest, so the registry has every blob it points at.
                log.info("Unchanged: " + reference.registry() + "/" + repository + ":" + firstTag + " is already "
                        + root.digest() + "; nothing to upload");
            } else {
                pushBlobs(client, registry, repository, blobs);
                if (image.index() != null) {
                    for (PlatformImage platformImage : image.images()) {
                        putManifest(client, registry, platformImage.manifest().digest().toString(),
                                platformImage.manifest());
                    }
                }
            }
            List<ImageReference> pushed = new ArrayList<>();
            for (String tag : tags) {
                if (!(unchanged && (tag.equals(firstTag)
                        || client.manifestDigest(tag).filter(root.digest()::equals).isPresent()))) {
                    putManifest(client, registry, tag, root);
                }
                ImageReference tagged = new ImageReference(reference.registry(), repository, tag, root.digest());
                pushed.add(tagged);
                log.info("Pushed " + tagged);
            }
            return new PushResult(root.digest(), pushed);
        } finally {
            try {
                transport.shutdown();
            } catch (IOException e) {
                log.debug("Closing the HTTP connections failed: " + e.getMessage());
            }
        }
    }

    private void putManifest(RegistryClient client, String registry, String reference, Blob manifest) {
        String reported = client.putManifest(reference, manifest);
        if (reported != null && !reported.isBlank() && !reported.trim().equals(manifest.digest().toString())) {
            log.warn(registry + " reports digest " + reported.trim() + " for the manifest pushed as " + reference
                    + "; expected " + manifest.digest());
        }
    }

    private void pushBlobs(RegistryClient client, String registry, String repository, List<Blob> blobs) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelUploads(), Math.max(1, blobs.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "scratch-push-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Blob blob : blobs) {
                futures.add(pool.submit(() -> pushBlob(client, registry, repository, blob)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while pushing", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void pushBlob(RegistryClient client, String registry, String repository, Blob blob) {
        String name = describe(blob);
        if (client.blobExists(blob.digest())) {
            log.info(name + ": exists");
        } else {
            Optional<String> source = MountSources.sourceFor(registry, blob.digest(), repository);
            if (source.isPresent() && client.mount(blob.digest(), source.get())) {
                log.info(name + ": mounted from " + source.get());
            } else {
                long start = System.nanoTime();
                client.upload(blob, new UploadProgress(name, blob.size(), options.progressInterval(), log));
                double seconds = (System.nanoTime() - start) / 1e9;
                log.info(name + ": pushed " + megabytes(blob.size()) + " MB in "
                        + String.format(Locale.ROOT, "%.1f", seconds) + " s");
            }
        }
        MountSources.record(registry, blob.digest(), repository);
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
}
