package io.github.scratchimage.layer;

import io.github.scratchimage.image.Digest;
import io.github.scratchimage.image.LayerFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Writes a layer's blob in one streaming pass: the tar of its entries, hashed (diff_id), compressed
 * as {@link LayerOptions} say, hashed again (digest) and stored as {@code blobDirectory/<hex>},
 * written under a temporary name and then moved. {@link LayerBuilder} decides whether a layer must be
 * written at all. Thread-safe: one pool of compressor threads serves all layers written at once.
 */
final class LayerBlobWriter {
    private static final int FILE_BUFFER_SIZE = 256 * 1024;

    private final Path blobDirectory;
    private final LayerOptions options;
    private final LongConsumer compressedBytes;
    private final ExecutorService compressors;

    /** @param compressedBytes hears each count of compressed bytes written (for progress lines) */
    LayerBlobWriter(Path blobDirectory, LayerOptions options, LongConsumer compressedBytes) {
        this.blobDirectory = blobDirectory;
        this.options = options;
        this.compressedBytes = compressedBytes;
        this.compressors = compressorPool(options.threads());
    }

    /**
     * Writes the layer; its compressed bytes also go to each stream {@code copies} opens (asked
     * right before the first byte), which are flushed, not closed. With
     * {@link LayerOptions#fileChecksums} the result lists the regular files with their checksums.
     */
    BuiltLayer write(String name, List<LayerEntry> entries, LayerBuilder.Copies copies) throws IOException {
        Files.createDirectories(blobDirectory);
        Path temporary = Files.createTempFile(blobDirectory, ".layer-", ".tmp");
        try {
            List<OutputStream> streams = copies.open();
            DigestingOutputStream compressed;
            DigestingOutputStream uncompressed;
            List<LayerFile> files = options.fileChecksums() ? new ArrayList<>() : null;
            // WRITE only: the file is new and empty, and on ext4 a truncating open makes close() flush it (docs/performance.md)
            try (OutputStream file = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                OutputStream destination = streams.isEmpty() ? file : new Tee(file, streams);
                compressed = new DigestingOutputStream(new BufferedOutputStream(destination, FILE_BUFFER_SIZE),
                        compressedBytes);
                uncompressed = new DigestingOutputStream(compressor(compressed));
                LayerTarWriter.write(entries, uncompressed, files);
            }
            Digest digest = compressed.digest();
            Path blob = store(temporary, digest);
            return new BuiltLayer(name, digest, compressed.count(), uncompressed.digest(), blob, false, files, null);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes to a file and to copies; closing closes the file and flushes the copies. */
    private static final class Tee extends OutputStream {
        private final OutputStream file;
        private final List<OutputStream> copies;

        Tee(OutputStream file, List<OutputStream> copies) {
            this.file = file;
            this.copies = copies;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            file.write(b, off, len);
            for (OutputStream copy : copies) {
                copy.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            file.flush();
            for (OutputStream copy : copies) {
                copy.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
            file.close();
        }
    }

    /** The same block format for any thread count, so the bytes never depend on the machine. */
    private OutputStream compressor(OutputStream out) throws IOException {
        return switch (options.compression()) {
            case GZIP -> new ParallelGzipOutputStream(out, options.compressionLevel(), compressors, options.threads(),
                    ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE);
            case ZSTD -> new ParallelZstdOutputStream(out, options.compressionLevel(), compressors, options.threads(),
                    ParallelZstdOutputStream.DEFAULT_BLOCK_SIZE);
            case NONE -> out;
        };
    }

    /**
     * One pool for all layers of this builder, so parallel layers share the cores instead of each
     * starting its own threads. Idle threads end by themselves: nothing needs closing.
     */
    private static ExecutorService compressorPool(int threads) {
        if (threads <= 1) {
            return null;
        }
        AtomicInteger number = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "scratch-layer-compress-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Moves a finished temporary file to {@code blobDirectory/<hex>}, unless that blob exists already. */
    private Path store(Path temporary, Digest digest) throws IOException {
        Path blob = blobDirectory.resolve(digest.encoded());
        if (!Files.exists(blob)) {
            try {
                Files.move(temporary, blob, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException builtByAnotherThread) {
                // same digest, same bytes: keep the existing blob
            }
        }
        return blob;
    }
}
