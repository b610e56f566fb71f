package io.github.scratchimage.output;

import io.github.scratchimage.image.Blob;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar whose bytes depend only on what is put in: one fixed mtime, owner 0:0 without names, mode
 * 0755 for directories and 0644 for files, PAX headers for long names and big sizes. The caller
 * adds entries in sorted order. Commons Compress's {@code TarArchiveOutputStream} writes it, with
 * the settings of the layers' tar writer ({@code layer/LayerTarWriter}): the plugin has one tar
 * writer.
 */
final class ReproducibleTar implements Closeable {
    private final TarArchiveOutputStream tar;
    private final long modTimeMillis;

    ReproducibleTar(OutputStream out, Instant modTime) {
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setAddPaxHeadersForNonAsciiNames(true);
        this.modTimeMillis = Math.max(0, modTime.getEpochSecond()) * 1000;
    }

    void directory(String name) throws IOException {
        TarArchiveEntry entry = entry(name.endsWith("/") ? name : name + "/", 040755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    void file(String name, byte[] content) throws IOException {
        TarArchiveEntry entry = entry(name, 0100644);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** A blob's bytes, streamed and checked against its descriptor. */
    void blob(String name, Blob blob) throws IOException {
        fileHeader(name, blob.size());
        BlobCopy.copy(blob, tar);
        tar.closeArchiveEntry();
    }

    /**
     * Only the header of a file of {@code size} bytes: for a file whose bytes are written to the
     * tar's destination by other means. Nothing can be written through this tar afterwards.
     */
    void fileHeader(String name, long size) throws IOException {
        TarArchiveEntry entry = entry(name, 0100644);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
    }

    /** Writes the end-of-archive records; the underlying stream stays open. */
    void finish() throws IOException {
        tar.finish();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    private TarArchiveEntry entry(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(modTimeMillis);
        return entry;
    }
}
