package org.stemstream.producers.feed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.stemstream.schemas.KafkaConnection;

/**
 * The acquisition feed's configuration, checked on creation.
 *
 * @param folder             the watched folder (must exist)
 * @param sentFolder         where published files go ({@code <folder>/sent} by default)
 * @param failedFolder       where dead-lettered files go ({@code <folder>/failed} by default)
 * @param pollInterval       rescan period, and the quiet period that makes a file complete
 * @param defaultPixelSizeNm pixel size of images that state none, in their sidecar or in the file's own
 *                           calibration; NaN: no default, such images are refused
 * @param campaignId         campaign id of every published image
 * @param defaultDarkCounts  the detector's dark level for images whose sidecar does not say (0: none)
 */
public record FeedConfig(KafkaConnection connection, Path folder, Path sentFolder, Path failedFolder, Duration pollInterval,
                         double defaultPixelSizeNm, String campaignId, double defaultDarkCounts) {
    public static final String DEFAULT_CAMPAIGN = "acquisition";
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    public FeedConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(sentFolder, "sentFolder");
        Objects.requireNonNull(failedFolder, "failedFolder");
        if (pollInterval == null || pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("poll interval must be 10 ms .. 1 h, got " + pollInterval);
        }
        if (!Double.isNaN(defaultPixelSizeNm) && !(Double.isFinite(defaultPixelSizeNm) && defaultPixelSizeNm > 0)) {
            throw new IllegalArgumentException("default pixel size must be a finite number of nm > 0 (or NaN: none), got " + defaultPixelSizeNm);
        }
        if (!(Double.isFinite(defaultDarkCounts) && defaultDarkCounts >= 0)) {
            throw new IllegalArgumentException("default dark level must be a finite number >= 0, got " + defaultDarkCounts);
        }
        if (campaignId == null || campaignId.isBlank()) {
            throw new IllegalArgumentException("campaign id must not be blank");
        }
        Path abs = folder.toAbsolutePath().normalize();
        if (abs.equals(sentFolder.toAbsolutePath().normalize()) || abs.equals(failedFolder.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the sent and failed folders must differ from the watched folder " + folder);
        }
    }

    /**
     * Sent files to {@code <folder>/sent}, failed to {@code <folder>/failed}, campaign
     * {@value #DEFAULT_CAMPAIGN}; {@code defaultPixelSizeNm} NaN for none.
     */
    public static FeedConfig of(KafkaConnection connection, Path folder, double defaultPixelSizeNm) {
        return new FeedConfig(connection, folder, folder.resolve("sent"), folder.resolve("failed"), DEFAULT_POLL,
                defaultPixelSizeNm, DEFAULT_CAMPAIGN, 0);
    }

    public FeedConfig withPollInterval(Duration poll) {
        return new FeedConfig(connection, folder, sentFolder, failedFolder, poll, defaultPixelSizeNm, campaignId, defaultDarkCounts);
    }

    public FeedConfig withCampaignId(String campaign) {
        return new FeedConfig(connection, folder, sentFolder, failedFolder, pollInterval, defaultPixelSizeNm, campaign, defaultDarkCounts);
    }

    public FeedConfig withDoneFolders(Path sent, Path failed) {
        return new FeedConfig(connection, folder, sent, failed, pollInterval, defaultPixelSizeNm, campaignId, defaultDarkCounts);
    }

    public FeedConfig withDefaultDarkCounts(double dark) {
        return new FeedConfig(connection, folder, sentFolder, failedFolder, pollInterval, defaultPixelSizeNm, campaignId, dark);
    }
}
