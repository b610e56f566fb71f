package io.github.scratchimage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scratchimage.log.BuildLog;
import io.github.scratchimage.testing.CapturingLog;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The lines from the counters, with a clock the test moves: nothing here waits for the reporter. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    private final long[] now = {42 * SECOND};
    private final CapturingLog log = new CapturingLog();
    private final Progress progress = new Progress(log, () -> now[0]);

    @Test
    void eachLineGivesTheTotalsAndTheRatesSinceTheLineBefore() {
        progress.layers(3);
        progress.layerDone();
        progress.compressed(6_000_000);
        progress.compressed(4_000_000);
        now[0] += 2 * SECOND;
        progress.report();

        LongConsumer upload = progress.upload();
        upload.accept(4_000_000);
        upload.accept(2_000_000); // a retry starts again: counted once
        upload.accept(6_000_000);
        progress.layerDone();
        now[0] += 2 * SECOND;
        progress.report();

        assertThat(log.lines()).containsExactly(
                "[INFO] Progress: 1/3 layer(s) built; compressed 10.0 MB at 5.0 MB/s",
                "[INFO] Progress: 2/3 layer(s) built; compressed 10.0 MB at 0.0 MB/s; uploaded 6.0 MB at 3.0 MB/s");
    }

    @Test
    void beforeTheLayersAreKnownTheLineSaysTheFilesAreBeingResolved() {
        now[0] += 5 * SECOND;
        assertThat(progress.line()).isEqualTo("Progress: resolving and checking files");
    }

    @Test
    void uploadsOfSeveralBlobsAddUp() {
        LongConsumer first = progress.upload();
        LongConsumer second = progress.upload();
        first.accept(1_500_000);
        second.accept(500_000);
        first.accept(2_000_000);
        now[0] += SECOND;

        assertThat(progress.line()).endsWith("uploaded 2.5 MB at 2.5 MB/s");
    }

    /** Once every layer is built, only the uploads have a rate. */
    @Test
    void afterTheLastLayerOnlyTheUploadsHaveARate() {
        progress.layers(1);
        progress.compressed(3_000_000);
        progress.layerDone();
        progress.upload().accept(1_000_000);
        now[0] += SECOND;

        assertThat(progress.line())
                .isEqualTo("Progress: 1/1 layer(s) built; compressed 3.0 MB; uploaded 1.0 MB at 1.0 MB/s");
    }

    /** With -q Maven drops info lines: no reporter runs at all. */
    @Test
    void noLinesWhenTheLogDropsInfoLines() {
        try (Progress quiet = Progress.start(BuildLog.NONE); Progress normal = Progress.start(log)) {
            assertThat(quiet.reporting()).isFalse();
            assertThat(normal.reporting()).isTrue();
        }
        assertThat(log.lines()).as("nothing within the first interval").isEmpty();
    }
}
