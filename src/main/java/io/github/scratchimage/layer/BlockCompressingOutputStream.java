package io.github.scratchimage.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream that cuts its input into fixed-size blocks, compresses each block on its own (on an
 * executor, several at once) and writes the results in input order. What a block compresses to may
 * depend on the block and the one before it, never on the threads, so the output is the same for
 * any number of them. At most twice the parallelism of blocks are in flight, so memory does not
 * grow with the input. Subclasses give the format: {@link #compress} per block, and what comes
 * before, between ({@link #consumed}) and after ({@link #finish}).
 *
 * <p>Not thread-safe (one writer); {@link #flush()} does not cut the current block, so it cannot
 * change the output.
 */
abstract class BlockCompressingOutputStream extends OutputStream {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final OutputStream out;
    private final int blockSize;
    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private byte[] block;
    private int filled;
    private byte[] previous;
    private boolean closed;

    /**
     * @param executor    runs the block compressions; null compresses on the caller's thread
     * @param ownExecutor whether {@link #close()} shuts the executor down
     * @param parallelism how many blocks may be compressing at once (at most twice as many are buffered)
     * @param blockSize   input bytes per block; part of the output's identity
     */
    BlockCompressingOutputStream(OutputStream out, ExecutorService executor, boolean ownExecutor, int parallelism,
            int blockSize) {
        this.out = out;
        this.blockSize = blockSize;
        this.executor = executor;
        this.ownExecutor = ownExecutor;
        this.maxInFlight = 2 * Math.max(1, parallelism);
        this.block = new byte[blockSize];
    }

    /** A pool of {@code threads} daemon threads named {@code prefix-<pool>-<thread>}. */
    static ExecutorService newPool(String prefix, int threads) {
        int pool = POOL_NUMBER.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread worker = new Thread(task, prefix + "-" + pool + "-" + thread.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
    }

    /**
     * The compressed form of {@code data[0, length)}; called on the executor's threads, several at
     * once.
     *
     * @param previous the block before (full), or null for the first
     * @param last     whether this is the last block (it may be empty)
     */
    protected abstract byte[] compress(byte[] data, int length, byte[] previous, boolean last) throws IOException;

    /** Sees every input byte, in order, as it is written (e.g. for a checksum); nothing by default. */
    protected void consumed(byte[] b, int off, int len) {
    }

    /** Writes what follows the last block (e.g. a trailer); nothing by default. */
    protected void finish(OutputStream out) throws IOException {
    }

    /** Frees what the compressions held, once none runs any more; nothing by default. */
    protected void release() {
    }

    /** The stream the compressed bytes go to, for a header written before the first block. */
    protected final OutputStream out() {
        return out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        Objects.checkFromIndexSize(off, len, b.length);
        consumed(b, off, len);
        while (len > 0) {
            if (filled == blockSize) {
                submit(false);
            }
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Writes the blocks already compressed; the current block stays open. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            out.write(result(inFlight.removeFirst()));
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                out.write(result(inFlight.removeFirst()));
            }
            finish(out);
            out.flush();
        } finally {
            inFlight.forEach(future -> future.cancel(true));
            if (ownExecutor && executor != null) {
                executor.shutdownNow();
            }
            release();
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int length = filled;
        byte[] before = previous;
        Callable<byte[]> task = () -> compress(data, length, before, last);
        if (executor == null) {
            out.write(call(task));
        } else {
            while (inFlight.size() >= maxInFlight) {
                out.write(result(inFlight.removeFirst()));
            }
            inFlight.addLast(executor.submit(task));
        }
        previous = data;
        block = last ? null : new byte[blockSize];
        filled = 0;
    }

    private static byte[] call(Callable<byte[]> task) throws IOException {
        try {
            return task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static byte[] result(Future<byte[]> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compressing a block failed", e.getCause());
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
