package org.stemstream.cli;

import me.tongfei.progressbar.ProgressBar;
import org.stemstream.consumers.train.Progress;

/** Draws one progress bar (with rate and ETA) per phase of a long job. */
final class BarProgress implements Progress, AutoCloseable {
    private ProgressBar bar;
    private String phase;

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        if (!newPhase.equals(phase)) {
            close();
            phase = newPhase;
            bar = new ProgressBar(newPhase, total);
        }
        bar.stepTo(done);
    }

    @Override
    public synchronized void epochDone(String summary) {
        close();
        System.out.println(summary);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
