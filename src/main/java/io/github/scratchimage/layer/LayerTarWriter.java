package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.LayerFile;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes resolved entries as a reproducible tar with Apache Commons Compress's
 * {@code TarArchiveOutputStream} in POSIX mode, the plugin's one tar writer (the image tarball's
 * {@code ReproducibleTar} uses it too): ustar headers with PAX records for long or non-ASCII names
 * and big numbers, numeric owners with empty user and group names, whole-second mtimes, nothing
 * from the host; two zero records at the end, no further blocking.
 *
 * <p>The bytes are those of every earlier version (the plugin's own header writer, used until
 * issue 16, wrote the same), so no layer digest changed; {@code LayerTarWriterTest} pins them, so an
 * upgrade of the library that would change them fails there.
 */
final class LayerTarWriter {
    private static final int BUFFER_SIZE = 64 * 1024;

    private LayerTarWriter() {
    }

    /** Writes the whole archive (including the end-of-archive records) and closes {@code out}. */
    static void write(List<LayerEntry> entries, OutputStream out) throws IOException {
        write(entries, out, null);
    }

    /**
     * As {@link #write(List, OutputStream)}, and when {@code files} is not null adds each regular
     * file to it with the SHA-1 and SHA-256 of its bytes, hashed as they are copied into the tar.
     */
    static void write(List<LayerEntry> entries, OutputStream out, List<LayerFile> files) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(out, BUFFER_SIZE),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            byte[] buffer = new byte[BUFFER_SIZE];
            for (LayerEntry entry : entries) {
                tar.putArchiveEntry(header(entry));
                if (entry.type() == LayerEntry.Type.FILE) {
                    if (files == null) {
                        content(entry, tar, buffer);
                    } else {
                        FileHashes hashes = new FileHashes(tar);
                        content(entry, hashes, buffer);
                        files.add(hashes.file(entry.path()));
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /** Passes bytes on to the tar while hashing them with SHA-1 and SHA-256. */
    private static final class FileHashes extends FilterOutputStream {
        private final MessageDigest sha1;
        private final MessageDigest sha256 = Digest.newSha256();

        FileHashes(OutputStream tar) {
            super(tar);
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java has SHA-1", e);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            sha1.update(bytes, offset, length);
            sha256.update(bytes, offset, length);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        LayerFile file(String path) {
            return new LayerFile(path, HexFormat.of().formatHex(sha1.digest()), HexFormat.of().formatHex(sha256.digest()));
        }
    }

    private static TarArchiveEntry header(LayerEntry entry) {
        TarArchiveEntry header = switch (entry.type()) {
            case DIRECTORY -> new TarArchiveEntry(entry.path() + "/", TarConstants.LF_DIR);
            case FILE -> new TarArchiveEntry(entry.path(), TarConstants.LF_NORMAL);
            case SYMLINK -> new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
            case HARDLINK -> new TarArchiveEntry(entry.path(), TarConstants.LF_LINK);
        };
        if (entry.linkTarget() != null) {
            header.setLinkName(entry.linkTarget());
        }
        header.setMode(entry.mode());
        header.setUserId(entry.uid());
        header.setGroupId(entry.gid());
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(entry.mtime().getEpochSecond() * 1000L);
        header.setSize(entry.type() == LayerEntry.Type.FILE ? entry.size() : 0);
        return header;
    }

    /** Copies exactly the size seen when resolving; a file that grew or shrank since is an error. */
    private static void content(LayerEntry entry, OutputStream tar, byte[] buffer) throws IOException {
        long remaining = entry.size();
        try (InputStream in = open(entry.source())) {
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
