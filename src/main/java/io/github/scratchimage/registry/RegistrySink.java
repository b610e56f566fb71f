package io.github.scratchimage.registry;

import io.github.scratchimage.attach.Attachments;
import io.github.scratchimage.concurrent.Await;
import io.github.scratchimage.engine.ImageSink;
import io.github.scratchimage.engine.LayerStream;
import io.github.scratchimage.engine.LayerToWrite;
import io.github.scratchimage.engine.Progress;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.ImageReference;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.image.InvalidImageException.Field;
import io.github.scratchimage.image.KnownLayer;
import io.github.scratchimage.log.BuildLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;

/**
 * Pushes the image to a registry under every tag of its name. It starts connecting on its own thread
 * when the engine opens it, while the files are resolved (loading the HTTP client and the first round
 * trips take about as long); uploads each newly built layer while the others are still being built,
 * and sends a large one while it is compressed ({@link #layerStream});
 * on delivery pushes what is left and the platform manifests ({@link PushSession#deliver}); and only
 * on {@link #publish}, once every sink of the run has the image, writes the tags ({@link PushSession#tag}),
 * so that a push to several registries leaves no tag anywhere when one of them fails on delivery. A
 * failure to connect surfaces when the session is first needed, so bad input is still reported first.
 * Layers from the cache are left to the delivery, which first asks whether the tag already holds the
 * image.
 */
public final class RegistrySink implements ImageSink {
    /** Layers with at least this many bytes of files are sent while they are compressed. */
    static final long STREAMED_FILE_BYTES = 4L * 1024 * 1024;

    private final RegistryPusher pusher;
    private final RegistryOptions options;
    private final ImageName name;
    private final List<ImageReference> cacheFrom;
    private final MountSources mountSources;
    private final BuildLog log;

    private volatile Progress progress;
    private FutureTask<PushSession> opening;
    private Thread connecting;
    private PushSession opened; // guarded by this
    private boolean closed; // guarded by this
    private final List<StreamedLayer> streamed = new ArrayList<>(); // guarded by this

    public RegistrySink(RegistryOptions options, ImageName name, BuildLog log) {
        this(options, name, List.of(), new MountSources(), log);
    }

    /**
     * @param cacheFrom    images of the same registry whose layers the build may reuse, besides those of
     *                     the image the tag holds (see {@link #knownLayers})
     * @param mountSources one for all the registry sinks of a run: a blob pushed to one repository of a
     *                     registry is then mounted into the others, not uploaded again
     * @throws InvalidImageException when an image of {@code cacheFrom} is on another registry
     */
    public RegistrySink(RegistryOptions options, ImageName name, List<ImageReference> cacheFrom,
            MountSources mountSources, BuildLog log) {
        String registry = name.reference().registryHost();
        for (ImageReference image : cacheFrom) {
            if (!image.registryHost().equalsIgnoreCase(registry)) {
                throw new InvalidImageException(Field.CACHE_FROM, "'" + image + "' is on " + image.registryHost()
                        + ", not on " + registry + " where the image is pushed; name images of the same registry "
                        + "(their layers are mounted, never copied between registries)");
            }
        }
        this.pusher = new RegistryPusher(options, log, mountSources);
        this.options = options;
        this.name = name;
        this.cacheFrom = List.copyOf(cacheFrom);
        this.mountSources = mountSources;
        this.log = log;
    }

    @Override
    public String target() {
        return "registry " + name;
    }

    @Override
    public void reportTo(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void open() {
        PushSession.requireOnline(options, name.reference().registryHost());
        opening = new FutureTask<>(() -> {
            Progress counts = progress;
            PushSession session = pusher.open(name, cacheFrom, counts == null ? () -> sent -> { } : counts::upload);
            synchronized (this) {
                if (closed) {
                    session.close();
                } else {
                    opened = session;
                }
            }
            return session;
        });
        connecting = new Thread(opening, "scratch-connect");
        connecting.setDaemon(true);
        connecting.start();
    }

    /**
     * The layers of the image the first tag holds and of the cacheFrom images, by diff_id. A layer
     * the engine takes from here reaches {@link #layerReady} without bytes: the push then only
     * confirms that this repository has it (HEAD) or mounts it from the cacheFrom repository.
     */
    @Override
    public List<KnownLayer> knownLayers() {
        return session().knownLayers();
    }

    /**
     * A layer of at least {@value #STREAMED_FILE_BYTES} bytes of files goes to the registry while it
     * is compressed ({@link StreamedLayer}), unless {@code chunkSize} asks for chunks of a fixed size
     * or another repository of this registry sends the run's layers (it then mounts them here), or
     * such a send failed before in this run (a registry that refuses a body of unknown length would
     * get each layer twice). A smaller layer is uploaded once built: sending it as it comes would
     * cost one more request and save little.
     */
    @Override
    public LayerStream layerStream(LayerToWrite layer) {
        if (layer.fileBytes() < STREAMED_FILE_BYTES || options.chunkSize() != null
                || !mountSources.claimStream(name.reference().registryHost(), name.reference().repository())) {
            return null;
        }
        StreamedLayer stream = new StreamedLayer(this::session);
        synchronized (this) {
            if (closed || streamed.stream().anyMatch(StreamedLayer::failed)) {
                return null;
            }
            streamed.add(stream);
        }
        return stream;
    }

    @Override
    public void layerReady(Blob layer, boolean fromCache) {
        if (!fromCache) {
            session().upload(layer);
        }
    }

    /** Every tag still holds {@code digest} (the first was asked while connecting, the others now). */
    @Override
    public boolean confirmsDelivery() {
        return true;
    }

    @Override
    public boolean stillHolds(Digest digest) {
        return session().alreadyPushed(digest).isPresent();
    }

    /** Every blob and platform manifest, but no tag: a push to another registry may still fail. */
    @Override
    public void deliver(BuiltImage image) {
        session().deliver(image);
    }

    /** The tags, once every sink has the image. */
    @Override
    public void publish() {
        logPushed(session().tag().digest());
    }

    /** The attachments for this repository, pushed once the tags are written (see {@link PushSession#attach}). */
    @Override
    public void attach(Attachments attachments) throws IOException {
        session().attach(attachments.of(name));
    }

    @Override
    public void unchanged(Digest digest) {
        log.info("Unchanged since the last push from this project: same inputs, and every tag still holds "
                + digest + "; nothing built or uploaded");
        logPushed(digest);
    }

    private void logPushed(Digest digest) {
        log.info("Pushed " + name.tags().size() + " tag(s) of " + name.repository() + " at " + digest);
    }

    /** The open session, once connected; rethrows what connecting failed with. */
    private PushSession session() {
        return Await.result(opening, "connecting to the registry");
    }

    /** Closes the session; one still connecting stops retrying and is closed as soon as it is open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        streamed.forEach(StreamedLayer::close);
        if (opened != null) {
            opened.close();
        } else if (opening != null && !opening.isDone()) {
            connecting.interrupt();
        }
    }
}
