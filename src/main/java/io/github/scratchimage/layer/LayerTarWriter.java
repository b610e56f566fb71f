package io.github.scratchimage.layer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes resolved entries as a reproducible tar: POSIX (PAX) long names and big numbers, UTF-8,
 * numeric owners with empty user and group names, whole-second mtimes, nothing from the host.
 */
final class LayerTarWriter {
    private static final int BUFFER_SIZE = 64 * 1024;

    private LayerTarWriter() {
    }

    /** Writes the whole archive (including the end-of-archive records) and closes {@code out}. */
    static void write(List<LayerEntry> entries, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        // The tar stream writes 512-byte records one by one; the buffer hands them on in large chunks,
        // so hashing and compression downstream run once per 64 KiB instead of once per record.
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(out, BUFFER_SIZE),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (LayerEntry entry : entries) {
                tar.putArchiveEntry(header(entry));
                if (entry.type() == LayerEntry.Type.FILE) {
                    copy(entry, tar, buffer);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static TarArchiveEntry header(LayerEntry entry) {
        TarArchiveEntry header = switch (entry.type()) {
            case DIRECTORY -> new TarArchiveEntry(entry.path() + "/", TarConstants.LF_DIR);
            case FILE -> new TarArchiveEntry(entry.path(), TarConstants.LF_NORMAL);
            case SYMLINK -> new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
        };
        if (entry.type() == LayerEntry.Type.SYMLINK) {
            header.setLinkName(entry.linkTarget());
        }
        header.setMode(entry.mode());
        header.setUserId(entry.uid());
        header.setGroupId(entry.gid());
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(entry.mtime().getEpochSecond() * 1000L);
        header.setSize(entry.size());
        return header;
    }

    /** Copies exactly the size seen when resolving; a file that grew or shrank since is an error. */
    private static void copy(LayerEntry entry, OutputStream tar, byte[] buffer) throws IOException {
        long remaining = entry.size();
        try (InputStream in = Files.newInputStream(entry.source())) {
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    throw changed(entry, "shrank to " + (entry.size() - remaining) + " bytes");
                }
                tar.write(buffer, 0, read);
                remaining -= read;
            }
            if (in.read() >= 0) {
                throw changed(entry, "grew");
            }
        }
    }

    private static IOException changed(LayerEntry entry, String what) {
        return new IOException(entry.source() + " changed while the layer was written (it had " + entry.size()
                + " bytes and " + what + "); do not modify files during the build");
    }
}
