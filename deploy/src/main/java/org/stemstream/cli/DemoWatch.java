package org.stemstream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stemstream.consumers.ResultsSink;
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

    private DemoWatch(AcquisitionFeed feed, ResultsSink answers, long presentAtStart) {
        this.feed = feed;
        this.answers = answers;
        this.presentAtStart = presentAtStart;
    }

    /** Starts the feed on {@code folder} (campaign {@code campaignId}); {@code pixelSizeNm} null: files must state their own. */
    static DemoWatch start(KafkaConnection connection, Path folder, Double pixelSizeNm, String campaignId, PrintStream out) throws IOException {
        long present;
        try (var files = Files.list(folder)) {
            present = files.filter(f -> FeedFolder.isImageName(f) && Files.isRegularFile(f)).count();
        }
        ResultsSink answers = new ResultsSink(connection, c -> campaignId.equals(c.getCampaignId()), c -> out.println(line(c))).start();
        FeedConfig config = FeedConfig.of(connection, folder, pixelSizeNm == null ? Double.NaN : pixelSizeNm).withCampaignId(campaignId);
        try {
            return new DemoWatch(new AcquisitionFeed(config).start(), answers, present);
        } catch (RuntimeException e) {
            answers.close();
            throw e;
        }
    }

    /** One answer, as {@code predict} prints it: {@code acquired tilt.dm4[2]:  T1 deformed (0.97)  T2 3 (0.55) ...}. */
    private static String line(Classification c) {
        String view = c.getViewsExpected() > 1 ? "[" + c.getViewIndex() + "]" : "";
        return "  acquired " + c.getObjectId() + view + ":" + PredictCommand.summary(c.getPredictions());
    }

    /** Whether every image file present at the start has been sent or dead-lettered, and every image sent has been answered. */
    boolean presentFilesDone() {
        if (feed.failure() != null) {
            throw new IllegalStateException("the acquisition feed stopped: " + feed.failure(), feed.failure());
        }
        return feed.sent() + feed.deadLettered() + feed.duplicates() >= presentAtStart
                && answers.summary().classifications() >= feed.imagesSent();
    }

    Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("folder", feed.config().folder().toAbsolutePath().toString());
        f.put("filesSent", feed.sent());
        f.put("filesDeadLettered", feed.deadLettered());
        f.put("imagesSent", feed.imagesSent());
        f.put("imagesAnswered", answers.summary().classifications());
        return f;
    }

    @Override
    public void close() {
        feed.close();
        answers.close();
    }
}
