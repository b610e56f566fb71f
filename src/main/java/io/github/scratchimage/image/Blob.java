package io.github.scratchimage.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob ready to be stored or pushed: its descriptor and its bytes, either in memory (configs,
 * manifests, indexes) or in a file (layers).
 *
 * A layer reused from a registry ({@link #held}) has neither: the output it goes to holds it already.
 *
 * @param checked whether the bytes are known to match the descriptor: content in memory, or a file
 *                this build wrote and hashed just now. False for a file taken from a cache, whose
 *                bytes a copy checks against the digest on the way, and for a held blob.
 */
public record Blob(Descriptor descriptor, Path file, byte[] bytes, boolean checked) {

    public Blob {
        if (file != null && bytes != null) {
            throw new IllegalArgumentException("a blob has a file or bytes, not both");
        }
        if (bytes != null && !checked) {
            throw new IllegalArgumentException("a blob in memory is always checked");
        }
    }

    /** Content in memory ({@code file} null) or an unchecked file. */
    public Blob(Descriptor descriptor, Path file, byte[] bytes) {
        this(descriptor, file, bytes, file == null);
    }

    public static Blob ofBytes(String mediaType, byte[] content) {
        return new Blob(Descriptor.of(mediaType, content), null, content.clone());
    }

    /** A file whose bytes are checked against the descriptor when copied (e.g. one from a cache). */
    public static Blob ofFile(Descriptor descriptor, Path file) {
        return new Blob(descriptor, file, null, false);
    }

    /** A file this build has just written, with the digest and size computed from the bytes written. */
    public static Blob ofWrittenFile(Descriptor descriptor, Path file) {
        return new Blob(descriptor, file, null, true);
    }

    /** A blob known to be held by the output it goes to (a layer a registry has): no bytes here. */
    public static Blob held(Descriptor descriptor) {
        return new Blob(descriptor, null, null, false);
    }

    /** Whether this blob's bytes are here (a file or in memory), not only held by an output. */
    public boolean readable() {
        return file != null || bytes != null;
    }

    public Digest digest() {
        return descriptor.digest();
    }

    public long size() {
        return descriptor.size();
    }

    public String mediaType() {
        return descriptor.mediaType();
    }

    public InputStream open() throws IOException {
        requireReadable();
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    /** The content in memory; for file blobs, reads the file (only for small blobs). */
    public byte[] readAllBytes() throws IOException {
        requireReadable();
        return file != null ? Files.readAllBytes(file) : bytes.clone();
    }

    private void requireReadable() throws IOException {
        if (!readable()) {
            throw new IOException("blob " + digest() + " is held by a registry only: its bytes are not here");
        }
    }
}
