package io.github.scratchimage.layer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes the header records of one layer entry: a POSIX ustar header, preceded by a PAX extended
 * header ({@code typeflag 'x'}) when a value does not fit the ustar fields: a path or link target of
 * 100 bytes or more or with non-ASCII characters, an id above 07777777, a size or mtime outside
 * 0 to 077777777777. Owner and group names stay empty; device numbers are zero.
 *
 * <p>The layout is that of Apache Commons Compress's {@code TarArchiveOutputStream} in POSIX mode,
 * which wrote our layers before: numbers as zero-padded octal plus a space, the checksum as six
 * digits, NUL and space, a PAX header named {@code ./PaxHeaders.X/<name in 7 bits>} with mode
 * 0100644 and the entry's mtime, PAX records in the order path, uid, gid, size, linkpath, mtime (a
 * short non-ASCII path after the uid).
 * Layers written by earlier versions therefore keep their digests (a test compares both writers).
 */
final class TarHeader {
    static final int RECORD = 512;

    private static final int NAME_LENGTH = 100;
    private static final long MAX_ID = 07777777L;
    private static final long MAX_NUMBER = 077777777777L;
    private static final String PAX_PREFIX = "./PaxHeaders.X/";
    private static final byte[] MAGIC_AND_VERSION = {'u', 's', 't', 'a', 'r', 0, '0', '0'};

    private TarHeader() {
    }

    /** The records to write before the entry's content: one, or three and more with a PAX header. */
    static byte[] encode(LayerEntry entry) {
        String name = entry.type() == LayerEntry.Type.DIRECTORY ? entry.path() + "/" : entry.path();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String link = entry.linkTarget();
        byte[] linkBytes = link == null ? new byte[0] : link.getBytes(StandardCharsets.UTF_8);
        long mtime = entry.mtime().getEpochSecond();

        Map<String, String> pax = new LinkedHashMap<>(4);
        boolean longName = nameBytes.length >= NAME_LENGTH;
        if (longName) {
            pax.put("path", name);
        }
        putIfOutside(pax, "uid", entry.uid(), MAX_ID);
        if (!longName && !isAscii(name)) {
            pax.put("path", name);
        }
        putIfOutside(pax, "gid", entry.gid(), MAX_ID);
        putIfOutside(pax, "size", entry.size(), MAX_NUMBER);
        if (linkBytes.length >= NAME_LENGTH || (link != null && !isAscii(link))) {
            pax.put("linkpath", link);
        }
        putIfOutside(pax, "mtime", mtime, MAX_NUMBER);

        byte typeflag = switch (entry.type()) {
            case FILE -> '0';
            case DIRECTORY -> '5';
            case SYMLINK -> '2';
        };
        byte[] header = new byte[RECORD];
        ustar(header, nameBytes, entry.mode(), entry.uid(), entry.gid(), entry.size(), mtime, typeflag, linkBytes);
        if (pax.isEmpty()) {
            return header;
        }
        byte[] records = paxRecords(pax);
        int padded = (records.length + RECORD - 1) / RECORD * RECORD;
        byte[] out = new byte[RECORD + padded + RECORD];
        ustar(out, paxName(name), 0100644, 0, 0, records.length, within(mtime, MAX_NUMBER),
                (byte) 'x', new byte[0]);
        System.arraycopy(records, 0, out, RECORD, records.length);
        System.arraycopy(header, 0, out, RECORD + padded, RECORD);
        return out;
    }

    /** Writes one ustar header into {@code out[0..512)}, which is all zeros. */
    private static void ustar(byte[] out, byte[] name, int mode, long uid, long gid, long size, long mtime,
            byte typeflag, byte[] link) {
        System.arraycopy(name, 0, out, 0, truncated(name));
        octal(out, 100, 8, mode);
        octal(out, 108, 8, within(uid, MAX_ID));
        octal(out, 116, 8, within(gid, MAX_ID));
        octal(out, 124, 12, within(size, MAX_NUMBER));
        octal(out, 136, 12, within(mtime, MAX_NUMBER));
        out[156] = typeflag;
        System.arraycopy(link, 0, out, 157, truncated(link));
        System.arraycopy(MAGIC_AND_VERSION, 0, out, 257, MAGIC_AND_VERSION.length);
        octal(out, 329, 8, 0);
        octal(out, 337, 8, 0);
        long checksum = 8 * ' ';
        for (int i = 0; i < RECORD; i++) {
            if (i < 148 || i >= 156) {
                checksum += out[i] & 0xff;
            }
        }
        octal(out, 148, 7, checksum);
        out[154] = 0;
        out[155] = ' ';
    }

    /** {@code length - 1} zero-padded octal digits and a space (the checksum's last two bytes are set apart). */
    private static void octal(byte[] out, int offset, int length, long value) {
        int end = offset + length - 1;
        out[end] = ' ';
        long rest = value;
        for (int i = end - 1; i >= offset; i--) {
            out[i] = (byte) ('0' + (rest & 7));
            rest >>>= 3;
        }
    }

    /** How many bytes of a UTF-8 name fit the 100-byte field without cutting a character. */
    private static int truncated(byte[] utf8) {
        if (utf8.length <= NAME_LENGTH) {
            return utf8.length;
        }
        int end = NAME_LENGTH;
        while (end > 0 && (utf8[end] & 0xc0) == 0x80) {
            end--;
        }
        return end;
    }

    /** The PAX header's own name: the entry's name in 7 bits, '/', '\' and NUL as '_', below 100 bytes. */
    private static byte[] paxName(String name) {
        StringBuilder result = new StringBuilder(PAX_PREFIX.length() + name.length()).append(PAX_PREFIX);
        for (int i = 0; i < name.length(); i++) {
            char c = (char) (name.charAt(i) & 0x7f);
            result.append(c == 0 || c == '/' || c == '\\' ? '_' : c);
        }
        String paxName = result.length() >= NAME_LENGTH ? result.substring(0, NAME_LENGTH - 1) : result.toString();
        return paxName.getBytes(StandardCharsets.US_ASCII);
    }

    /** Records "LENGTH key=value\n", where LENGTH counts the whole record's UTF-8 bytes, itself included. */
    private static byte[] paxRecords(Map<String, String> pax) {
        StringBuilder records = new StringBuilder();
        pax.forEach((key, value) -> {
            int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
            int length = body + 1;
            while (length != body + String.valueOf(length).length()) {
                length = body + String.valueOf(length).length();
            }
            records.append(length).append(' ').append(key).append('=').append(value).append('\n');
        });
        return records.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value, or 0 when the field cannot hold it (a PAX record then carries it). */
    private static long within(long value, long max) {
        return value < 0 || value > max ? 0 : value;
    }

    private static void putIfOutside(Map<String, String> pax, String key, long value, long max) {
        if (value < 0 || value > max) {
            pax.put(key, Long.toString(value));
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
