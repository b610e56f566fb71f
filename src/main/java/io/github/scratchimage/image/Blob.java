package io.github.scratchimage.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob ready to be stored or pushed: its descriptor and its bytes, either in memory (configs,
 * manifests, indexes) or in a file (layers).
 */
public record Blob(Descriptor descriptor, Path file, byte[] bytes) {

    public Blob {
        if ((file == null) == (bytes == null)) {
            throw new IllegalArgumentException("a blob has either a file or bytes");
        }
    }

    public static Blob ofBytes(String mediaType, byte[] content) {
        return new Blob(Descriptor.of(mediaType, content), null, content.clone());
    }

    public static Blob ofFile(Descriptor descriptor, Path file) {
        return new Blob(descriptor, file, null);
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
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    /** The content in memory; for file blobs, reads the file (only for small blobs). */
    public byte[] readAllBytes() throws IOException {
        return file != null ? Files.readAllBytes(file) : bytes.clone();
    }
}
