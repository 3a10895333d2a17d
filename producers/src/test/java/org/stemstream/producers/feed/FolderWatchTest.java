package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The poll interval here is a minute: each wake-up below comes from an event or from close, not from time. */
@Timeout(20)
class FolderWatchTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private static CompletableFuture<Void> awaiting(FolderWatch watch) {
        return CompletableFuture.runAsync(() -> {
            try {
                watch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void closeWakesAWaitingFeed() throws Exception {
        FolderWatch watch = FolderWatch.open(dir, MINUTE);
        java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                watch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            woken.countDown();
        });
        waiter.start();
        // close only once the feed really waits (closed first, await would return at once and prove nothing)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the waiter never waited").isLessThan(deadline);
            Thread.sleep(5);
        }
        watch.close();
        assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken by close, well before the minute's poll").isTrue();
        watch.await(); // and a closed watch never blocks
    }

    @Test
    void aNewFileWakesAWaitingFeed() throws Exception {
        try (FolderWatch watch = FolderWatch.open(dir, MINUTE)) {
            CompletableFuture<Void> waiting = awaiting(watch);
            Files.write(dir.resolve("new.tif"), new byte[] {1});
            waiting.get(10, TimeUnit.SECONDS);
        }
    }
}
