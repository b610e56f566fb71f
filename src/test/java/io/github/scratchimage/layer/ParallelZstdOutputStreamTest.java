package io.github.scratchimage.layer;

import static io.github.scratchimage.layer.ParallelGzipOutputStreamTest.random;
import static io.github.scratchimage.layer.ParallelGzipOutputStreamTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdInputStream;
import io.github.scratchimage.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zstd in independent frames of one block each: the same bytes for any number of threads, one
 * stream that zstd-jni and the {@code zstd} command decompress whole.
 */
class ParallelZstdOutputStreamTest {
    private static final int BLOCK = ParallelZstdOutputStream.DEFAULT_BLOCK_SIZE;

    @TempDir
    Path dir;

    static Map<String, byte[]> inputs() {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("empty", new byte[0]);
        inputs.put("one byte", new byte[] {42});
        inputs.put("one block text", text(BLOCK));
        inputs.put("block plus one", random(BLOCK + 1, 2));
        inputs.put("many blocks text", text(9 * BLOCK + 999));
        inputs.put("many blocks random", random(3 * BLOCK + 12345, 3));
        return inputs;
    }

    static byte[] zstd(byte[] input, int level, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelZstdOutputStream zstd = new ParallelZstdOutputStream(out, level, threads)) {
            int chunk = 100_003; // writes that do not line up with the blocks
            for (int offset = 0; offset < input.length; offset += chunk) {
                zstd.write(input, offset, Math.min(chunk, input.length - offset));
            }
        }
        return out.toByteArray();
    }

    static byte[] unzstd(byte[] compressed) throws IOException {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    @Test
    void oneTwoAndEightThreadsWriteTheSameBytes() throws IOException {
        for (Map.Entry<String, byte[]> input : inputs().entrySet()) {
            byte[] one = zstd(input.getValue(), 3, 1);
            assertThat(zstd(input.getValue(), 3, 2)).as(input.getKey() + ", 2 threads").isEqualTo(one);
            assertThat(zstd(input.getValue(), 3, 8)).as(input.getKey() + ", 8 threads").isEqualTo(one);
            assertThat(unzstd(one)).as(input.getKey()).isEqualTo(input.getValue());
        }
    }

    @Test
    void eachBlockIsOneFrameAndTheLevelCounts() throws IOException {
        byte[] input = text(3 * BLOCK);
        byte[] level3 = zstd(input, 3, 2);
        byte[] level19 = zstd(input, 19, 2);
        assertThat(level19.length).isLessThan(level3.length);
        assertThat(unzstd(level19)).isEqualTo(input);
        assertThat(frames(level3)).as("one frame per block, none empty after a full last block").isEqualTo(3);
        assertThat(frames(zstd(new byte[0], 3, 1))).as("an empty input is one empty frame").isEqualTo(1);
    }

    /** The number of zstd frame magic numbers (28 b5 2f fd) at the frame starts zstd-jni reports. */
    static int frames(byte[] stream) {
        int frames = 0;
        for (int offset = 0; offset < stream.length; frames++) {
            long size = com.github.luben.zstd.Zstd.findFrameCompressedSize(stream, offset);
            assertThat(stream[offset] & 0xff).isEqualTo(0x28);
            offset += (int) size;
        }
        return frames;
    }

    @Test
    void theZstdCommandDecompressesTheConcatenatedFrames() throws IOException {
        assumeTrue(ProcessRunner.isInstalled("zstd"), "zstd is not installed (.ci/run installs it)");
        byte[] input = text(5 * BLOCK + 7);
        Path compressed = Files.write(dir.resolve("layer.tar.zst"), zstd(input, 3, 2));

        ProcessRunner.create().runChecked("zstd", "-q", "-d", compressed.toString(), "-o",
                dir.resolve("layer.tar").toString());
        ProcessRunner.create().runChecked("zstd", "-q", "-t", compressed.toString());

        assertThat(Files.readAllBytes(dir.resolve("layer.tar"))).isEqualTo(input);
    }

    @Test
    void theLibraryConstantNamesTheZstdJniOnTheClassPath() {
        String version = ParallelZstdOutputStream.LIBRARY.substring("zstd-jni ".length());
        assertThat(ParallelZstdOutputStream.class.getResource("/linux/amd64/libzstd-jni-" + version + ".so"))
                .as("the cache format names the zstd-jni version that writes the bytes").isNotNull();
    }

    @Test
    void levelsOutsideOneToNineteenAreRefused() {
        for (int level : List.of(0, 20, -1)) {
            assertThatThrownBy(() -> new ParallelZstdOutputStream(new ByteArrayOutputStream(), level, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-19");
        }
    }
}
