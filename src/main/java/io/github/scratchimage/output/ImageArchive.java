package io.github.scratchimage.output;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.PlatformImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * The bytes of the one tar that is both an OCI image layout and a docker-archive (see
 * {@link TarballSink} for its layout and why), written to any stream: a file ({@link TarballSink}) or
 * the body of a request to a container engine ({@code daemon.LoadSink}). The JSON files are made when
 * it is created, so bad input fails before anything is written; the blobs are streamed and checked
 * against their digests as they go out.
 */
public final class ImageArchive {
    private final byte[] manifestJson;
    private final byte[] indexJson;
    private final List<Blob> blobs;
    private final Instant modTime;

    /**
     * @param dockerEntry the platform image that {@code manifest.json} lists, one of {@code image}'s
     */
    public ImageArchive(BuiltImage image, ImageName name, PlatformImage dockerEntry) {
        if (!image.images().contains(dockerEntry)) {
            throw new IllegalArgumentException(dockerEntry.platform() + " is not a platform of this image");
        }
        this.manifestJson = DockerArchiveManifest.json(dockerEntry, name);
        this.indexJson = OciLayout.indexFile(image, name);
        this.blobs = OciLayout.blobs(image);
        this.modTime = creationTime(image);
    }

    /** Writes the whole tar to {@code out}, which stays open. */
    public void writeTo(OutputStream out) throws IOException {
        try (ReproducibleTar tar = new ReproducibleTar(new UnclosedOutputStream(out), modTime)) {
            tar.directory(OciLayout.BLOBS_DIRECTORY);
            for (String algorithm : blobs.stream().map(b -> b.digest().algorithm()).distinct().sorted().toList()) {
                tar.directory(OciLayout.BLOBS_DIRECTORY + "/" + algorithm);
                for (Blob blob : blobs) {
                    if (blob.digest().algorithm().equals(algorithm)) {
                        tar.blob(OciLayout.blobPath(blob.digest()), blob);
                    }
                }
            }
            tar.file(OciLayout.INDEX_FILE, indexJson);
            tar.file(DockerArchiveManifest.FILE, manifestJson);
            tar.file(OciLayout.LAYOUT_FILE, OciLayout.layoutFile());
            tar.finish();
        }
    }

    /** The image's creation time, not before the epoch (a tar's mtime field cannot go lower). */
    static Instant creationTime(BuiltImage image) {
        return image.created().isBefore(Instant.EPOCH) ? Instant.EPOCH : image.created();
    }

    /** Passes everything on but {@link #close}, which only flushes: the caller's stream outlives the tar. */
    private static final class UnclosedOutputStream extends java.io.FilterOutputStream {
        UnclosedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
