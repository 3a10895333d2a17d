package org.stemstream.producers.feed;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** The feed's counts as the stage meters every app has: {@code stem.records{stage=feed,outcome}}, plus skipped duplicates. */
public final class FeedMeters {
    private FeedMeters() {
    }

    public static void bind(AcquisitionFeed feed, MeterRegistry registry) {
        FunctionCounter.builder("stem.records", feed, AcquisitionFeed::sent)
                .tag("stage", AcquisitionFeed.STAGE).tag("outcome", "processed").description("files sent").register(registry);
        FunctionCounter.builder("stem.records", feed, AcquisitionFeed::deadLettered)
                .tag("stage", AcquisitionFeed.STAGE).tag("outcome", "dead-letter").description("files dead-lettered").register(registry);
        FunctionCounter.builder("stem.feed.images", feed, AcquisitionFeed::imagesSent)
                .tag("stage", AcquisitionFeed.STAGE).description("images published: the files sent, a stack's frames each").register(registry);
        FunctionCounter.builder("stem.feed.duplicates", feed, AcquisitionFeed::duplicates)
                .tag("stage", AcquisitionFeed.STAGE).description("files already sent (by content), skipped").register(registry);
    }
}
