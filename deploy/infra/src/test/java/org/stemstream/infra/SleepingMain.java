package org.stemstream.infra;

import java.util.concurrent.CountDownLatch;

/** A child JVM for {@link ParentWatchdogTest}: waits forever until something ends it. */
public final class SleepingMain {

    private SleepingMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
