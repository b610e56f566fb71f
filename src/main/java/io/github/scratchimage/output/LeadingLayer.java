package io.github.scratchimage.output;

import io.github.scratchimage.engine.AtomicFiles;
import io.github.scratchimage.engine.LayerStream;
import io.github.scratchimage.engine.OutputException;
import io.github.scratchimage.image.Blob;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A tarball begun while its largest layer is compressed: the layer's bytes go into the tar's
 * temporary file, after room for what comes before them (the directories and the layer's header,
 * known only once the layer is built), so that the file is not copied into the tar afterwards. Once
 * the image is built, {@link #complete} writes the rest around them; when the layer is not the one
 * the tar puts first ({@link ImageArchive#leadingBlob}), the tar is written the ordinary way instead.
 */
final class LeadingLayer implements LayerStream, AutoCloseable {
    /** Room for what precedes the layer's bytes: {@code blobs/}, {@code blobs/sha256/} and the layer's header. */
    static final int ROOM = 3 * 512;
    private static final int BUFFER_SIZE = 256 * 1024;

    private final Path target;
    private AtomicFiles.StagedFile staged;
    private FileChannel channel;
    private long count;
    private Blob layer;

    LeadingLayer(Path target) {
        this.target = target;
    }

    @Override
    public OutputStream bytes() throws IOException {
        AtomicFiles.StagedFile created = AtomicFiles.create(target);
        if (created.file() == null) {
            return OutputStream.nullOutputStream(); // a device or a pipe: written in one go at the end
        }
        staged = created;
        channel = FileChannel.open(staged.file(), StandardOpenOption.WRITE);
        channel.position(ROOM);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (IOException e) {
                    throw new OutputException(target, OutputException.reason(e), e);
                }
                count += len;
            }
        };
    }

    @Override
    public void written(Blob layer) {
        this.layer = layer;
    }

    /**
     * The tar around the layer's bytes, under its temporary name; empty (and nothing kept) when they
     * are not the archive's leading blob, or its header does not fit the room left for it.
     */
    Optional<AtomicFiles.StagedFile> complete(ImageArchive archive) throws IOException {
        Blob leading = archive.leadingBlob();
        if (channel == null || layer == null || !layer.digest().equals(leading.digest()) || count != leading.size()) {
            return Optional.empty();
        }
        byte[] before = archive.bytesBeforeLeadingBlob();
        if (before.length != ROOM) {
            return Optional.empty();
        }
        try {
            channel.write(ByteBuffer.wrap(before), 0);
            channel.position(ROOM + count);
            OutputStream rest = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
            rest.write(new byte[(int) (-count & 511)]); // the layer's bytes end on a 512-byte record
            archive.writeAfterLeadingBlob(rest);
            rest.flush();
            channel.close();
        } catch (OutputException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputException(target, OutputException.reason(e), e);
        }
        AtomicFiles.StagedFile done = staged;
        staged = null;
        return Optional.of(done);
    }

    /** Removes the temporary file unless {@link #complete} handed it on. */
    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // the file is removed next
        }
        if (staged != null) {
            staged.close();
            staged = null;
        }
    }
}
