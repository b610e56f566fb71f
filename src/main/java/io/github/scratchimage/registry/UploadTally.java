package io.github.scratchimage.registry;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what a push did with its blobs (uploaded, already present, mounted), for one summary line. Thread-safe. */
final class UploadTally {
    private final long started = System.nanoTime();
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong present = new AtomicLong();
    private final AtomicLong mounted = new AtomicLong();

    void uploaded(long bytes) {
        uploaded.incrementAndGet();
        uploadedBytes.addAndGet(bytes);
    }

    void present() {
        present.incrementAndGet();
    }

    void mounted() {
        mounted.incrementAndGet();
    }

    String summary() {
        return String.format(Locale.ROOT, "Blobs: %d uploaded (%.1f MB), %d already in the registry, %d mounted, in %.1f s",
                uploaded.get(), uploadedBytes.get() / 1_000_000.0, present.get(), mounted.get(),
                (System.nanoTime() - started) / 1e9);
    }
}
