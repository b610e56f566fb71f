package io.github.scratchimage.build;

import io.github.scratchimage.layer.FileStamp;
import java.util.Arrays;

/**
 * Everything an image is built from, as exact bytes: the plan's image settings, each layer's files
 * with their on-disk stamps (device, inode, size, mtime, ctime), the layer options that change
 * bytes, and the engine's own code. Two builds with equal input states build the same image, so a
 * caller may keep what the last one gave (see {@code output.PushRecord}) instead of building again.
 * Compared as bytes, never by a hash alone.
 */
public final class InputState {
    private final byte[] bytes;
    private final long newestChangeMillis;
    private final long takenMillis;

    InputState(byte[] bytes, long newestChangeMillis, long takenMillis) {
        this.bytes = bytes.clone();
        this.newestChangeMillis = newestChangeMillis;
        this.takenMillis = takenMillis;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether {@code other} holds exactly these bytes. */
    public boolean matches(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /**
     * Whether every file changed at least {@link FileStamp#SETTLED_MILLIS} before the state was
     * taken; a state that is not settled must not be remembered (the rule of the layer cache's
     * file-state memo).
     */
    public boolean settled() {
        return FileStamp.settled(newestChangeMillis, takenMillis);
    }
}
