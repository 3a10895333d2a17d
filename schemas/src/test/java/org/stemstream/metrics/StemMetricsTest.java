package org.stemstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StemMetricsTest {

    @Test
    void stageMetersAreServedAsPrometheusTextOverHttp() throws Exception {
        try (StemMetrics metrics = StemMetrics.start("test", 0)) {
            StageMeters meters = new StageMeters(metrics.registry(), "noise");
            meters.committed(5, 2);
            meters.batch(7, 1_000_000, 2_000_000);

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + metrics.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("stem_records_total{instance=\"test\",outcome=\"processed\",stage=\"noise\"} 5.0")
                    .contains("stem_records_total{instance=\"test\",outcome=\"dead-letter\",stage=\"noise\"} 2.0")
                    .contains("stem_batch_size_sum{instance=\"test\",stage=\"noise\"} 7.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void theEndpointListensOnLoopbackOnlyByDefault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(StemMetrics.BIND_ENV) == null);
        try (StemMetrics metrics = StemMetrics.start("test", 0)) {
            assertThat(StemMetrics.bindAddress()).isEqualTo("127.0.0.1");
            java.net.InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
            org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "no non-loopback address to try");
            try (java.net.Socket s = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(external, metrics.port()), 2000))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void aTakenPortFallsBackToAFreeOne() {
        try (StemMetrics first = StemMetrics.start("a", 0); StemMetrics second = StemMetrics.start("b", first.port())) {
            assertThat(second.port()).isPositive().isNotEqualTo(first.port());
        }
    }
}
