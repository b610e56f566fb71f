import io.github.scratchimage.layer.ParallelGzipOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Measures the layer compression (our block gzip) at several levels on incompressible and on
 * text-like data, single-threaded, to choose the default compressionLevel. Run from the repository
 * root after `mvn -q compile`:
 *
 *   java -cp target/classes bench/CompressionLevels.java
 */
public class CompressionLevels {
    public static void main(String[] args) throws IOException {
        int size = 64 * 1024 * 1024;
        byte[] random = new byte[size];
        new Random(42).nextBytes(random);
        byte[] text = text(size);
        System.out.println("| data | level | MB/s (1 thread) | compressed / original |");
        System.out.println("|---|---|---|---|");
        for (byte[] data : new byte[][] {random, text}) {
            String name = data == random ? "random" : "text";
            for (int level : new int[] {1, 3, 6, 9}) {
                measure(data, level); // warm-up
                long best = Long.MAX_VALUE;
                long compressed = 0;
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    compressed = measure(data, level);
                    best = Math.min(best, System.nanoTime() - start);
                }
                System.out.printf("| %s | %d | %.0f | %.3f |%n", name, level, data.length / 1e6 / (best / 1e9),
                        (double) compressed / data.length);
            }
        }
    }

    private static long measure(byte[] data, int level) throws IOException {
        CountingStream sink = new CountingStream();
        try (OutputStream gzip = new ParallelGzipOutputStream(sink, level, 1)) {
            gzip.write(data);
        }
        return sink.count;
    }

    /** Deterministic text with the word statistics of source code and HTML: repetitive, not trivial. */
    private static byte[] text(int size) {
        String[] words = {"public", "static", "final", "class", "return", "if", "for", "while", "new", "String",
            "int", "long", "void", "private", "import", "package", "<div>", "</div>", "<span class=\"x\">", "{", "}",
            "(", ")", ";", "=", "+", "data", "value", "name", "count", "index", "\n", "    ", "the", "a", "of"};
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 64);
        while (out.size() < size) {
            out.writeBytes(words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8));
            out.write(' ');
            if (random.nextInt(50) == 0) {
                out.writeBytes(Integer.toString(random.nextInt(100000)).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = out.toByteArray();
        return java.util.Arrays.copyOf(bytes, size);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
