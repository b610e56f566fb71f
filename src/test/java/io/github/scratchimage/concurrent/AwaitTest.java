package io.github.scratchimage.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void givesTheResult() {
        assertThat(Await.result(CompletableFuture.completedFuture("done"), "testing")).isEqualTo("done");
    }

    @Test
    void rethrowsAnUncheckedFailureAsItIs() {
        IllegalArgumentException failure = new IllegalArgumentException("bad input");
        assertThatThrownBy(() -> Await.result(CompletableFuture.failedFuture(failure), "testing")).isSameAs(failure);
    }

    @Test
    void rethrowsAnErrorAsItIs() {
        OutOfMemoryError failure = new OutOfMemoryError("no room");
        assertThatThrownBy(() -> Await.result(CompletableFuture.failedFuture(failure), "testing")).isSameAs(failure);
    }

    @Test
    void wrapsACheckedFailure() {
        IOException failure = new IOException("disk gone");
        assertThatThrownBy(() -> Await.result(CompletableFuture.failedFuture(failure), "testing"))
                .isInstanceOf(IllegalStateException.class).hasCause(failure);
    }

    @Test
    void anInterruptSaysWhatWasAwaitedAndKeepsTheFlag() {
        FutureTask<String> never = new FutureTask<>(() -> "never run");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Await.result(never, "pushing"))
                    .isInstanceOf(IllegalStateException.class).hasMessage("interrupted while pushing")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
