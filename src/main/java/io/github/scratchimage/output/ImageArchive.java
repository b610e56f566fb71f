package io.github.scratchimage.output;

import io.github.scratchimage.image.Blob;
import io.github.scratchimage.image.BuiltImage;
import io.github.scratchimage.image.ImageName;
import io.github.scratchimage.image.PlatformImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The bytes of the one tar that is both an OCI image layout and a docker-archive (see
 * {@link TarballSink} for its layout and why), written to any stream: a file ({@link TarballSink}) or
 * the body of a request to a container engine ({@code daemon.LoadSink}). The JSON files are made when
 * it is created, so bad input fails before anything is written; the blobs are streamed and checked
 * against their digests as they go out.
 *
 * <p>Order: {@code blobs/}, then for each digest algorithm its directory and its blobs from the
 * largest to the smallest (equal sizes by digest), then {@code index.json}, {@code manifest.json} and
 * {@code oci-layout}. The largest layer thus comes first, right after the directories, so a writer
 * can put its bytes there while the layer is still being compressed (see {@link #leadingBlob}).
 */
public final class ImageArchive {
    private static final Comparator<Blob> TAR_ORDER = Comparator.comparing((Blob b) -> b.digest().algorithm())
            .thenComparing(Comparator.comparingLong(Blob::size).reversed())
            .thenComparing(b -> b.digest().encoded());

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
        this.blobs = OciLayout.blobs(image).stream().sorted(TAR_ORDER).toList();
        this.modTime = creationTime(image);
    }

    /** Writes the whole tar to {@code out}, which stays open. */
    public void writeTo(OutputStream out) throws IOException {
        try (ReproducibleTar tar = new ReproducibleTar(new UnclosedOutputStream(out), modTime)) {
            write(tar, false);
        }
    }

    /** The first blob in the tar: its largest, a layer unless the image has none. */
    public Blob leadingBlob() {
        return blobs.get(0);
    }

    /**
     * The tar's bytes up to the content of the {@link #leadingBlob}: the directories before it and
     * its header. These bytes, the blob's bytes, zeros up to the next multiple of 512 bytes, then
     * what {@link #writeAfterLeadingBlob} writes, make the bytes of {@link #writeTo}.
     */
    public byte[] bytesBeforeLeadingBlob() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReproducibleTar tar = new ReproducibleTar(bytes, modTime); // unfinished on purpose: only its headers are used
        tar.directory(OciLayout.BLOBS_DIRECTORY);
        Blob leading = leadingBlob();
        tar.directory(OciLayout.BLOBS_DIRECTORY + "/" + leading.digest().algorithm());
        tar.fileHeader(OciLayout.blobPath(leading.digest()), leading.size());
        return bytes.toByteArray();
    }

    /** Writes the rest of the tar after the {@link #leadingBlob} and its padding (see {@link #bytesBeforeLeadingBlob}). */
    public void writeAfterLeadingBlob(OutputStream out) throws IOException {
        try (ReproducibleTar tar = new ReproducibleTar(new UnclosedOutputStream(out), modTime)) {
            write(tar, true);
        }
    }

    private void write(ReproducibleTar tar, boolean afterLeadingBlob) throws IOException {
        boolean skipping = afterLeadingBlob;
        if (!skipping) {
            tar.directory(OciLayout.BLOBS_DIRECTORY);
        }
        String algorithm = null;
        for (Blob blob : blobs) {
            if (!blob.digest().algorithm().equals(algorithm)) {
                algorithm = blob.digest().algorithm();
                if (!skipping) {
                    tar.directory(OciLayout.BLOBS_DIRECTORY + "/" + algorithm);
                }
            }
            if (skipping) {
                skipping = false; // the leading blob, written before
                continue;
            }
            tar.blob(OciLayout.blobPath(blob.digest()), blob);
        }
        tar.file(OciLayout.INDEX_FILE, indexJson);
        tar.file(DockerArchiveManifest.FILE, manifestJson);
        tar.file(OciLayout.LAYOUT_FILE, OciLayout.layoutFile());
        tar.finish();
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
