package io.github.scratchimage.layer;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;

/**
 * The one stat the resolver makes of each source path: its kind, size, owner-execute bit and, where
 * the file system has the {@code unix} attribute view (Linux, macOS), its {@link FileStamp}, which
 * the cache's file-state memo uses later instead of a second stat, and its link count.
 *
 * @param stamp     null where the file system has no {@code unix} view (then no file-state memo)
 * @param linkCount the number of hard links to the file (1 where the file system cannot tell)
 */
record SourceStat(Kind kind, long size, boolean ownerExecutable, FileStamp stamp, int linkCount) {
    private static final String UNIX_ATTRIBUTES = "unix:mode,dev,ino,nlink,size,lastModifiedTime,ctime";
    private static final int TYPE_BITS = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMBOLIC_LINK = 0120000;
    private static final int OWNER_EXECUTE = 0100;

    /** What a path is. */
    enum Kind {
        FILE, DIRECTORY, SYMBOLIC_LINK, OTHER
    }

    /** Stats {@code path} once ({@code lstat} with {@link LinkOption#NOFOLLOW_LINKS}). */
    static SourceStat of(Path path, LinkOption... options) throws IOException {
        if (hasUnixView(path.getFileSystem())) {
            Map<String, Object> unix = Files.readAttributes(path, UNIX_ATTRIBUTES, options);
            int mode = (Integer) unix.get("mode");
            long size = (Long) unix.get("size");
            FileStamp stamp = new FileStamp((Long) unix.get("dev"), (Long) unix.get("ino"), size,
                    (FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime"));
            return new SourceStat(kind(mode & TYPE_BITS), size, (mode & OWNER_EXECUTE) != 0, stamp,
                    (Integer) unix.get("nlink"));
        }
        BasicFileAttributes attributes;
        boolean executable;
        try {
            PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, options);
            attributes = posix;
            executable = posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException notPosix) {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, options);
            executable = attributes.isRegularFile() && Files.isExecutable(path);
        }
        Kind kind = attributes.isSymbolicLink() ? Kind.SYMBOLIC_LINK : attributes.isDirectory() ? Kind.DIRECTORY
                : attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
        return new SourceStat(kind, attributes.size(), executable, null, 1);
    }

    /** Whether the file has other names too (hard links), and the file system can tell which file it is. */
    boolean hardLinked() {
        return linkCount > 1 && stamp != null;
    }

    private static boolean hasUnixView(FileSystem fileSystem) {
        return fileSystem.supportedFileAttributeViews().contains("unix");
    }

    private static Kind kind(int type) {
        return switch (type) {
            case REGULAR -> Kind.FILE;
            case DIRECTORY -> Kind.DIRECTORY;
            case SYMBOLIC_LINK -> Kind.SYMBOLIC_LINK;
            default -> Kind.OTHER;
        };
    }
}
