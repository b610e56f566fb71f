package io.github.scratchimage.engine;

import io.github.scratchimage.layer.FileStamp;
import java.io.IOException;
import java.io.OutputStream;
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

    /** @param bytes owned from now on: the caller passes a fresh array and keeps no reference */
    InputState(byte[] bytes, long newestChangeMillis, long takenMillis) {
        this.bytes = bytes;
        this.newestChangeMillis = newestChangeMillis;
        this.takenMillis = takenMillis;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether {@code other} holds exactly these bytes. */
    public boolean matches(byte[] other) {
        return matches(other, 0);
    }

    /** Whether {@code other}, from index {@code from} to its end, holds exactly these bytes. */
    public boolean matches(byte[] other, int from) {
        return Arrays.equals(bytes, 0, bytes.length, other, from, other.length);
    }

    /** Writes the bytes to {@code out}, without a copy (a state may take megabytes). */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
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
