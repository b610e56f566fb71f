package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/** Passes bytes through while hashing them with SHA-256 and counting them (telling a listener, if any). */
final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256 = Digest.newSha256();
    private final LongConsumer written;
    private long count;

    DigestingOutputStream(OutputStream out) {
        this(out, bytes -> { });
    }

    /** @param written hears the count of each write */
    DigestingOutputStream(OutputStream out, LongConsumer written) {
        super(out);
        this.written = written;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
        written.accept(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
        written.accept(len);
    }

    long count() {
        return count;
    }

    /** The digest of everything written; call once, after the last write. */
    Digest digest() {
        return Digest.fromSha256(sha256.digest());
    }
}
