package org.stemstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.stemstream.consumers.Classifier;
import org.stemstream.consumers.cnn.ReloadingModel;
import org.stemstream.consumers.monitor.Monitor;
import org.stemstream.deploy.LocalPipeline;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.producers.feed.AcquisitionFeed;
import org.stemstream.producers.feed.FeedConfig;
import org.stemstream.producers.feed.FeedMeters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Scenarios;
import org.stemstream.streams.AugmentProcessor;
import org.stemstream.streams.AugmentSettings;
import org.stemstream.streams.FuseProcessor;
import org.stemstream.streams.FuseSettings;
import org.stemstream.streams.NoiseProcessor;

/**
 * Every app serves Prometheus text over HTTP with its JVM, Kafka client or Kafka Streams meters
 * and its own {@code stem_*} meters: each app gets its own endpoint, traffic flows through all of
 * them, then each endpoint is scraped.
 */
@ExtendWith(StemInfrastructure.class)
class MetricsEndpointsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyAppsEndpointServesItsMeters(KafkaConnection kafka) throws Exception {
        kafka.ensureTopics(Topics.all());
        Map<String, StemMetrics> apps = new LinkedHashMap<>();
        for (String app : new String[] {"simulator-worker", "noise", "augment", "classifier", "fuse", "monitor", "feed"}) {
            apps.put(app, StemMetrics.start(app, 0));
        }
        String dir = Files.createTempDirectory("it-metrics").toString();
        java.nio.file.Path acquisitions = Files.createDirectories(java.nio.file.Path.of(dir, "acquisitions"));
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        png.getRaster().setSample(10, 10, 0, 500);
        javax.imageio.ImageIO.write(png, "png", acquisitions.resolve("good.png").toFile());
        Files.writeString(acquisitions.resolve("broken.tif"), "not a TIFF");
        try (ReloadingModel model = new ReloadingModel(LocalPipeline.defaultModels(), Duration.ofMinutes(1), apps.get("classifier").registry());
             Monitor monitor = new Monitor(kafka, apps.get("monitor"), Duration.ofSeconds(1), Clock.systemUTC()).start();
             Classifier classifier = new Classifier(new Classifier.Config(kafka, 32, apps.get("classifier")), model).start();
             FuseProcessor fuse = new FuseProcessor(new FuseProcessor.Config(kafka, FuseSettings.defaults(), 1, dir + "/fuse", apps.get("fuse"))).start();
             AugmentProcessor augment = new AugmentProcessor(new AugmentProcessor.Config(kafka, AugmentSettings.labelPreserving(), 1,
                     dir + "/augment", apps.get("augment"))).start();
             NoiseProcessor noise = new NoiseProcessor(new NoiseProcessor.Config(kafka, Imaging.defaults(), 1, dir + "/noise", apps.get("noise"))).start();
             SimulatorWorker worker = new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, 50, apps.get("simulator-worker"))).start();
             AcquisitionFeed feed = new AcquisitionFeed(FeedConfig.of(kafka, acquisitions, 0.25).withPollInterval(Duration.ofMillis(200)))) {
            FeedMeters.bind(feed, apps.get("feed").registry());
            feed.start();
            new RequestProducer(kafka, Clock.systemUTC()).send(new Campaign("it-metrics", Scenarios.named("seed-benchmark"), 30, 23), n -> { });
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> value(scrape(apps.get("monitor")), "stem_monitor_accuracy\\{[^}]*task=\"T2\",window=\"sinceStart\"[^}]*\\}") >= 0);

            await().atMost(Duration.ofSeconds(30)).until(() -> feed.sent() + feed.deadLettered() >= 2);
            String f = scrape(apps.get("feed"));
            assertThat(value(f, "stem_records_total\\{[^}]*outcome=\"processed\",stage=\"feed\"\\}")).isEqualTo(1);
            assertThat(value(f, "stem_records_total\\{[^}]*outcome=\"dead-letter\",stage=\"feed\"\\}")).isEqualTo(1);

            String w = scrape(apps.get("simulator-worker"));
            assertThat(value(w, "stem_records_total\\{[^}]*outcome=\"processed\",stage=\"simulator-worker\"\\}")).isGreaterThanOrEqualTo(30);
            assertThat(w).contains("stem_render_seconds_count", "stem_transaction_commit_seconds_bucket", "stem_stage_latency_seconds_count",
                    "kafka_consumer_fetch_manager_records_consumed_total", "kafka_producer_record_send_total", "jvm_memory_used_bytes");
            for (String streamsApp : new String[] {"noise", "augment", "fuse"}) {
                assertThat(scrape(apps.get(streamsApp))).as(streamsApp).contains("kafka_stream_", "stage=\"" + streamsApp + "\"", "jvm_threads_live_threads");
            }
            assertThat(value(scrape(apps.get("noise")), "stem_noise_steps_total\\{[^}]*step=\"shot-noise\"\\}")).isGreaterThanOrEqualTo(30);
            String c = scrape(apps.get("classifier"));
            assertThat(value(c, "stem_classifications_total\\{[^}]*model=\"" + model.name() + "\"[^}]*\\}")).isGreaterThanOrEqualTo(1);
            assertThat(c).contains("stem_inference_latency_seconds_bucket", "stem_inference_batch_size_count");
            assertThat(scrape(apps.get("monitor"))).contains("stem_monitor_images_per_second", "stem_monitor_dead_letters{", "stem_monitor_lag{");

            // the cluster's Grafana dashboard is built on these very meters
            StringBuilder all = new StringBuilder();
            for (StemMetrics app : apps.values()) {
                all.append(scrape(app));
            }
            java.util.Set<String> served = new java.util.HashSet<>();
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE).matcher(all).results().forEach(r -> served.add(r.group(1)));
            String grafana = Files.readString(java.nio.file.Path.of("..", "deploy", "monitoring", "grafana-dashboard.json"));
            var referenced = Pattern.compile("\\b((?:stem|kafka|jvm)_[a-z0-9_]+)").matcher(grafana).results().map(r -> r.group(1))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
            assertThat(referenced).isNotEmpty();
            assertThat(served).as("metrics the Grafana dashboard queries").containsAll(referenced);
        } finally {
            apps.values().forEach(StemMetrics::close);
        }
    }

    private static String scrape(StemMetrics app) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of the first sample whose name and labels match {@code pattern}, or -1. */
    private static double value(String text, String pattern) {
        Matcher m = Pattern.compile("^" + pattern + " ([-+0-9.eE]+|NaN)$", Pattern.MULTILINE).matcher(text);
        return m.find() && !m.group(1).equals("NaN") ? Double.parseDouble(m.group(1)) : -1;
    }
}
