package io.github.scratchimage.layer;

import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What one stat said about a source file, enough to tell later whether it may have changed: device,
 * inode, size, modification time and change time (ctime). The ctime is the part that cannot be
 * forged: the kernel sets it to the current time on every change, and no system call sets it to a
 * chosen value, so a file rewritten with its old mtime and size still gets a new stamp.
 */
public record FileStamp(long device, long inode, long size, FileTime modified, FileTime changed) {
    public FileStamp {
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(changed, "changed");
    }
}
