package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of a layer's tar are pinned: they are hashed into the diff_id, the layer digest and so
 * the image digest, so no change of writer or library version may change them. The digests below
 * are those of the tars written by every version so far (Commons Compress, then until issue 16 the
 * plugin's own writer, checked byte for byte against Commons Compress, now Commons Compress again).
 */
class LayerTarWriterTest {
    private static final Instant TIME = Instant.parse("2023-11-14T22:13:20Z");
    private static final String EVERY_KIND = "1618e7d4f8abb05bbce0da00cd2f0f4a510f859e60b7845e6b3d02e8c3d0a9e4";
    private static final String MANY_ENTRIES = "c6364a29dd85954c7e339516111400a1ccce759770f342438f08f8ae3126e9fc";
    private static final String HEADERS_OVER_8_GIB =
            "420777431e6440b0e76864e8869f1ddf113e3146f8fd7ff239ce84b8b62e1300";

    @TempDir
    Path dir;

    @Test
    void everyKindOfEntryGivesThePinnedBytes() throws Exception {
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

        byte[] tar = ours(entries);

        assertThat(sha256(tar)).as("every kind of entry").isEqualTo(EVERY_KIND);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (LayerEntry entry : entries) {
                TarArchiveEntry read = in.getNextEntry();
                assertThat(read.getName()).isEqualTo(entry.type() == LayerEntry.Type.DIRECTORY
                        ? entry.path() + "/" : entry.path());
                assertThat(read.getMode() & 07777).isEqualTo(entry.mode());
                assertThat(read.getLongUserId()).isEqualTo(entry.uid());
                assertThat(read.getLongGroupId()).isEqualTo(entry.gid());
                assertThat(read.getSize()).isEqualTo(entry.size());
                assertThat(read.getLastModifiedTime().toInstant()).isEqualTo(entry.mtime());
                if (entry.type() == LayerEntry.Type.SYMLINK) {
                    assertThat(read.getLinkName()).isEqualTo(entry.linkTarget());
                }
            }
            assertThat(in.getNextEntry()).isNull();
        }
    }

    @Test
    void manyEntriesGiveThePinnedBytes() throws Exception {
        Random random = new Random(42);
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int size = random.nextInt(3000);
            entries.add(LayerEntry.file(String.format("many/%04d", i), 0644, 0, 0, TIME, file("m" + i, size), size));
        }

        assertThat(sha256(ours(entries))).as("400 files").isEqualTo(MANY_ENTRIES);
    }

    @Test
    void anEmptyLayerIsTwoZeroRecordsWithoutFurtherBlocking() throws Exception {
        assertThat(ours(List.of())).isEqualTo(new byte[1024]);
    }

    /** Only the headers are compared: the copy is stopped after the first 64 KiB of a sparse file. */
    @Test
    void headerOfAFileOver8GiBCarriesItsSizeInAPaxRecord() throws Exception {
        long size = 8L * 1024 * 1024 * 1024 + 1;
        Path sparse = dir.resolve("disk.img");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(size);
        }
        LayerEntry entry = LayerEntry.file("disk.img", 0644, 0, 0, TIME, sparse, size);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        OutputStream stopAfter64KiB = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                head.write(b, off, len);
                if (head.size() >= 64 * 1024) {
                    throw new IOException("enough");
                }
            }
        };

        assertThatThrownBy(() -> LayerTarWriter.write(List.of(entry), stopAfter64KiB)).hasMessage("enough");
        byte[] headers = Arrays.copyOf(head.toByteArray(), 3 * 512);
        assertThat(sha256(headers)).as("PAX header, its records and the ustar header").isEqualTo(HEADERS_OVER_8_GIB);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(head.toByteArray()))) {
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

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
