package io.github.scratchimage.registry;

import com.google.api.client.http.HttpContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A request body of unknown length, sent as its bytes come (chunked transfer encoding): a layer
 * still being compressed (see {@link StreamedLayer}). It can be sent only once; a second attempt
 * (a retry, or a request repeated after a 401) fails instead of sending part of the bytes again.
 * {@code progress} hears the running byte count.
 */
final class StreamBody implements HttpContent, RequestBody {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final LongConsumer progress;
    private final AtomicBoolean sent = new AtomicBoolean();

    StreamBody(InputStream in, LongConsumer progress) {
        this.in = in;
        this.progress = progress;
    }

    @Override
    public long getLength() {
        return -1;
    }

    @Override
    public String getType() {
        return "application/octet-stream";
    }

    @Override
    public boolean retrySupported() {
        return false;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (!sent.compareAndSet(false, true)) {
            throw new IOException("a streamed body cannot be sent again");
        }
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            done += n;
            progress.accept(done);
        }
        out.flush();
    }
}
