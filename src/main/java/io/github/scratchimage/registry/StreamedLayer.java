package io.github.scratchimage.registry;

import io.github.scratchimage.engine.LayerStream;
import io.github.scratchimage.image.Blob;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Sends a layer to the registry while it is compressed (the engine's {@link LayerStream}, which
 * {@link RegistrySink} takes for large layers): one upload session, one PATCH that carries the
 * compressed bytes as they come ({@link PushSession#sendStream}), and, once the layer is written and
 * its digest known, the PUT that completes the blob ({@link PushSession#finishStreamed}). On a runner
 * whose upload is slower than the loopback, a changed layer then goes out during its compression
 * instead of after it.
 *
 * <p>A body sent as it comes cannot be sent again, so this upload is never retried: when it fails,
 * the layer is pushed from its file like any other.
 */
final class StreamedLayer implements LayerStream, AutoCloseable {
    private final Supplier<PushSession> session;
    private final LayerPipe pipe = new LayerPipe();
    private final LayerPipe.Writer writer = pipe.writer();
    /** The upload's Location once its PATCH is done. */
    private final FutureTask<String> sending;
    private volatile Thread thread;
    private volatile boolean failed;

    /** @param session the push's session, waited for on the sending thread */
    StreamedLayer(Supplier<PushSession> session) {
        this.session = session;
        this.sending = new FutureTask<>(() -> {
            try {
                return session.get().sendStream(pipe.reader());
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            } finally {
                pipe.stop();
            }
        });
    }

    /** The layer is being written: the send starts now, on a thread of its own. */
    @Override
    public OutputStream bytes() {
        Thread started = new Thread(sending, "scratch-stream");
        started.setDaemon(true);
        thread = started;
        started.start();
        return writer;
    }

    /** Ends the PATCH's body and hands the layer to the push, which completes the upload by digest. */
    @Override
    public void written(Blob layer) {
        try {
            writer.end();
        } catch (IOException e) {
            pipe.stop(); // interrupted: the push uploads the layer from its file
        }
        session.get().finishStreamed(layer, sending);
    }

    /** Whether the send failed (the layer then went from its file). */
    boolean failed() {
        return failed;
    }

    /** Stops a send still running (a build that failed before the layer was written). */
    @Override
    public void close() {
        pipe.stop();
        Thread running = thread;
        if (running != null && !sending.isDone()) {
            running.interrupt();
        }
    }
}
