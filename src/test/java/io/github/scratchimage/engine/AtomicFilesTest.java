package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.scratchimage.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How outputs are put in place: temporary names, renames, links followed, devices and pipes written to. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private static AtomicFiles.ContentWriter text(String content) {
        return out -> out.write(content.getBytes(StandardCharsets.UTF_8));
    }

    private Stream<String> names() throws IOException {
        return Files.list(dir).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void aStagedFileIsInvisibleUntilPublishedAndGoneWhenNot() throws IOException {
        Path target = Files.writeString(dir.resolve("image.tar"), "old");

        try (AtomicFiles.StagedFile staged = AtomicFiles.stage(target, text("new"))) {
            assertThat(Files.readString(target)).isEqualTo("old");
            staged.publish();
        }
        assertThat(Files.readString(target)).isEqualTo("new");

        try (AtomicFiles.StagedFile staged = AtomicFiles.stage(target, text("never"))) {
            assertThat(staged.target()).isEqualTo(target);
        }
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(names()).containsExactly("image.tar");
    }

    /** A link is written through: the file it leads to gets the content, the link stays a link. */
    @Test
    void aSymbolicLinkIsWrittenThroughNotReplaced() throws IOException {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("real")).resolve("image.tar"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.tar"), Path.of("real/image.tar"));

        AtomicFiles.writeFile(link, text("new"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        assertThat(names()).containsExactly("link.tar", "real");
    }

    /** A pipe (as {@code /dev/stdout} is under {@code | docker load}) gets the bytes and stays a pipe. */
    @Test
    void aPipeIsWrittenToDirectly() throws Exception {
        Path fifo = dir.resolve("fifo");
        ProcessRunner.create().run("mkfifo", fifo.toString()).requireSuccess();
        Path link = Files.createSymbolicLink(dir.resolve("out.tar"), fifo);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        AtomicFiles.writeFile(link, text("through the pipe"));

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(names()).containsExactly("fifo", "out.tar");
    }

    @Test
    void aTemporaryFileOfAKilledBuildIsRemovedByTheNextWrite() throws IOException {
        Files.writeString(dir.resolve(".image.tar.k1ll3d.tmp"), "half a tarball");
        Files.writeString(dir.resolve(".other.tar.k1ll3d.tmp"), "not ours");

        AtomicFiles.writeFile(dir.resolve("image.tar"), text("whole"));

        assertThat(names()).containsExactly(".other.tar.k1ll3d.tmp", "image.tar");
    }

    /** Another build's temporary file of a shared file (a layout blob) is being written: it must stay. */
    @Test
    void aSharedWriteLeavesOtherTemporaryFilesOfTheTargetAlone() throws IOException {
        Files.writeString(dir.resolve(".blob.s1mult4n.tmp"), "another build is writing this");

        AtomicFiles.writeShared(dir.resolve("blob"), out -> out.write("content".getBytes(StandardCharsets.UTF_8)));

        assertThat(dir.resolve("blob")).hasContent("content");
        assertThat(names()).containsExactly(".blob.s1mult4n.tmp", "blob");
    }

    @Test
    void aDirectoryIsRefusedNamingThePath() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("image.tar"));

        assertThatThrownBy(() -> AtomicFiles.checkWritable(directory)).isInstanceOf(OutputException.class)
                .hasMessageContaining(directory + ": is a directory, not a file");
        assertThatThrownBy(() -> AtomicFiles.writeFile(directory, text("x"))).isInstanceOf(OutputException.class);
    }

    @Test
    void aFileWhereADirectoryBelongsIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("cache"), "a file");

        assertThatThrownBy(() -> AtomicFiles.checkDirectoryWritable(file)).isInstanceOf(OutputException.class)
                .hasMessageContaining(file + ": is a file, not a directory");
    }

    /** {@code /dev/full} answers every write with ENOSPC: the failure names the output and the reason. */
    @Test
    void aFullDiskNamesTheOutputAndTheReason() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "/dev/full is not on this machine");

        assertThatThrownBy(() -> AtomicFiles.writeFile(full, out -> out.write(new byte[1 << 20])))
                .isInstanceOf(OutputException.class)
                .hasMessage("/dev/full: No space left on device");
    }
}
