package io.github.scratchimage.layer;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * A zstd stream compressed on several threads: the input is cut into blocks of 1 MiB and each block
 * becomes one complete, independent zstd frame (with its content size and checksum), compressed by
 * zstd-jni at the given level on one thread. The frames are written in order; concatenated frames
 * are one valid zstd stream, which {@code zstd -d} and every OCI runtime's decompressor read whole.
 * The bytes depend only on the input, the level, the block size and the zstd version (pinned with
 * zstd-jni: {@link #LIBRARY}), never on the number of threads.
 *
 * <p>Independent frames cost some size against one stream, as each frame starts without the
 * previous block's history: 4% on 100 MB of Java source in blocks of 1 MiB (see docs/performance.md).
 */
public final class ParallelZstdOutputStream extends BlockCompressingOutputStream {
    /** 1 MiB: a smaller block loses more against one stream (17% at 128 KiB), a larger one leaves cores idle. */
    public static final int DEFAULT_BLOCK_SIZE = 1024 * 1024;
    /** The library, and so the zstd version, whose output this is; part of the layer cache's format. */
    public static final String LIBRARY = "zstd-jni 1.5.7-28";

    private final int level;
    private final Queue<ZstdCompressCtx> contexts = new ConcurrentLinkedQueue<>();

    /** Compresses on {@code threads} threads of its own (none besides the caller's when 1). */
    public ParallelZstdOutputStream(OutputStream out, int level, int threads) {
        this(out, level, threads > 1 ? newPool("scratch-zstd", threads) : null, threads, DEFAULT_BLOCK_SIZE, true);
    }

    /**
     * Compresses on a shared executor, which is left running on {@link #close()}.
     *
     * @param executor    runs the block compressions; null compresses on the caller's thread
     * @param parallelism how many blocks may be compressing at once (at most twice as many are buffered)
     * @param blockSize   input bytes per frame; part of the output's identity
     */
    public ParallelZstdOutputStream(OutputStream out, int level, ExecutorService executor, int parallelism,
            int blockSize) {
        this(out, level, executor, parallelism, blockSize, false);
    }

    private ParallelZstdOutputStream(OutputStream out, int level, ExecutorService executor, int parallelism,
            int blockSize, boolean ownExecutor) {
        super(out, executor, ownExecutor, parallelism, blockSize);
        if (level < 1 || level > 19) {
            throw new IllegalArgumentException("zstd level must be 1-19: " + level);
        }
        this.level = level;
    }

    @Override
    protected byte[] compress(byte[] data, int length, byte[] previous, boolean last) throws IOException {
        if (length == 0 && previous != null) {
            return new byte[0]; // the input ended with a full block: no empty frame after it
        }
        ZstdCompressCtx context = contexts.poll();
        if (context == null) {
            context = new ZstdCompressCtx().setLevel(level).setChecksum(true).setContentSize(true);
        }
        try {
            byte[] output = new byte[Math.toIntExact(Zstd.compressBound(length))];
            int written = context.compressByteArray(output, 0, output.length, data, 0, length);
            return Arrays.copyOf(output, written);
        } catch (RuntimeException e) {
            throw new IOException("zstd compression failed: " + e.getMessage(), e);
        } finally {
            contexts.add(context);
        }
    }

    @Override
    protected void release() {
        for (ZstdCompressCtx context; (context = contexts.poll()) != null;) {
            context.close();
        }
    }
}
