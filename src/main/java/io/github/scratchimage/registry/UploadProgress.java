package io.github.scratchimage.registry;

import io.github.scratchimage.log.BuildLog;
import java.time.Duration;
import java.util.function.LongConsumer;

/** Logs how far an upload has got, at most once per interval; small uploads finish before the first line. */
final class UploadProgress implements LongConsumer {
    private final String name;
    private final long total;
    private final long intervalNanos;
    private final BuildLog log;
    private long next;

    UploadProgress(String name, long total, Duration interval, BuildLog log) {
        this.name = name;
        this.total = total;
        this.intervalNanos = interval.toNanos();
        this.log = log;
        this.next = System.nanoTime() + intervalNanos;
    }

    @Override
    public synchronized void accept(long done) {
        long now = System.nanoTime();
        if (now >= next && done < total) {
            next = now + intervalNanos;
            log.info(name + ": " + PushSession.megabytes(done) + " of " + PushSession.megabytes(total)
                    + " MB uploaded");
        }
    }
}
