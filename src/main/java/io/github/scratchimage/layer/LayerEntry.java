package io.github.scratchimage.layer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One resolved entry of a layer, exactly as it goes into the tar.
 *
 * @param path       path in the image, relative, without leading or trailing slash (e.g. {@code usr/local/bin/app})
 * @param type       what the entry is
 * @param mode       permission bits (0 to 07777), without the file-type bits
 * @param uid        numeric owner
 * @param gid        numeric group
 * @param mtime      modification time written to the tar (whole seconds)
 * @param source     the file whose bytes are written (FILE), or the file a HARDLINK stands for; else null
 * @param linkTarget the link text (SYMLINK), or the image path (no leading slash) of the FILE entry a
 *                   HARDLINK links to, earlier in the same layer; else null
 * @param size       the byte count of a FILE's (or a HARDLINK's) source as seen when resolved (0 for
 *                   others); a HARDLINK's tar header has size 0
 * @param stamp      what the resolver's stat said about the source (null for others, and where the
 *                   file system cannot tell), for the cache's file-state memo; not written to the tar
 */
public record LayerEntry(String path, Type type, int mode, int uid, int gid, Instant mtime, Path source,
        String linkTarget, long size, FileStamp stamp) {

    /** The kinds of tar entries a layer holds. */
    public enum Type {
        DIRECTORY, FILE, SYMLINK,
        /** A tar hard link to an earlier FILE entry of the same layer: the same source file (inode). */
        HARDLINK;

        /** Whether an entry of this type stands for the bytes of a source file. */
        public boolean hasSource() {
            return this == FILE || this == HARDLINK;
        }
    }

    public LayerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("entry path must be relative without leading or trailing slash: " + path);
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
        if (type.hasSource() != (source != null)) {
            throw new IllegalArgumentException("a FILE or HARDLINK entry (and only those) has a source: " + path);
        }
        if ((type == Type.SYMLINK || type == Type.HARDLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("a SYMLINK or HARDLINK entry (and only those) has a link target: "
                    + path);
        }
        if (size < 0 || (!type.hasSource() && size != 0)) {
            throw new IllegalArgumentException("bad size " + size + " for " + path);
        }
        if (stamp != null && !type.hasSource()) {
            throw new IllegalArgumentException("only a FILE or HARDLINK entry has a stamp: " + path);
        }
    }

    public static LayerEntry directory(String path, int mode, int uid, int gid, Instant mtime) {
        return new LayerEntry(path, Type.DIRECTORY, mode, uid, gid, mtime, null, null, 0, null);
    }

    /** A file entry without a stamp: the file-state memo never answers for a layer holding it. */
    public static LayerEntry file(String path, int mode, int uid, int gid, Instant mtime, Path source, long size) {
        return file(path, mode, uid, gid, mtime, source, size, null);
    }

    public static LayerEntry file(String path, int mode, int uid, int gid, Instant mtime, Path source, long size,
            FileStamp stamp) {
        return new LayerEntry(path, Type.FILE, mode, uid, gid, mtime, source, null, size, stamp);
    }

    public static LayerEntry symlink(String path, int uid, int gid, Instant mtime, String linkTarget) {
        return new LayerEntry(path, Type.SYMLINK, 0777, uid, gid, mtime, null, linkTarget, 0, null);
    }

    /** This FILE entry as a hard link to the FILE entry at {@code firstPath} (same source, mode and owner). */
    public LayerEntry hardLinkTo(String firstPath) {
        if (type != Type.FILE) {
            throw new IllegalStateException("only a FILE entry becomes a hard link: " + path);
        }
        return new LayerEntry(path, Type.HARDLINK, mode, uid, gid, mtime, source, firstPath, size, stamp);
    }

    /** A HARDLINK as a full copy of its file (for a layer that does not hold the linked entry); else itself. */
    public LayerEntry asCopy() {
        return type == Type.HARDLINK ? file(path, mode, uid, gid, mtime, source, size, stamp) : this;
    }
}
