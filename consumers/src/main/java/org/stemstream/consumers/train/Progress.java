package org.stemstream.consumers.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress of a long phase (rendering, an epoch): the CLI draws a bar, libraries log. */
public interface Progress {
    /** {@code done} of {@code total} units of {@code phase}; may be called from several threads. */
    void update(String phase, long done, long total);

    /** After each epoch, a one-line summary (losses, validation accuracy, speed); logged by default. */
    default void epochDone(String summary) {
        LoggerFactory.getLogger(Progress.class).info(summary);
    }

    /** Logs at most every few seconds, with the rate and the time left. */
    static Progress logging() {
        Logger log = LoggerFactory.getLogger(Progress.class);
        return new Progress() {
            private String current;
            private long started;
            private long lastLog;

            @Override
            public synchronized void update(String phase, long done, long total) {
                long now = System.nanoTime();
                if (!phase.equals(current)) {
                    current = phase;
                    started = now;
                    lastLog = now;
                }
                if (now - lastLog > 5_000_000_000L || done == total) {
                    lastLog = now;
                    double seconds = (now - started) / 1e9;
                    double rate = done / Math.max(seconds, 1e-9);
                    log.info("{}: {}/{} ({} /s, ETA {} s)", phase, done, total, Math.round(rate),
                            Math.round((total - done) / Math.max(rate, 1e-9)));
                }
            }
        };
    }
}
