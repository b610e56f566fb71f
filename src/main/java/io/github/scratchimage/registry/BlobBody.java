package io.github.scratchimage.registry;

import com.google.api.client.http.HttpContent;
import io.github.scratchimage.image.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * A request body streamed from a blob (its file, or its bytes), whole or one range, with a known
 * length; it can be written again after a failure. {@code progress} hears the running byte count of
 * the blob (offset included).
 */
final class BlobBody implements HttpContent, RequestBody {
    private static final int BUFFER = 64 * 1024;

    private final Blob blob;
    private final long offset;
    private final long length;
    private final LongConsumer progress;

    BlobBody(Blob blob, long offset, long length, LongConsumer progress) {
        this.blob = blob;
        this.offset = offset;
        this.length = length;
        this.progress = progress;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public String getType() {
        return "application/octet-stream";
    }

    @Override
    public boolean retrySupported() {
        return true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = blob.open()) {
            in.skipNBytes(offset);
            byte[] buffer = new byte[BUFFER];
            long remaining = length;
            long done = offset;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("blob " + blob.digest() + " is shorter than its size " + blob.size());
                }
                out.write(buffer, 0, n);
                remaining -= n;
                done += n;
                progress.accept(done);
            }
        }
        out.flush();
    }
}
