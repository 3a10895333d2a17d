package org.stemstream.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

class CallerRunsTest {

    @Test
    void theFirstTaskRunsOnTheCallerAndTheOthersOnThePoolAllBeforeItReturns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicReferenceArray<Thread> ran = new AtomicReferenceArray<>(3);
            CallerRuns.all(pool, List.of(() -> ran.set(0, Thread.currentThread()), () -> {
                sleep(50);
                ran.set(1, Thread.currentThread());
            }, () -> ran.set(2, Thread.currentThread())), "a task");
            assertThat(ran.get(0)).isSameAs(Thread.currentThread());
            assertThat(ran.get(1)).isNotNull().isNotSameAs(Thread.currentThread());
            assertThat(ran.get(2)).isNotNull().isNotSameAs(Thread.currentThread());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPoolTasksFailureIsRethrownNamingWhoFailed() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThatThrownBy(() -> CallerRuns.all(pool, List.of(() -> { }, () -> {
                throw new ArithmeticException("/ by zero");
            }), "a training replica")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("a training replica failed: java.lang.ArithmeticException: / by zero")
                    .hasCauseInstanceOf(ArithmeticException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneTaskNeedsNoPool() {
        int[] runs = {0};
        CallerRuns.all(null, List.of(() -> runs[0]++), "a task");
        assertThat(runs[0]).isEqualTo(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
