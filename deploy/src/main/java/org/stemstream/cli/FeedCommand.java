package org.stemstream.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.producers.feed.AcquisitionFeed;
import org.stemstream.producers.feed.FeedConfig;
import org.stemstream.producers.feed.FeedMeters;
import org.stemstream.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stem feed}: the acquisition feed, publishing the images a microscope drops into a folder. */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = {"Watch a folder for acquired images (TIFF, PNG, Gatan DM3/DM4, MRC, Velox EMD) and publish them to images-raw; "
                + "unreadable files go to feed-dlq. A stack (a multi-page TIFF, a DM, MRC or Velox stack: a tilt series) is published as "
                + "its frames, the views of one object. A file's own calibration (DM, MRC, Velox, ImageJ or FEI TIFF) gives its pixel size "
                + "unless its sidecar does. Sent files move to <folder>/sent, failed ones to <folder>/failed; a ledger in the folder keeps "
                + "restarts from sending a file twice.",
                "",
                "A sidecar <name>.json (or <name>.tif.json) beside an image describes it;",
                "every key is optional:",
                "  pixelSizeNm      pixel size in nm (default: the file's own calibration,",
                "                   else --pixel-size-nm)",
                "  dose             electron dose in e/A^2; recorded only",
                "  sampleId         the specimen (grid) the image comes from",
                "  objectId         the particle shown: images that share it (views, a tilt",
                "                   series) are fused (default: sampleId/<name>@<tag>, or",
                "                   <name>@<tag>; the tag: 8 hex digits of the file's hash)",
                "  countsPerNmGold  the detector's calibration: mean counts per pixel per nm",
                "                   of gold; the classifier scales the counts to its model's",
                "                   (default: the CNN reads the dose off the carbon film in",
                "                   the frame's border, the physics fit fits it)",
                "  darkCounts       the detector's dark level, subtracted from every pixel",
                "                   (default: --dark-counts)",
                "e.g. {\"pixelSizeNm\": 0.12, \"sampleId\": \"grid-7\", \"countsPerNmGold\": 8.5}", ""})
final class FeedCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ConnectionOptions connection;
    @Mixin MetricsOptions metricsOptions;

    @Option(names = "--folder", required = true, defaultValue = "${env:STEM_FEED_FOLDER}",
            description = "The folder the acquisition software writes to (env STEM_FEED_FOLDER).")
    Path folder;

    @Option(names = "--pixel-size-nm", defaultValue = "${env:STEM_FEED_PIXEL_SIZE_NM}",
            description = "Pixel size (nm) of images that state none, in a sidecar or in the file's own calibration (env "
                    + "STEM_FEED_PIXEL_SIZE_NM; default none: such images are refused to feed-dlq with the reason).")
    Double pixelSizeNm;

    @Option(names = "--dark-counts", defaultValue = "${env:STEM_FEED_DARK_COUNTS:-0}",
            description = "The detector's dark level, subtracted from every pixel of images whose sidecar gives none "
                    + "(env STEM_FEED_DARK_COUNTS, default ${DEFAULT-VALUE}: none).")
    double darkCounts;

    @Option(names = "--campaign", defaultValue = "${env:STEM_FEED_CAMPAIGN:-" + FeedConfig.DEFAULT_CAMPAIGN + "}",
            description = "Campaign id of the published images (env STEM_FEED_CAMPAIGN, default ${DEFAULT-VALUE}).")
    String campaign;

    @Option(names = "--poll", defaultValue = "${env:STEM_FEED_POLL:-2s}",
            description = "Rescan period, and how long a file must stay unchanged to count as complete: 500ms, 2s, 1m, PT2S "
                    + "or seconds (env STEM_FEED_POLL, default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--sent-folder", description = "Where sent files go (default <folder>/sent).")
    Path sentFolder;

    @Option(names = "--failed-folder", description = "Where dead-lettered files go (default <folder>/failed).")
    Path failedFolder;

    @Override
    public Integer call() throws Exception {
        if (poll.isZero()) {
            throw OptionChecks.invalid(spec, "--poll must be > 0"); // the folder would be scanned without pause
        }
        OptionChecks.nonNegative(spec, "--dark-counts", darkCounts);
        if (pixelSizeNm != null) {
            OptionChecks.positive(spec, "--pixel-size-nm", pixelSizeNm);
        }
        FeedConfig config = FeedConfig.of(connection.connection(), folder, pixelSizeNm == null ? Double.NaN : pixelSizeNm)
                .withPollInterval(poll).withCampaignId(campaign).withDefaultDarkCounts(darkCounts);
        if (sentFolder != null || failedFolder != null) {
            config = config.withDoneFolders(sentFolder != null ? sentFolder : config.sentFolder(),
                    failedFolder != null ? failedFolder : config.failedFolder());
        }
        AcquisitionFeed feed = new AcquisitionFeed(config); // checks the folder and locks its ledger first
        try {
            RoleCommands.connect(connection); // creates the missing topics
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        System.out.println("feed: watching " + folder.toAbsolutePath() + " -> " + Topics.IMAGES_RAW.name() + " (campaign " + campaign
                + "), unreadable files -> " + Topics.FEED_DLQ.name());
        StemMetrics metrics = metricsOptions.start(AcquisitionFeed.STAGE);
        FeedMeters.bind(feed, metrics.registry());
        return RoleCommands.runUntilStopped(RoleCommands.inOrder(feed.start(), metrics), feed::failure);
    }
}
