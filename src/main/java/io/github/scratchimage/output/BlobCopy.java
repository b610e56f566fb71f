package io.github.scratchimage.output;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BlobMismatchException;
import io.github.scratchimage.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Streams a blob to an output and checks on the way that its bytes still match its descriptor, so
 * that a cached layer file changed or truncated since it was stored never ends up in an output
 * under the wrong digest. The size is always checked; the sha256 unless the blob is
 * {@link Blob#checked()} (a layer this build has just written and hashed).
 */
final class BlobCopy {
    private static final int BUFFER_SIZE = 64 * 1024;

    private BlobCopy() {
    }

    static void copy(Blob blob, OutputStream out) throws IOException {
        boolean sha256 = !blob.checked() && "sha256".equals(blob.digest().algorithm());
        MessageDigest hash = Digest.newSha256();
        long copied = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = blob.open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (copied + n > blob.size()) {
                    throw new BlobMismatchException(blob, "has more bytes than its descriptor's size " + blob.size());
                }
                if (sha256) {
                    hash.update(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != blob.size()) {
            throw new BlobMismatchException(blob, "has " + copied + " bytes, its descriptor says " + blob.size());
        }
        if (sha256 && !Digest.fromSha256(hash.digest()).equals(blob.digest())) {
            throw new BlobMismatchException(blob, "does not match its digest: the file changed after it was written");
        }
    }
}
