package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The exact bytes that stand for an on-disk state: entries' metadata and their files' stamps, plus
 * whatever else a caller adds. Strings are length-prefixed and numbers take eight bytes, big-endian,
 * so no two different sequences of values give the same bytes. Compared as they are, or hashed into
 * a cache record's name. Not thread-safe.
 */
public final class StateBytes {
    private byte[] bytes = new byte[8192];
    private int used;
    /** The latest ctime among the files added, in epoch milliseconds. */
    private long newestChange = Long.MIN_VALUE;

    public StateBytes text(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public StateBytes number(long value) {
        ensure(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[used++] = (byte) (value >>> shift);
        }
        return this;
    }

    public StateBytes instant(Instant instant) {
        return number(instant.getEpochSecond()).number(instant.getNano());
    }

    /** Adds already encoded bytes, length first. */
    public StateBytes bytes(byte[] value) {
        number(value.length);
        append(value);
        return this;
    }

    /**
     * Adds every entry's metadata (a hard link's target too, so a changed link structure is another
     * state) and every file's device, inode, size, mtime and ctime; false when a
     * file has no stamp (a file system without the {@code unix} view), and then there is no state.
     */
    public boolean entries(List<LayerEntry> entries) {
        for (LayerEntry entry : entries) {
            text(entry.path());
            text(entry.type().name());
            number(entry.mode());
            number(entry.uid());
            number(entry.gid());
            number(entry.mtime().getEpochSecond());
            text(entry.linkTarget() == null ? "" : entry.linkTarget());
            number(entry.size());
            if (entry.type().hasSource()) {
                FileStamp stamp = entry.stamp();
                if (stamp == null) {
                    return false;
                }
                Path source = entry.source();
                text((source.isAbsolute() ? source : source.toAbsolutePath()).toString());
                number(stamp.device());
                number(stamp.inode());
                number(stamp.size());
                fileTime(stamp.modified());
                fileTime(stamp.changed());
                newestChange = Math.max(newestChange, stamp.changed().toMillis());
            }
        }
        return true;
    }

    /**
     * Adds the entries of {@code state} exactly as {@link #entries(List)} adds them, from the bytes
     * computed once (see {@link EntryStates}).
     */
    public StateBytes entries(EntriesState state) {
        append(state.bytes());
        newestChange = Math.max(newestChange, state.newestChangeMillis());
        return this;
    }

    /** The latest ctime among the files added so far, in epoch milliseconds ({@link Long#MIN_VALUE}: none). */
    public long newestChangeMillis() {
        return newestChange;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, used);
    }

    Digest sha256() {
        java.security.MessageDigest sha256 = Digest.newSha256();
        sha256.update(bytes, 0, used);
        return Digest.fromSha256(sha256.digest());
    }

    private void fileTime(FileTime time) {
        instant(time.toInstant());
    }

    /** Adds {@code more} as it is, without its length. */
    private void append(byte[] more) {
        ensure(more.length);
        System.arraycopy(more, 0, bytes, used, more.length);
        used += more.length;
    }

    private void ensure(int more) {
        if (used + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + more));
        }
    }
}
