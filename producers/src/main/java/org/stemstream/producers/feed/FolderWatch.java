package org.stemstream.producers.feed;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the feed when files appear or change in the folder, and after the poll interval at the
 * latest (watch events are lost on network and some container filesystems, so the feed rescans
 * anyway). Without a WatchService it simply waits for the poll interval. {@link #close} wakes a
 * waiting feed at once.
 */
final class FolderWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FolderWatch.class);

    private final WatchService service;
    private final long pollMillis;
    private final CountDownLatch closed = new CountDownLatch(1);

    private FolderWatch(WatchService service, Duration poll) {
        this.service = service;
        this.pollMillis = poll.toMillis();
    }

    static FolderWatch open(Path folder, Duration poll) {
        try {
            WatchService service = folder.getFileSystem().newWatchService();
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            return new FolderWatch(service, poll);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("no file-system events for {} ({}); rescanning every {} ms", folder, e.toString(), poll.toMillis());
            return new FolderWatch(null, poll);
        }
    }

    /** Returns after an event, the poll interval, or close; after an event it pauses a little, so that a slow writer cannot spin the feed. */
    void await() throws InterruptedException {
        if (service == null) {
            closed.await(pollMillis, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            WatchKey key = service.poll(pollMillis, TimeUnit.MILLISECONDS);
            if (key == null) {
                return;
            }
            for (; key != null; key = service.poll()) {
                key.pollEvents(); // what changed does not matter: the rescan looks at everything
                key.reset();
            }
            closed.await(Math.min(pollMillis / 4, 250), TimeUnit.MILLISECONDS);
        } catch (ClosedWatchServiceException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed.countDown();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("watch service close", e);
            }
        }
    }
}
