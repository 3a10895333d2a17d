package org.stemstream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stemstream.consumers.ResultsSink;
import org.stemstream.consumers.monitor.Monitor;
import org.stemstream.producers.feed.AcquisitionFeed;
import org.stemstream.producers.feed.FeedConfig;
import org.stemstream.producers.feed.FeedFolder;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.avro.Classification;

/**
 * {@code demo --watch DIR}: the acquisition feed on a folder, publishing into the demo's own
 * pipeline, and each answer to what it published printed as it arrives (the dashboard shows them
 * too). Knows how many image files were in the folder when it started, so that
 * {@code --exit-when-done} can wait for their answers.
 */
final class DemoWatch implements AutoCloseable {
    private final AcquisitionFeed feed;
    private final ResultsSink answers;
    private final long presentAtStart;
    private final String campaignId;
    private final PrintStream out;
    private final java.util.concurrent.atomic.AtomicLong stacksAnswered = new java.util.concurrent.atomic.AtomicLong();

    private DemoWatch(AcquisitionFeed feed, ResultsSink answers, long presentAtStart, String campaignId, PrintStream out) {
        this.feed = feed;
        this.answers = answers;
        this.presentAtStart = presentAtStart;
        this.campaignId = campaignId;
        this.out = out;
    }

    /**
     * Starts the feed on {@code folder} (campaign {@code campaignId}; {@code pixelSizeNm} null: files
     * must state their own), printing each answer, and each verdict that {@code monitor} reads
     * fused from several of the folder's images, to {@code out}.
     */
    static DemoWatch start(KafkaConnection connection, Path folder, Double pixelSizeNm, String campaignId, Monitor monitor, PrintStream out)
            throws IOException {
        long present;
        try (var files = Files.list(folder)) {
            present = files.filter(f -> FeedFolder.isImageName(f) && Files.isRegularFile(f)).count();
        }
        ResultsSink answers = new ResultsSink(connection, c -> campaignId.equals(c.getCampaignId()), c -> out.println(line(c))).start();
        FeedConfig config = FeedConfig.of(connection, folder, pixelSizeNm == null ? Double.NaN : pixelSizeNm).withCampaignId(campaignId);
        AcquisitionFeed feed;
        try {
            feed = new AcquisitionFeed(config); // checks the folder and locks its ledger
        } catch (RuntimeException e) {
            answers.close();
            throw e;
        }
        DemoWatch watch = new DemoWatch(feed, answers, present, campaignId, out);
        watch.printFusedFrom(monitor); // before the first file is sent
        try {
            feed.start();
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    /** One answer, as {@code predict} prints it: {@code acquired tilt.dm4[2]:  T1 deformed (0.97)  T2 3 (0.55) ...}. */
    private static String line(Classification c) {
        String view = c.getViewsExpected() > 1 ? "[" + c.getViewIndex() + "]" : "";
        return "  acquired " + c.getObjectId() + view + ":" + PredictCommand.summary(c.getPredictions());
    }

    /**
     * Prints each verdict that the monitor reads fused from several of the folder's images (a
     * stack's frames, or images whose sidecars share an object id):
     * {@code acquired tilt.tif, 3 views fused:  T1 deformed (0.99) ...}.
     */
    private void printFusedFrom(Monitor monitor) {
        monitor.onFused(o -> {
            if (!campaignId.equals(o.getCampaignId()) || o.getViewsUsed() < 2) {
                return;
            }
            out.println("  acquired " + o.getObjectId() + ", " + o.getViewsUsed() + " views fused" + (o.getComplete() ? ""
                    : " (of " + o.getViewsExpected() + " expected)") + ":" + PredictCommand.summary(o.getPredictions()));
            stacksAnswered.incrementAndGet();
        });
    }

    /**
     * Whether every image file present at the start has been sent or dead-lettered, every image sent
     * answered, and every stack sent answered from all its frames.
     */
    boolean presentFilesDone() {
        if (feed.failure() != null) {
            throw new IllegalStateException("the acquisition feed stopped: " + feed.failure(), feed.failure());
        }
        return feed.sent() + feed.deadLettered() + feed.duplicates() >= presentAtStart
                && answers.summary().classifications() >= feed.imagesSent() && stacksAnswered.get() >= feed.stacksSent();
    }

    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("folder", feed.config().folder().toAbsolutePath().toString());
        f.put("filesSent", feed.sent());
        f.put("filesDeadLettered", feed.deadLettered());
        f.put("imagesSent", feed.imagesSent());
        f.put("imagesAnswered", answers.summary().classifications());
        f.put("objectsFused", stacksAnswered.get());
        return f;
    }

    @Override
    public void close() {
        feed.close();
        answers.close();
    }
}
