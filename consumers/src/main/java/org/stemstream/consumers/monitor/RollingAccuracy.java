package org.stemstream.consumers.monitor;

import java.util.ArrayDeque;

/**
 * Accuracy of one task over three windows: the last {@code windowMillis} (by the time a result
 * was seen), the last {@code lastN} results, and since start. Not thread-safe: the monitor feeds
 * it from one thread and reads snapshots under its lock.
 */
public final class RollingAccuracy {
    private final long windowMillis;
    private final boolean[] ring;
    private final ArrayDeque<long[]> timed = new ArrayDeque<>(); // {atMillis, correct ? 1 : 0}
    private int ringSize;
    private int ringNext;
    private int ringCorrect;
    private long timedCorrect;
    private long total;
    private long totalCorrect;

    public RollingAccuracy(long windowMillis, int lastN) {
        if (windowMillis <= 0 || lastN <= 0) {
            throw new IllegalArgumentException("window " + windowMillis + " ms and last " + lastN + " must be > 0");
        }
        this.windowMillis = windowMillis;
        this.ring = new boolean[lastN];
    }

    public void add(long atMillis, boolean correct) {
        total++;
        totalCorrect += correct ? 1 : 0;
        if (ringSize == ring.length) {
            ringCorrect -= ring[ringNext] ? 1 : 0;
        } else {
            ringSize++;
        }
        ring[ringNext] = correct;
        ringCorrect += correct ? 1 : 0;
        ringNext = (ringNext + 1) % ring.length;
        timed.addLast(new long[] {atMillis, correct ? 1 : 0});
        timedCorrect += correct ? 1 : 0;
        expire(atMillis);
    }

    private void expire(long nowMillis) {
        while (!timed.isEmpty() && timed.peekFirst()[0] <= nowMillis - windowMillis) {
            timedCorrect -= timed.pollFirst()[1];
        }
    }

    /** Accuracy over the time window ending at {@code nowMillis}; NaN when it holds nothing. */
    public double window(long nowMillis) {
        expire(nowMillis);
        return timed.isEmpty() ? Double.NaN : (double) timedCorrect / timed.size();
    }

    public int windowCount(long nowMillis) {
        expire(nowMillis);
        return timed.size();
    }

    /** Accuracy over the last N results (fewer at the start); NaN before the first. */
    public double lastN() {
        return ringSize == 0 ? Double.NaN : (double) ringCorrect / ringSize;
    }

    public int lastNCount() {
        return ringSize;
    }

    public double sinceStart() {
        return total == 0 ? Double.NaN : (double) totalCorrect / total;
    }

    public long count() {
        return total;
    }
}
