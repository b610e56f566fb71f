package io.github.scratchimage.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;

    @TempDir
    Path dir;

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] text(int size) {
        StringBuilder text = new StringBuilder();
        Random random = new Random(7);
        String[] words = {"layer", "image", "scratch", "blob", "digest", "manifest", "tar", "gzip", "\n"};
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static Map<String, byte[]> inputs() {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("empty", new byte[0]);
        inputs.put("one byte", new byte[] {42});
        inputs.put("one block random", random(BLOCK, 1));
        inputs.put("one block text", text(BLOCK));
        inputs.put("block plus one", random(BLOCK + 1, 2));
        inputs.put("many blocks random", random(5 * BLOCK + 12345, 3));
        inputs.put("many blocks text", text(23 * BLOCK + 999));
        inputs.put("zeros", new byte[9 * BLOCK]);
        return inputs;
    }

    static byte[] gzip(byte[] input, int level, int threads, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, level, threads)) {
            for (int offset = 0; offset < input.length; offset += chunk) {
                int length = Math.min(chunk, input.length - offset);
                if (length == 1) {
                    gzip.write(input[offset]);
                } else {
                    gzip.write(input, offset, length);
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    @Test
    void sameBytesForAnyThreadCountAndWriteSize() throws IOException {
        for (Map.Entry<String, byte[]> input : inputs().entrySet()) {
            byte[] single = gzip(input.getValue(), 6, 1, 8192);
            assertThat(gzip(input.getValue(), 6, 2, 65536)).as(input.getKey() + ", 2 threads").isEqualTo(single);
            assertThat(gzip(input.getValue(), 6, 8, 1000)).as(input.getKey() + ", 8 threads").isEqualTo(single);
            assertThat(gzip(input.getValue(), 6, 8, 1)).as(input.getKey() + ", 8 threads, byte by byte")
                    .isEqualTo(single);
            assertThat(gunzip(single)).as(input.getKey()).isEqualTo(input.getValue());
        }
    }

    @Test
    void gnuGzipDecompressesTheOutput() throws Exception {
        for (Map.Entry<String, byte[]> input : inputs().entrySet()) {
            Path file = dir.resolve("data.gz");
            Files.write(file, gzip(input.getValue(), 6, 8, 100_000));
            assertThat(LayerBuilderTest.run(dir, "gzip", "-dc", file.toString())).as(input.getKey())
                    .isEqualTo(input.getValue());
            LayerBuilderTest.run(dir, "gzip", "-t", file.toString());
        }
    }

    @Test
    void everyLevelRoundTrips() throws IOException {
        byte[] data = text(3 * BLOCK + 17);
        for (int level = 0; level <= 9; level++) {
            byte[] compressed = gzip(data, level, 2, 4096);
            assertThat(gunzip(compressed)).as("level " + level).isEqualTo(data);
            assertThat(compressed).as("level " + level).isEqualTo(gzip(data, level, 1, 4096));
        }
        assertThat(gzip(data, 0, 1, 4096).length).isGreaterThan(data.length);
        assertThat(gzip(data, 9, 1, 4096).length).isLessThan(data.length / 3);
    }

    @Test
    void headerIsTheJdkHeader() throws IOException {
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        new GZIPOutputStream(jdk).close();
        byte[] ours = gzip(new byte[0], 6, 1, 1);
        assertThat(java.util.Arrays.copyOf(ours, 10)).isEqualTo(java.util.Arrays.copyOf(jdk.toByteArray(), 10));
    }

    @Test
    void previousInputPrimesEachBlock() throws IOException {
        // a 6 KiB random chunk repeated: without a dictionary every 32 KiB block would start with
        // ~6 KiB of literals; with the previous 32 KiB as dictionary only the first copy costs bytes
        byte[] chunk = random(6 * 1024, 9);
        byte[] data = new byte[chunk.length * 60];
        for (int i = 0; i < 60; i++) {
            System.arraycopy(chunk, 0, data, i * chunk.length, chunk.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, 6, null, 1, 32 * 1024)) {
            gzip.write(data);
        }
        assertThat(gunzip(out.toByteArray())).isEqualTo(data);
        assertThat(out.size()).isLessThan(2 * chunk.length);
    }

    @Test
    void incompressibleBlocksAreStoredAndCompressibleOnesStillShrink() throws Exception {
        byte[] random = random(40 * BLOCK, 11);
        byte[] stored = gzip(random, 6, 2, 65536);
        // stored deflate blocks cost a few bytes each; a futile level-6 search gives about the same size
        assertThat(stored.length).isBetween(random.length, random.length + random.length / 500);
        assertThat(gunzip(stored)).isEqualTo(random);

        byte[] mixed = new byte[20 * BLOCK];
        System.arraycopy(random, 0, mixed, 0, 10 * BLOCK);
        System.arraycopy(text(10 * BLOCK), 0, mixed, 10 * BLOCK, 10 * BLOCK);
        byte[] compressed = gzip(mixed, 6, 8, 4096);
        assertThat(compressed).isEqualTo(gzip(mixed, 6, 1, 100_000));
        assertThat(compressed.length).as("the text half still compresses").isLessThan(10 * BLOCK + 5 * BLOCK);
        Path file = dir.resolve("mixed.gz");
        Files.write(file, compressed);
        assertThat(LayerBuilderTest.run(dir, "gzip", "-dc", file.toString())).isEqualTo(mixed);
    }

    /**
     * The histogram only skips the deflate test where that test would say "compress" anyway, so it
     * never changes a decision (nor an output byte). Blocks of real files of every kind found here
     * (the JVM's native code, its class modules, jars, which are compressed) and generated ones (text,
     * random bytes over 2 to 256 symbols, random bytes repeated at short distance).
     */
    @Test
    void theHistogramSkipsTheDeflateTestOnlyWhereItWouldSayCompress() throws IOException {
        Map<String, byte[]> sources = new LinkedHashMap<>();
        Path javaHome = Path.of(System.getProperty("java.home"));
        try (var files = Files.walk(javaHome)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".so")
                    || f.toString().endsWith(".jar") || f.toString().endsWith("modules")).limit(12).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                sources.put(file.toString(), java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 64 * BLOCK)));
            }
        }
        sources.put("text", text(16 * BLOCK));
        for (int symbols : new int[] {2, 16, 64, 100, 128, 160, 200, 256}) {
            byte[] bytes = random(8 * BLOCK, symbols);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Math.floorMod(bytes[i], symbols);
            }
            sources.put("random over " + symbols + " symbols", bytes);
        }
        byte[] repeated = new byte[8 * BLOCK];
        byte[] chunk = random(2048, 5);
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = chunk[i % chunk.length];
        }
        sources.put("random 2 KiB repeated", repeated);

        int skipped = 0;
        int decidedByDeflate = 0;
        for (Map.Entry<String, byte[]> source : sources.entrySet()) {
            byte[] bytes = source.getValue();
            for (int start = 0; start + BLOCK <= bytes.length; start += BLOCK) {
                byte[] block = java.util.Arrays.copyOfRange(bytes, start, start + BLOCK);
                int[] samples = ParallelGzipOutputStream.samples(BLOCK);
                if (ParallelGzipOutputStream.entropyBitsPerByte(block, samples)
                        < ParallelGzipOutputStream.SURELY_COMPRESSIBLE_BITS) {
                    skipped++;
                    assertThat(ParallelGzipOutputStream.deflateSavesLittle(block, samples))
                            .as("block at %d of %s", start, source.getKey()).isFalse();
                } else {
                    decidedByDeflate++;
                }
                assertThat(ParallelGzipOutputStream.incompressible(block, BLOCK))
                        .isEqualTo(ParallelGzipOutputStream.deflateSavesLittle(block, samples));
            }
        }
        assertThat(skipped).as("blocks the histogram decided").isGreaterThan(50);
        assertThat(decidedByDeflate).as("blocks the deflate test decided").isGreaterThan(20);
    }

    @Test
    void writingAfterCloseFailsAndCloseTwiceIsHarmless() throws IOException {
        ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 2);
        gzip.close();
        gzip.close();
        assertThatThrownBy(() -> gzip.write(1)).isInstanceOf(IOException.class);
    }
}
