package org.stemstream.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Tasks run at once, the first on the calling thread and the others on a pool: one step of data-parallel training. */
public final class CallerRuns {
    private CallerRuns() {
    }

    /**
     * Runs {@code tasks}, task 0 on this thread and the others on {@code pool} (null when there is
     * only one), and returns when all are done. A task's failure is rethrown as an
     * IllegalStateException naming {@code who} ("a training replica failed: ...").
     */
    public static void all(ExecutorService pool, List<Runnable> tasks, String who) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 1; i < tasks.size(); i++) {
            running.add(pool.submit(tasks.get(i)));
        }
        tasks.get(0).run();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + who + " ran", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(who + " failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
