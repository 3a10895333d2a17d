package org.stemstream.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For commands that run stages on their own thread until they are done (benchmarks): while this
 * is open, Ctrl-C or SIGTERM interrupts the thread that opened it and waits up to
 * {@link #GRACE_SECONDS} for it to close this, so that its try-with-resources closes the stages,
 * then the broker, in order. Without it the JVM's exit waited for the embedded broker's grace
 * period (45 s) while the command went on measuring.
 */
final class InterruptOnSignal implements AutoCloseable {
    static final int GRACE_SECONDS = 40;

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    InterruptOnSignal() {
        Thread owner = Thread.currentThread();
        hook = new Thread(() -> {
            owner.interrupt();
            try {
                closed.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stem-interrupt-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is waiting for this close and returns now
        }
    }
}
