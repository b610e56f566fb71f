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
    /**
     * Timestamps are coarse (a few milliseconds on Linux), so a file changed twice within one tick
     * keeps its ctime: stamps taken less than this long after their newest ctime may miss a change
     * that follows, and nothing may be remembered for them (as git treats "racily clean" entries).
     */
    public static final long SETTLED_MILLIS = 2_000;

    public FileStamp {
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(changed, "changed");
    }

    /**
     * Whether stamps whose newest ctime is {@code newestChangeMillis}, taken at {@code takenMillis}
     * (no later than the stat), are old enough to be remembered: see {@link #SETTLED_MILLIS}.
     */
    public static boolean settled(long newestChangeMillis, long takenMillis) {
        return newestChangeMillis <= takenMillis - SETTLED_MILLIS;
    }
}
