package io.github.scratchimage.registry;

import com.google.api.client.http.HttpContent;
import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BlobMismatchException;
import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * A request body streamed from a blob (its file, or its bytes), whole or one range, with a known
 * length; it can be written again after a failure. {@code progress} hears the running byte count of
 * the blob (offset included).
 *
 * <p>A blob not {@linkplain Blob#checked() known to match} its digest (a layer file from the cache)
 * is hashed as it is sent, across its ranges in order through {@code hash}; before its last bytes go
 * out the digest is compared, and a mismatch throws {@link BlobMismatchException}, so the registry
 * never gets the whole of a damaged blob.
 */
final class BlobBody implements HttpContent, RequestBody {
    private static final int BUFFER = 64 * 1024;

    private final Blob blob;
    private final long offset;
    private final long length;
    private final LongConsumer progress;
    private final MessageDigest hash;

    /** @param hash the SHA-256 of the blob's bytes before {@code offset}, or null to send without checking */
    BlobBody(Blob blob, long offset, long length, LongConsumer progress, MessageDigest hash) {
        this.blob = blob;
        this.offset = offset;
        this.length = length;
        this.progress = progress;
        this.hash = hash;
    }

    /** A fresh hash for sending {@code blob} from its first byte, or null when it needs no check. */
    static MessageDigest hashFor(Blob blob) {
        return blob.checked() || !"sha256".equals(blob.digest().algorithm()) ? null : Digest.newSha256();
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
                remaining -= n;
                if (hash != null) {
                    hash.update(buffer, 0, n);
                    if (remaining == 0 && offset + length == blob.size()
                            && !Digest.fromSha256(hash.digest()).equals(blob.digest())) {
                        throw new BlobMismatchException(blob, "does not match its digest: the file changed after "
                                + "it was written");
                    }
                }
                out.write(buffer, 0, n);
                done += n;
                progress.accept(done);
            }
        }
        out.flush();
    }
}
