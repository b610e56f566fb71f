package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.LayerResolverTest.spec;
import static io.github.scratchimage.layer.LayerResolverTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.InvalidImageException;
import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.testing.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerBuilderTest {
    static final Instant TIME = Instant.parse("2023-11-14T22:13:20Z");
    static final String LONG_NAME = "very-long-directory-name-".repeat(3) + "/" + "x".repeat(120) + ".txt";

    @TempDir
    Path dir;

    LayerBuilder builder(Path blobs) {
        return new LayerBuilder(blobs, new LayerOptions(6, 1, null), BuildLog.NONE);
    }

    /** A tree with every kind of entry; {@code reversed} creates it in the opposite order. */
    static Path tree(Path root, boolean reversed, FileTime mtime) throws IOException {
        List<String[]> files = new ArrayList<>(List.of(
                new String[] {"bin/app", "#!/bin/sh\necho hi\n"},
                new String[] {"etc/app.conf", "a=1\n"},
                new String[] {"données/résumé.txt", "é"},
                new String[] {LONG_NAME, "long"},
                new String[] {"z/deep/er/file", "z"}));
        if (reversed) {
            java.util.Collections.reverse(files);
        }
        if (reversed) {
            Files.createDirectories(root.resolve("var/empty"));
        }
        for (String[] file : files) {
            Path path = write(root.resolve(file[0]), file[1]);
            Files.setLastModifiedTime(path, mtime);
        }
        if (!reversed) {
            Files.createDirectories(root.resolve("var/empty"));
        }
        Files.setPosixFilePermissions(root.resolve("bin/app"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("bin/sh-link"), Path.of("app"));
        Files.createSymbolicLink(root.resolve("long-link"), Path.of("/" + LONG_NAME));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                if (!Files.isSymbolicLink(path)) {
                    Files.setLastModifiedTime(path, mtime);
                }
            }
        }
        return root;
    }

    static LayerSpec layerOf(Path root) {
        FileSpec files = new FileSpec(root, "/opt/app", null, null, 65532, 65533, null, null,
                "layers/layer[1]/files/file[1]");
        return new LayerSpec("app", List.of(files), "layers/layer[1]");
    }

    static List<TarArchiveEntry> readEntries(Path layer) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(layer)),
                StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** Runs {@code command} in {@code workDir} and returns its standard output; fails unless it exits with 0. */
    static byte[] run(Path workDir, String... command) {
        ProcessRunner.Result result = ProcessRunner.create().withTimeout(Duration.ofMinutes(10)).inDirectory(workDir)
                .run(command);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.output();
    }

    @Test
    void digestsSizeAndFileNameMatchTheBytes() throws Exception {
        BuiltLayer layer = builder(dir.resolve("blobs")).build(layerOf(tree(dir.resolve("src"), false,
                FileTime.from(Instant.now()))), TIME);

        byte[] compressed = Files.readAllBytes(layer.file());
        assertThat(layer.name()).isEqualTo("app");
        assertThat(layer.file()).isEqualTo(dir.resolve("blobs").resolve(layer.digest().encoded()));
        assertThat(layer.size()).isEqualTo(compressed.length);
        assertThat(layer.digest()).isEqualTo(Digest.sha256(compressed));
        byte[] tar = run(dir, "gzip", "-dc", layer.file().toString());
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(tar.length % 512).isZero();
        try (Stream<Path> blobs = Files.list(dir.resolve("blobs"))) {
            assertThat(blobs).containsExactly(layer.file());
        }
    }

    @Test
    void bytesDoNotDependOnMtimesCreationOrderBuildDirectoryOrUser() throws Exception {
        String user = System.getProperty("user.name");
        BuiltLayer first;
        BuiltLayer second;
        try {
            System.setProperty("user.name", "alice");
            first = builder(dir.resolve("one/blobs")).build(layerOf(tree(dir.resolve("one/src"), false,
                    FileTime.from(Instant.parse("2001-01-01T00:00:00Z")))), TIME);
            System.setProperty("user.name", "bob");
            second = builder(dir.resolve("two/other/blobs")).build(layerOf(tree(dir.resolve("two/elsewhere/src"), true,
                    FileTime.from(Instant.parse("2030-06-15T12:34:56Z")))), TIME);
        } finally {
            System.setProperty("user.name", user);
        }
        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.diffId()).isEqualTo(first.diffId());

        BuiltLayer laterTime = builder(dir.resolve("three")).build(layerOf(dir.resolve("one/src")),
                TIME.plusSeconds(1));
        assertThat(laterTime.diffId()).isNotEqualTo(first.diffId());
    }

    @Test
    void headersCarryPathsTypesModesOwnersAndLinks() throws Exception {
        BuiltLayer layer = builder(dir.resolve("blobs")).build(layerOf(tree(dir.resolve("src"), false,
                FileTime.from(Instant.now()))), TIME);

        List<TarArchiveEntry> entries = readEntries(layer.file());
        List<String> listing = entries.stream().map(e -> (e.isDirectory() ? "d " : e.isSymbolicLink() ? "l " : "f ")
                + e.getName() + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + ":"
                + e.getLongGroupId() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : "")
                + (e.isFile() && !e.isSymbolicLink() ? " " + e.getSize() : "")).toList();
        String longDirectory = "opt/app/" + LONG_NAME.substring(0, LONG_NAME.indexOf('/'));
        assertThat(listing).containsExactly(
                "d opt/ 755 0:0",
                "d opt/app/ 755 65532:65533",
                "d opt/app/bin/ 755 65532:65533",
                "f opt/app/bin/app 755 65532:65533 18",
                "l opt/app/bin/sh-link 777 65532:65533 -> app",
                "d opt/app/données/ 755 65532:65533",
                "f opt/app/données/résumé.txt 644 65532:65533 2",
                "d opt/app/etc/ 755 65532:65533",
                "f opt/app/etc/app.conf 644 65532:65533 4",
                "l opt/app/long-link 777 65532:65533 -> /" + LONG_NAME,
                "d opt/app/var/ 755 65532:65533",
                "d opt/app/var/empty/ 755 65532:65533",
                "d " + longDirectory + "/ 755 65532:65533",
                "f opt/app/" + LONG_NAME + " 644 65532:65533 4",
                "d opt/app/z/ 755 65532:65533",
                "d opt/app/z/deep/ 755 65532:65533",
                "d opt/app/z/deep/er/ 755 65532:65533",
                "f opt/app/z/deep/er/file 644 65532:65533 1");
        assertThat(("opt/app/" + LONG_NAME).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(100);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getGroupName()).isEmpty();
            assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(TIME);
            assertThat(e.getExtraPaxHeaders()).doesNotContainKeys("atime", "ctime", "LIBARCHIVE.creationtime");
        });
    }

    @Test
    void gnuTarReadsTheLayer() throws Exception {
        BuiltLayer layer = builder(dir.resolve("blobs")).build(layerOf(tree(dir.resolve("src"), false,
                FileTime.from(Instant.now()))), TIME);

        String listing = new String(run(dir, "tar", "--warning=no-unknown-keyword", "--numeric-owner", "-tvzf",
                layer.file().toString()), StandardCharsets.UTF_8);
        assertThat(listing).contains("opt/app/" + LONG_NAME, "opt/app/données/résumé.txt",
                "opt/app/bin/sh-link -> app", "65532/65533", "-rwxr-xr-x", "drwxr-xr-x", "opt/app/var/empty/",
                "2023-11-14 22:13");

        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        run(unpacked, "tar", "--warning=no-unknown-keyword", "-xzf", layer.file().toString());
        assertThat(Files.readString(unpacked.resolve("opt/app/" + LONG_NAME))).isEqualTo("long");
        assertThat(Files.readSymbolicLink(unpacked.resolve("opt/app/bin/sh-link"))).isEqualTo(Path.of("app"));
        assertThat(Files.isDirectory(unpacked.resolve("opt/app/var/empty"))).isTrue();
    }

    /**
     * The tar of a sparse file over 8 GiB (the ustar size limit) streamed straight into GNU tar, with
     * the first bytes kept to read the header back with commons-compress. Compressing 8 GiB would
     * only add minutes: the gzip stage does not look at the tar.
     */
    @Test
    void fileLargerThan8GiBIsWrittenWithPaxSize() throws Exception {
        Path root = Files.createDirectories(dir.resolve("big"));
        long size = 8L * 1024 * 1024 * 1024 + 4097;
        try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("disk.img").toFile(), "rw")) {
            sparse.setLength(size);
        }
        write(root.resolve("zz-after"), "after");
        List<LayerEntry> entries = LayerResolver.resolve(new LayerSpec("big", List.of(spec(1, root, "/data")),
                "layers/layer[1]"), TIME);

        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ProcessRunner.Result tar = ProcessRunner.create().withTimeout(Duration.ofMinutes(5))
                .run(List.of("tar", "--warning=no-unknown-keyword", "-tvf", "-"), stdin -> {
                    try (java.io.OutputStream toTar = new java.io.BufferedOutputStream(stdin, 1 << 20)) {
                        LayerTarWriter.write(entries, new java.io.FilterOutputStream(toTar) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                if (head.size() < 8192) {
                                    head.write(b, off, Math.min(len, 8192 - head.size()));
                                }
                                out.write(b, off, len);
                            }
                        });
                    }
                });
        assertThat(tar.exitCode()).as(tar.describe()).isZero();

        try (TarArchiveInputStream headers = new TarArchiveInputStream(new java.io.ByteArrayInputStream(head.toByteArray()))) {
            assertThat(headers.getNextEntry().getName()).isEqualTo("data/");
            TarArchiveEntry big = headers.getNextEntry();
            assertThat(big.getName()).isEqualTo("data/disk.img");
            assertThat(big.getSize()).isEqualTo(size);
        }
        String text = tar.stdout();
        assertThat(text).contains(" " + size + " ", "data/disk.img", "data/zz-after");
    }

    @Test
    void fileChangingSizeAfterResolvingIsAnError() throws Exception {
        Path file = write(dir.resolve("src/log.txt"), "12345");
        LayerSpec spec = new LayerSpec("logs", List.of(spec(1, file, "/log.txt")), "layers/layer[1]");
        List<LayerEntry> entries = LayerResolver.resolve(spec, TIME);
        LayerBuilder builder = builder(dir.resolve("blobs"));

        Files.writeString(file, "123456789");
        assertThatThrownBy(() -> builder.build("logs", entries))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("changed");
        Files.writeString(file, "12");
        assertThatThrownBy(() -> builder.build("logs", entries))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("changed");
        try (Stream<Path> left = Files.list(dir.resolve("blobs"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void badInputFailsBeforeAnythingIsWritten() throws Exception {
        Path blobs = dir.resolve("blobs");
        Path good = write(dir.resolve("good"), "x");
        LayerSpec spec = new LayerSpec("bad", List.of(spec(1, good, "/good"), spec(2, dir.resolve("missing"), "/m")),
                "layers/layer[1]");

        assertThatThrownBy(() -> builder(blobs).build(spec, TIME))
                .isInstanceOfSatisfying(InvalidImageException.class,
                        e -> assertThat(e.field() + " " + e.origin()).isEqualTo("SOURCE layers/layer[1]/files/file[2]"));
        assertThat(blobs).doesNotExist();
    }

    @Test
    void buildingTheSameLayerTwiceKeepsOneBlob() throws Exception {
        Path blobs = dir.resolve("blobs");
        LayerSpec spec = layerOf(tree(dir.resolve("src"), false, FileTime.from(Instant.now())));
        BuiltLayer first = builder(blobs).build(spec, TIME);
        BuiltLayer second = builder(blobs).build(spec, TIME);

        assertThat(second).isEqualTo(first);
        try (Stream<Path> left = Files.list(blobs)) {
            assertThat(left).containsExactly(first.file());
        }
    }

    @Test
    void layerBytesDoNotDependOnThreadCount() throws Exception {
        Path root = Files.createDirectories(dir.resolve("src"));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 12; i++) {
            byte[] data = new byte[100_000 + i * 37_000];
            random.nextBytes(data);
            Files.write(root.resolve("file" + i), data);
        }
        LayerSpec spec = layerOf(root);
        BuiltLayer one = new LayerBuilder(dir.resolve("b1"), new LayerOptions(6, 1, null), BuildLog.NONE).build(spec, TIME);
        BuiltLayer two = new LayerBuilder(dir.resolve("b2"), new LayerOptions(6, 2, null), BuildLog.NONE).build(spec, TIME);
        BuiltLayer eight = new LayerBuilder(dir.resolve("b8"), new LayerOptions(6, 8, null), BuildLog.NONE)
                .build(spec, TIME);

        assertThat(two.digest()).isEqualTo(one.digest());
        assertThat(eight.digest()).isEqualTo(one.digest());
        assertThat(Files.readAllBytes(eight.file())).isEqualTo(Files.readAllBytes(one.file()));
        assertThat(Digest.sha256(run(dir, "gzip", "-dc", eight.file().toString()))).isEqualTo(eight.diffId());
    }

    @Test
    void emptyLayerIsAValidTar() throws Exception {
        BuiltLayer layer = builder(dir.resolve("blobs")).build("empty", List.of());
        assertThat(readEntries(layer.file())).isEmpty();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(run(dir, "gzip", "-dc", layer.file().toString()));
        assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar.toByteArray()));
    }

    /** A hard link is a tar link entry, listed by GNU tar as "link to" and unpacked as one inode. */
    @Test
    void hardLinksAreWrittenAsTarLinksThatGnuTarRestores() throws Exception {
        Path data = write(dir.resolve("src/bin/tool"), "#!/bin/sh\necho hi\n");
        Files.createLink(dir.resolve("src/bin/alias"), data);
        FileSpec files = new FileSpec(dir.resolve("src"), "/opt", null, null, 0, 0, null, null,
                "layers/layer[1]/files/file[1]");

        BuiltLayer layer = builder(dir.resolve("blobs")).build(
                new LayerSpec("app", List.of(files), "layers/layer[1]"), TIME);

        List<TarArchiveEntry> entries = readEntries(layer.file());
        TarArchiveEntry alias = entries.get(2);
        assertThat(alias.getName()).isEqualTo("opt/bin/alias");
        assertThat(alias.isFile()).isTrue();
        assertThat(alias.getSize()).isEqualTo(18);
        TarArchiveEntry tool = entries.get(3);
        assertThat(tool.getName()).isEqualTo("opt/bin/tool");
        assertThat(tool.isLink()).isTrue();
        assertThat(tool.getLinkName()).isEqualTo("opt/bin/alias");
        assertThat(tool.getSize()).isZero();
        String listing = new String(run(dir, "tar", "--warning=no-unknown-keyword", "-tvzf",
                layer.file().toString()), StandardCharsets.UTF_8);
        assertThat(listing).contains("opt/bin/tool link to opt/bin/alias");
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        run(unpacked, "tar", "--warning=no-unknown-keyword", "-xzf", layer.file().toString());
        assertThat(Files.isSameFile(unpacked.resolve("opt/bin/alias"), unpacked.resolve("opt/bin/tool"))).isTrue();
        assertThat(Files.readString(unpacked.resolve("opt/bin/tool"))).isEqualTo("#!/bin/sh\necho hi\n");
    }

    /** The compressed bytes are counted as they are written, for the engine's progress lines. */
    @Test
    void theCompressedBytesAreCountedAsTheyAreWritten() throws Exception {
        java.util.concurrent.atomic.AtomicLong counted = new java.util.concurrent.atomic.AtomicLong();
        LayerBuilder builder = new LayerBuilder(dir.resolve("blobs"), new LayerOptions(6, 2, null), BuildLog.NONE,
                counted::addAndGet, new EntryStates());

        BuiltLayer layer = builder.build(layerOf(tree(dir.resolve("src"), false, FileTime.from(Instant.now()))), TIME);

        assertThat(counted.get()).isEqualTo(layer.size()).isPositive();
    }
}
