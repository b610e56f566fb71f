package io.github.scratchimage.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on several threads, as pigz does: the input is cut into fixed-size
 * blocks; each block is deflated on its own with the previous 32 KiB of input as preset dictionary
 * and ends with a sync flush (the last one finishes the stream); the blocks are written in order
 * between one gzip header (mtime 0, no name, OS 255, as the JDK writes it) and the CRC-32/ISIZE
 * trailer. The bytes depend only on the input, the level and the block size, never on the number
 * of threads (see {@link BlockCompressingOutputStream}).
 */
public final class ParallelGzipOutputStream extends BlockCompressingOutputStream {
    public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
    private static final int DICTIONARY_SIZE = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    static final int SAMPLE_SIZE = 8 * 1024;
    static final double SURELY_COMPRESSIBLE_BITS = 7.0;
    private static final ThreadLocal<Deflater> PROBES = ThreadLocal.withInitial(() -> new Deflater(1, true));
    private static final ThreadLocal<byte[]> PROBE_OUTPUT = ThreadLocal.withInitial(() -> new byte[SAMPLE_SIZE + 1024]);

    private final int level;
    private final Queue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
    private final Queue<Deflater> storers = new ConcurrentLinkedQueue<>();
    private final CRC32 crc = new CRC32();
    private long totalIn;

    /** Compresses on {@code threads} threads of its own (none besides the caller's when 1). */
    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this(out, level, threads > 1 ? newPool("scratch-gzip", threads) : null, threads, DEFAULT_BLOCK_SIZE, true);
    }

    /**
     * Compresses on a shared executor, which is left running on {@link #close()}.
     *
     * @param executor    runs the block compressions; null compresses on the caller's thread
     * @param parallelism how many blocks may be compressing at once (at most twice as many are buffered)
     * @param blockSize   input bytes per block, at least 32 KiB; part of the output's identity
     */
    public ParallelGzipOutputStream(OutputStream out, int level, ExecutorService executor, int parallelism,
            int blockSize) throws IOException {
        this(out, level, executor, parallelism, blockSize, false);
    }

    private ParallelGzipOutputStream(OutputStream out, int level, ExecutorService executor, int parallelism,
            int blockSize, boolean ownExecutor) throws IOException {
        super(out, executor, ownExecutor, parallelism, checkedBlockSize(blockSize));
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("compression level must be 0-9: " + level);
        }
        this.level = level;
        out.write(HEADER);
    }

    private static int checkedBlockSize(int blockSize) {
        if (blockSize < DICTIONARY_SIZE) {
            throw new IllegalArgumentException("block size must be at least " + DICTIONARY_SIZE + ": " + blockSize);
        }
        return blockSize;
    }

    @Override
    protected void consumed(byte[] b, int off, int len) {
        crc.update(b, off, len);
        totalIn += len;
    }

    @Override
    protected void finish(OutputStream out) throws IOException {
        byte[] trailer = new byte[8];
        writeIntLE(trailer, 0, (int) crc.getValue());
        writeIntLE(trailer, 4, (int) totalIn);
        out.write(trailer);
    }

    @Override
    protected void release() {
        for (Queue<Deflater> pool : List.of(deflaters, storers)) {
            for (Deflater deflater; (deflater = pool.poll()) != null;) {
                deflater.end();
            }
        }
    }

    @Override
    protected byte[] compress(byte[] data, int length, byte[] dictionary, boolean last) {
        boolean store = level > 0 && incompressible(data, length);
        Queue<Deflater> pool = store ? storers : deflaters;
        Deflater deflater = pool.poll();
        if (deflater == null) {
            deflater = new Deflater(store ? Deflater.NO_COMPRESSION : level, true);
        }
        try {
            if (dictionary != null && !store) { // a stored block never refers back
                deflater.setDictionary(dictionary, dictionary.length - DICTIONARY_SIZE, DICTIONARY_SIZE);
            }
            deflater.setInput(data, 0, length);
            if (last) {
                deflater.finish();
            }
            byte[] output = new byte[length + (length >> 4) + 64];
            int written = 0;
            while (true) {
                if (written == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
                int space = output.length - written;
                int n = deflater.deflate(output, written, space, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                written += n;
                if (last ? deflater.finished() : n < space) {
                    return Arrays.copyOf(output, written);
                }
            }
        } finally {
            deflater.reset();
            pool.add(deflater);
        }
    }

    /**
     * Whether a block looks like compressed or random data (packed binaries, archives, media):
     * deflating two 8 KiB samples of it at level 1 saves under 3%. Such a block is stored instead, which
     * costs a copy instead of a futile search for matches (deflate runs ~30 MB/s on such data). The
     * samples are deflated without the preceding 32 KiB as dictionary: priming a dictionary costs as
     * much as deflating it, and a block whose only redundancy is a copy of the block before it is rare
     * (it is then stored, which is still correct, only larger). The decision depends only on the
     * block's bytes, so the output never depends on threads.
     *
     * <p>Deflating the samples costs 7-10% of compressing text at level 6, so the samples' byte
     * histogram goes first: below {@value #SURELY_COMPRESSIBLE_BITS} bits of order-0 entropy per byte,
     * Huffman coding alone saves over 10%, so the deflate test would say "compress" too and is
     * skipped. Only blocks above that (compressed data, and the rare others) are deflated to decide,
     * which keeps every decision, and so every output byte, what the deflate test alone gives.
     */
    static boolean incompressible(byte[] data, int length) {
        if (length < 4 * SAMPLE_SIZE) {
            return false;
        }
        int[] samples = samples(length);
        return entropyBitsPerByte(data, samples) >= SURELY_COMPRESSIBLE_BITS && deflateSavesLittle(data, samples);
    }

    /** At a quarter and three quarters: a tar header at the start of a block does not decide for it. */
    static int[] samples(int length) {
        return new int[] {length / 4, 3 * length / 4 - SAMPLE_SIZE};
    }

    /** Whether deflating the samples at level 1 saves under 3% of their size. */
    static boolean deflateSavesLittle(byte[] data, int[] samples) {
        Deflater probe = PROBES.get();
        byte[] scratch = PROBE_OUTPUT.get();
        long saved = 0;
        for (int offset : samples) {
            probe.reset();
            probe.setInput(data, offset, SAMPLE_SIZE);
            probe.finish();
            int compressed = 0;
            while (!probe.finished()) {
                compressed += probe.deflate(scratch);
            }
            saved += SAMPLE_SIZE - compressed;
        }
        return saved * 100 < 3L * samples.length * SAMPLE_SIZE;
    }

    /** The order-0 entropy of the samples' bytes together, in bits per byte (0 to 8). */
    static double entropyBitsPerByte(byte[] data, int[] sampleOffsets) {
        int[] counts = new int[256];
        for (int offset : sampleOffsets) {
            for (int i = offset; i < offset + SAMPLE_SIZE; i++) {
                counts[data[i] & 0xff]++;
            }
        }
        double total = (double) SAMPLE_SIZE * sampleOffsets.length;
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = count / total;
                bits -= p * Math.log(p);
            }
        }
        return bits / Math.log(2);
    }

    private static void writeIntLE(byte[] buffer, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            buffer[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
