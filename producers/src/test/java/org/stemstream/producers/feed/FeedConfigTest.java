package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.KafkaConnection;

class FeedConfigTest {
    private final KafkaConnection c = new KafkaConnection("unused:9092", "mock://feed-config");

    @Test
    void configurationIsCheckedWithClearMessages(@TempDir Path dir) {
        assertThatThrownBy(() -> FeedConfig.of(c, dir, -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> FeedConfig.of(c, dir, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThat(FeedConfig.of(c, dir, Double.NaN).defaultPixelSizeNm()).as("no default: files state their own").isNaN();
        assertThatThrownBy(() -> FeedConfig.of(c, dir, 0.1).withPollInterval(Duration.ofMillis(1))).hasMessageContaining("poll interval");
        assertThatThrownBy(() -> FeedConfig.of(c, dir, 0.1).withCampaignId(" ")).hasMessageContaining("campaign");
        assertThatThrownBy(() -> FeedConfig.of(c, dir, 0.1).withDefaultDarkCounts(-1)).hasMessageContaining("dark level");
        assertThatThrownBy(() -> FeedConfig.of(c, dir, 0.1).withDoneFolders(dir, dir.resolve("f"))).hasMessageContaining("differ");
    }
}
