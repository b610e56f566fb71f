package io.github.scratchimage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands a layer's bytes from the thread that compresses it to the thread that uploads them, a piece
 * at a time, at most {@value #PIECES} pieces of {@value #PIECE_SIZE} bytes ahead: compression waits
 * for a slower network there, so memory stays bounded (the 2 GiB layer of the benchmark's
 * {@code -Xmx64m} case goes through here too). Once the upload has {@linkplain #stop stopped}
 * (failed, or the push was closed), what is written is dropped, so compression never waits for
 * an upload that ended.
 */
final class LayerPipe {
    static final int PIECE_SIZE = 256 * 1024;
    static final int PIECES = 8;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> pieces = new ArrayBlockingQueue<>(PIECES + 1);
    private volatile boolean stopped;

    /** The writing side: one thread writes, then calls {@link Writer#end}. */
    Writer writer() {
        return new Writer();
    }

    /** The reading side, for one thread: the bytes written, then the end once {@link Writer#end} was called. */
    InputStream reader() {
        return new Reader();
    }

    /** The reader is done (failed or closed): from now on written bytes are dropped and nothing waits. */
    void stop() {
        stopped = true;
        pieces.clear();
    }

    final class Writer extends OutputStream {
        private byte[] piece = new byte[PIECE_SIZE];
        private int filled;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0 && !stopped) {
                int n = Math.min(len, PIECE_SIZE - filled);
                System.arraycopy(b, off, piece, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == PIECE_SIZE) {
                    hand(piece);
                    piece = new byte[PIECE_SIZE];
                    filled = 0;
                }
            }
        }

        /** Every byte is written: hands over the last piece and the end. */
        void end() throws IOException {
            if (filled > 0) {
                hand(Arrays.copyOf(piece, filled));
                filled = 0;
            }
            hand(END);
        }

        private void hand(byte[] bytes) throws IOException {
            try {
                while (!stopped && !pieces.offer(bytes, 50, TimeUnit.MILLISECONDS)) {
                    // the upload is behind: wait for it, unless it stopped meanwhile
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing a layer's bytes to its upload");
            }
            if (stopped) {
                pieces.clear();
            }
        }
    }

    private final class Reader extends InputStream {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = pieces.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a layer's bytes");
                }
                position = 0;
                ended = current == END;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }
}
