package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.consumers.monitor.DashboardServer;
import org.stemstream.consumers.monitor.Monitor;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.ViewPlan;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.simulator.Scenarios;

/**
 * The live dashboard in a real browser: the pipeline classifies a steady stream of images while
 * headless Chromium shows the monitor's page; accuracy and throughput appear and change, and a
 * screenshot is saved to {@code target/dashboard.png}. Needs Debian's chromium (.ci/run installs
 * it and sets STEM_REQUIRE_CHROMIUM=1, so that CI cannot skip this test).
 */
@ExtendWith(StemInfrastructure.class)
class DashboardIT {
    private static final String STATE = "JSON.stringify({live: document.getElementById('connection').textContent, "
            + "classified: Number(document.getElementById('classifications').textContent), "
            + "rate: Number(document.getElementById('images-per-second').textContent), "
            + "accuracy: (document.getElementById('acc-T2-sinceStart') || {}).textContent || null, "
            + "accuracyRow: (document.querySelector('#accuracy tbody') || {}).textContent || '', "
            + "thumbs: document.querySelectorAll('#thumbs img[src]').length, "
            + "objects: (document.querySelector('#objects tbody') || {}).textContent || ''})";

    @Test
    void accuracyAndThroughputAppearAndChangeWhileImagesFlow(KafkaConnection kafka) throws Exception {
        var chromium = HeadlessChromium.executable();
        if (chromium.isEmpty() && "1".equals(System.getenv("STEM_REQUIRE_CHROMIUM"))) {
            throw new AssertionError("chromium is required (STEM_REQUIRE_CHROMIUM=1) but not installed");
        }
        Assumptions.assumeTrue(chromium.isPresent(), "chromium is not installed (apt-get install chromium; .ci/run does)");
        String campaignId = "it-dashboard";
        try (StemMetrics metrics = StemMetrics.inMemory();
             LocalPipeline pipeline = LocalPipeline.start(kafka, campaignId, new LocalPipeline.Options(2, 1, 32).withMetrics(metrics));
             Monitor monitor = new Monitor(kafka, metrics, Duration.ofSeconds(1), Clock.systemUTC()).start();
             DashboardServer dashboard = new DashboardServer(monitor, 0, metrics::scrape, Clock.systemUTC());
             HeadlessChromium browser = new HeadlessChromium(chromium.get(), dashboard.url())) {
            CompletableFuture<Long> sending = CompletableFuture.supplyAsync(() -> new RequestProducer(kafka, Clock.systemUTC())
                    .send(new Campaign(campaignId, Scenarios.named("seed-benchmark"), 400, 17, new ViewPlan.Independent(2)), 25, n -> { }));

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> state(browser).path("classified").asLong() >= 20 && state(browser).hasNonNull("accuracy"));
            JsonNode first = state(browser);
            assertThat(first.path("live").asText()).isEqualTo("live");
            assertThat(first.path("accuracy").asText()).matches("\\d+\\.\\d %");

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode now = state(browser);
                return now.path("classified").asLong() >= first.path("classified").asLong() + 40
                        && now.path("rate").asDouble() > 0 && !now.path("accuracyRow").asText().equals(first.path("accuracyRow").asText());
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> state(browser).path("thumbs").asInt() > 0);
            // two views of each particle: their fused verdicts are listed, two views each
            await().atMost(Duration.ofSeconds(30)).until(() -> state(browser).path("objects").asText().contains("T2 "));
            browser.screenshot(Path.of("target", "dashboard.png"));
            sending.cancel(true);
        }
        assertThat(Path.of("target", "dashboard.png")).isRegularFile();
    }

    private static JsonNode state(HeadlessChromium browser) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(browser.evaluate(STATE).asText());
    }
}
