package io.github.scratchimage.engine;

import io.github.scratchimage.log.BuildLog;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * How far a run has got, for one info line per interval (5 s) while it lasts: layers built of all,
 * megabytes compressed and uploaded, each with its rate since the line before (compressing's only
 * while layers are left to build). The first line comes
 * one interval after the start, so a fast build prints none; nothing at all when the log drops info
 * lines (Maven's {@code -q}). One plain line each, for CI logs. The counters are fed from the
 * building and uploading threads: thread-safe.
 */
public final class Progress implements AutoCloseable {
    /** Hidden system property: the interval in milliseconds, for tests that need lines sooner. */
    static final String INTERVAL_PROPERTY = "scratch.progressIntervalMillis";
    private static final long DEFAULT_INTERVAL_MILLIS = 5_000;

    private final BuildLog log;
    private final LongSupplier nanoClock;
    private final AtomicInteger layers = new AtomicInteger();
    private final AtomicInteger layersDone = new AtomicInteger();
    private final AtomicLong compressed = new AtomicLong();
    private final AtomicLong uploaded = new AtomicLong();
    private ScheduledExecutorService reporter;
    // guarded by this: the counts at the line before, for the rates
    private long lastNanos;
    private long lastCompressed;
    private long lastUploaded;

    /** @param nanoClock the time in nanoseconds ({@link System#nanoTime}), for the rates (tests move it) */
    Progress(BuildLog log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** Counters whose lines start one interval from now, unless the log drops info lines. */
    static Progress start(BuildLog log) {
        Progress progress = new Progress(log, System::nanoTime);
        if (log.infoEnabled()) {
            progress.startReporting(Duration.ofMillis(Long.getLong(INTERVAL_PROPERTY, DEFAULT_INTERVAL_MILLIS)));
        }
        return progress;
    }

    private void startReporting(Duration interval) {
        reporter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scratch-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        reporter.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The layers to build are known: {@code total} of them, none built yet. */
    void layers(int total) {
        layers.set(total);
        layersDone.set(0);
    }

    /** One layer is built or came from the cache. */
    void layerDone() {
        layersDone.incrementAndGet();
    }

    /** {@code bytes} more of compressed layer were written. */
    public void compressed(long bytes) {
        compressed.addAndGet(bytes);
    }

    /** {@code bytes} more were sent to a registry. */
    public void uploaded(long bytes) {
        uploaded.addAndGet(bytes);
    }

    /**
     * For one blob's upload: hears the running count of bytes sent (from 0, or from where a chunk or
     * a retry starts again) and adds only bytes past the highest count heard, so a retry counts once.
     */
    public LongConsumer upload() {
        AtomicLong highest = new AtomicLong();
        return sent -> {
            long before = highest.getAndAccumulate(sent, Math::max);
            if (sent > before) {
                uploaded(sent - before);
            }
        };
    }

    /** Logs the current line; the reporter calls it once per interval. */
    synchronized void report() {
        log.info(line());
    }

    /** The line for now, its rates since the line before (or the start). */
    synchronized String line() {
        long now = nanoClock.getAsLong();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        long compressedNow = compressed.get();
        long uploadedNow = uploaded.get();
        StringBuilder line = new StringBuilder("Progress: ");
        int total = layers.get();
        if (total == 0) {
            line.append("resolving and checking files");
        } else {
            int done = layersDone.get();
            line.append(done).append('/').append(total).append(" layer(s) built; compressed ")
                    .append(done < total ? amount(compressedNow, compressedNow - lastCompressed, seconds)
                            : String.format(Locale.ROOT, "%.1f MB", compressedNow / 1e6));
        }
        if (uploadedNow > 0) {
            line.append("; uploaded ").append(amount(uploadedNow, uploadedNow - lastUploaded, seconds));
        } else if (total > 0 && layersDone.get() >= total) {
            line.append("; writing the outputs");
        }
        lastNanos = now;
        lastCompressed = compressedNow;
        lastUploaded = uploadedNow;
        return line.toString();
    }

    private static String amount(long bytes, long recent, double seconds) {
        return String.format(Locale.ROOT, "%.1f MB at %.1f MB/s", bytes / 1e6, recent / 1e6 / seconds);
    }

    /** Whether lines are being logged (not when the log drops info lines). */
    boolean reporting() {
        return reporter != null;
    }

    /** Stops the lines; a line being written is finished first, so none follows the run's own lines. */
    @Override
    public void close() {
        if (reporter == null) {
            return;
        }
        reporter.shutdown();
        try {
            reporter.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
