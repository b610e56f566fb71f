package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our tar writer against Apache Commons Compress's {@code TarArchiveOutputStream} in POSIX mode,
 * which wrote the layers before: the bytes must be the same, so that no layer digest changes.
 */
class LayerTarWriterTest {
    private static final Instant TIME = Instant.parse("2023-11-14T22:13:20Z");

    @TempDir
    Path dir;

    @Test
    void bytesAreThoseOfCommonsCompressForEveryKindOfEntry() throws Exception {
        List<LayerEntry> entries = new ArrayList<>();
        entries.add(LayerEntry.directory("app", 0755, 0, 0, TIME));
        int[] sizes = {0, 1, 511, 512, 513, 10_240, 65_535, 65_536, 65_537, 200_000};
        for (int size : sizes) {
            entries.add(LayerEntry.file("app/f" + size, 0644, 1000, 1000, TIME, file("f" + size, size), size));
        }
        entries.add(LayerEntry.file("app/setuid", 04755, 0, 0, TIME, file("s", 3), 3));
        entries.add(LayerEntry.symlink("app/link", 65532, 65533, TIME, "f1"));
        for (int length : new int[] {98, 99, 100, 101, 150, 155, 156, 250}) {
            String name = "a".repeat(length - 4) + "/x.y";
            entries.add(LayerEntry.file(name, 0600, 7, 8, TIME, file("n" + length, 17), 17));
            entries.add(LayerEntry.directory("d" + "b".repeat(length - 2), 0700, 0, 0, TIME));
            entries.add(LayerEntry.symlink("l" + length, 0, 0, TIME, "/t" + "c".repeat(length - 2)));
        }
        entries.add(LayerEntry.file("données/résumé.txt", 0644, 0, 0, TIME, file("r", 2), 2));
        entries.add(LayerEntry.file("é".repeat(60), 0644, 0, 0, TIME, file("e", 2), 2));
        entries.add(LayerEntry.file("emoji-😀-" + "z".repeat(96), 0644, 0, 0, TIME, file("z", 2), 2));
        entries.add(LayerEntry.symlink("to-accent", 0, 0, TIME, "données"));
        entries.add(LayerEntry.file("big-ids", 0644, 2_097_151, 2_097_152, TIME, file("i1", 5), 5));
        entries.add(LayerEntry.file("max-ids", 0644, Integer.MAX_VALUE, Integer.MAX_VALUE, TIME, file("i2", 5), 5));
        entries.add(LayerEntry.file("accent-é-and-a-big-uid", 0644, 3_000_000, 0, TIME,
                file("i3", 5), 5));
        entries.add(LayerEntry.file("long-and-big/" + "q".repeat(120), 0644, 3_000_000, 4_000_000, TIME,
                file("i4", 5), 5));
        entries.add(LayerEntry.directory("epoch", 0755, 0, 0, Instant.EPOCH));
        entries.add(LayerEntry.directory("before-1970", 0755, 0, 0, Instant.parse("1960-05-01T00:00:00Z")));
        entries.add(LayerEntry.directory("year-3000", 0755, 0, 0, Instant.parse("3000-01-01T00:00:00Z")));
        entries.add(LayerEntry.directory("beyond-octal", 0755, 0, 0, Instant.ofEpochSecond(077777777777L + 1)));
        entries.add(LayerEntry.symlink("link-" + "w".repeat(120), 0, 0, Instant.ofEpochSecond(-1),
                "target-" + "v".repeat(120)));

        assertSameBytes(ours(entries), commonsCompress(entries), "every kind");
    }

    @Test
    void manyEntriesCrossBufferAndBlockBoundariesTheSameWay() throws Exception {
        Random random = new Random(42);
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int size = random.nextInt(3000);
            entries.add(LayerEntry.file(String.format("many/%04d", i), 0644, 0, 0, TIME, file("m" + i, size), size));
        }
        for (int count : new int[] {0, 1, 7, 19, 20, 21, 400}) {
            List<LayerEntry> first = entries.subList(0, count);
            assertSameBytes(ours(first), commonsCompress(first), count + " entries");
        }
    }

    @Test
    void headerOfAFileOver8GiBCarriesItsSizeInAPaxRecord() throws Exception {
        long size = 8L * 1024 * 1024 * 1024 + 1;
        LayerEntry entry = LayerEntry.file("disk.img", 0644, 0, 0, TIME, dir.resolve("unused"), size);

        byte[] ours = TarHeader.encode(entry);
        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        TarArchiveOutputStream tar = referenceTar(theirs);
        tar.putArchiveEntry(reference(entry));
        tar.flush();

        assertSameBytes(ours, theirs.toByteArray(), "8 GiB header");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(
                concat(ours, new byte[512])))) {
            TarArchiveEntry read = in.getNextEntry();
            assertThat(read.getName()).isEqualTo("disk.img");
            assertThat(read.getSize()).isEqualTo(size);
        }
    }

    @Test
    void aFileThatShrankOrGrewSinceResolvingIsAnError() throws Exception {
        Path file = file("changing", 100);
        LayerEntry claimsMore = LayerEntry.file("changing", 0644, 0, 0, TIME, file, 101);
        LayerEntry claimsLess = LayerEntry.file("changing", 0644, 0, 0, TIME, file, 99);

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ours(List.of(claimsMore))))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("shrank");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ours(List.of(claimsLess))))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("grew");
    }

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size * 31L + name.hashCode()).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] ours(List<LayerEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerTarWriter.write(entries, out);
        return out.toByteArray();
    }

    /** The writer our layers came from before: Commons Compress in POSIX mode, UTF-8, empty owner names. */
    private static byte[] commonsCompress(List<LayerEntry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = referenceTar(out)) {
            for (LayerEntry entry : entries) {
                tar.putArchiveEntry(reference(entry));
                if (entry.type() == LayerEntry.Type.FILE) {
                    try (InputStream in = Files.newInputStream(entry.source())) {
                        in.transferTo(tar);
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return out.toByteArray();
    }

    private static TarArchiveOutputStream referenceTar(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    private static TarArchiveEntry reference(LayerEntry entry) {
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

    /** Equal bytes; else names the first differing offset and shows both sides there. */
    private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        int mismatch = Arrays.mismatch(actual, expected);
        if (mismatch >= 0) {
            int from = mismatch / 512 * 512;
            throw new AssertionError(what + ": " + actual.length + " bytes vs " + expected.length
                    + " expected; first difference at offset " + mismatch + "\nours:   " + show(actual, from)
                    + "\ntheirs: " + show(expected, from));
        }
    }

    private static String show(byte[] bytes, int from) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < Math.min(bytes.length, from + 512); i++) {
            int b = bytes[i] & 0xff;
            text.append(b >= 32 && b < 127 ? String.valueOf((char) b) : b == 0 ? "." : String.format("\\x%02x", b));
        }
        return text.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
