package io.github.scratchimage.layer;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes resolved entries as a reproducible tar: POSIX ustar headers with PAX records for long or
 * non-ASCII names and big numbers ({@link TarHeader}), numeric owners with empty user and group
 * names, whole-second mtimes, nothing from the host; two zero records at the end, no further
 * blocking.
 *
 * <p>Headers and file bytes go into one 64 KiB buffer (files are read straight into it), which is
 * handed on when full, so hashing and compression downstream run once per 64 KiB, and a layer of
 * many small files costs no more than the reads themselves.
 */
final class LayerTarWriter {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int used;

    private LayerTarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the whole archive (including the end-of-archive records) and closes {@code out}. */
    static void write(List<LayerEntry> entries, OutputStream out) throws IOException {
        try (out) {
            LayerTarWriter tar = new LayerTarWriter(out);
            for (LayerEntry entry : entries) {
                tar.put(TarHeader.encode(entry));
                if (entry.type() == LayerEntry.Type.FILE) {
                    tar.content(entry);
                }
            }
            tar.zeros(2 * TarHeader.RECORD);
            tar.flush();
        }
    }

    private void put(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            int n = Math.min(bytes.length - offset, BUFFER_SIZE - used);
            System.arraycopy(bytes, offset, buffer, used, n);
            advance(n);
            offset += n;
        }
    }

    private void zeros(int count) throws IOException {
        int left = count;
        while (left > 0) {
            int n = Math.min(left, BUFFER_SIZE - used);
            Arrays.fill(buffer, used, used + n, (byte) 0);
            advance(n);
            left -= n;
        }
    }

    /** Copies exactly the size seen when resolving, then pads to a whole record; a file that grew or shrank since is an error. */
    private void content(LayerEntry entry) throws IOException {
        long remaining = entry.size();
        try (InputStream in = open(entry.source())) {
            while (remaining > 0) {
                int read = in.read(buffer, used, (int) Math.min(BUFFER_SIZE - used, remaining));
                if (read < 0) {
                    throw changed(entry, "shrank to " + (entry.size() - remaining) + " bytes");
                }
                advance(read);
                remaining -= read;
            }
            if (in.read() >= 0) {
                throw changed(entry, "grew");
            }
        }
        zeros((int) ((TarHeader.RECORD - entry.size() % TarHeader.RECORD) % TarHeader.RECORD));
    }

    private void advance(int count) throws IOException {
        used += count;
        if (used == BUFFER_SIZE) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
    }

    /** A plain file stream where the default file system allows it: cheaper to open than a channel stream. */
    private static InputStream open(Path source) throws IOException {
        return source.getFileSystem() == FileSystems.getDefault()
                ? new FileInputStream(source.toFile())
                : Files.newInputStream(source);
    }

    private static IOException changed(LayerEntry entry, String what) {
        return new IOException(entry.source() + " changed while the layer was written (it had " + entry.size()
                + " bytes and " + what + "); do not modify files during the build");
    }
}
