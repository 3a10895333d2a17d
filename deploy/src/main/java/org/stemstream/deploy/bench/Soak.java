package org.stemstream.deploy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;

/** {@code bench pipeline}'s soak: a long stream at the latency phase's rate, checked for a growing heap or lag. */
final class Soak {
    private Soak() {
    }

    /**
     * {@code n} requests at {@code rate} while sampling the heap after GC and the total lag of the
     * pipeline's groups ({@code inputs}: each group's input topic) about 20 times (every 10 s at most, 1 s at least): a healthy pipeline keeps
     * both flat. The heap is compared by the median of the first and last quarter of the samples,
     * so that one sample taken while a large batch was in hand does not decide; the lag by the mean.
     */
    static Map<String, Object> run(KafkaConnection kafka, Admin admin, Map<String, Topic<?, ?>> inputs, String campaign, int n, double rate,
                                   java.util.function.Consumer<String> progress) throws Exception {
        List<double[]> samples = new ArrayList<>(); // {seconds, heapMiB, lag}
        Duration period = samplePeriod(n, rate);
        try (ClassifiedCounter classified = new ClassifiedCounter(kafka)) {
            var sending = java.util.concurrent.CompletableFuture.supplyAsync(() -> PipelineBenchmark.send(kafka, campaign, n, rate));
            long t0 = System.nanoTime();
            // the soak's own length plus the phase timeout: a stalled stage or a failed send ends it with an error
            long deadline = t0 + Math.round(n / rate * 1e9) + PipelineBenchmark.PHASE_TIMEOUT.toNanos();
            while (classified.count(campaign) < n) {
                if (sending.isCompletedExceptionally()) {
                    sending.get(); // throws the send's failure
                }
                if (System.nanoTime() > deadline) {
                    throw new java.util.concurrent.TimeoutException("soak: " + classified.count(campaign) + " of " + n
                            + " requests classified after " + Math.round((System.nanoTime() - t0) / 1e9) + " s");
                }
                classified.pollFor(period);
                double lag = 0;
                for (Map.Entry<String, Topic<?, ?>> group : inputs.entrySet()) {
                    lag += lag(admin, group.getKey(), group.getValue());
                }
                samples.add(new double[] {(System.nanoTime() - t0) / 1e9, PipelineBenchmark.heapAfterGcMiB(), lag});
                progress.accept(String.format(java.util.Locale.ROOT, "  soak %5.0f s: heap after GC %.0f MiB, total lag %.0f",
                        samples.get(samples.size() - 1)[0], samples.get(samples.size() - 1)[1], lag));
            }
            sending.get();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", n);
        out.put("requestsPerSecond", rate);
        Latencies measured = Latencies.read(kafka, campaign);
        double p50 = Latencies.percentile(measured.endToEnd(), 50);
        double p99 = Latencies.percentile(measured.endToEnd(), 99);
        out.put("p50Millis", p50);
        out.put("p99Millis", p99);
        out.put("p99MillisBy5sWindow", measured.p99ByWindow());
        progress.accept(String.format(java.util.Locale.ROOT, "  soak of %d requests at %.0f/s: end-to-end p50 %.0f ms, p99 %.0f ms "
                + "(the worst 5 s: p99 %.0f ms)", n, rate, p50, p99, measured.p99ByWindow().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        out.put("sampleSeconds", period.toMillis() / 1000.0);
        out.put("samples", samples);
        if (samples.size() >= 4) {
            int q = samples.size() / 4;
            double heapFirst = median(samples.subList(0, q).stream().mapToDouble(x -> x[1]).toArray());
            double heapLast = median(samples.subList(samples.size() - q, samples.size()).stream().mapToDouble(x -> x[1]).toArray());
            double lagFirst = samples.subList(0, q).stream().mapToDouble(x -> x[2]).average().orElse(Double.NaN);
            double lagLast = samples.subList(samples.size() - q, samples.size()).stream().mapToDouble(x -> x[2]).average().orElse(Double.NaN);
            out.put("heapFirstQuarterMiB", heapFirst);
            out.put("heapLastQuarterMiB", heapLast);
            out.put("heapFlat", heapLast <= heapFirst * 1.2 + 16);
            out.put("lagFirstQuarter", lagFirst);
            out.put("lagLastQuarter", lagLast);
            out.put("lagNotGrowing", lagLast <= lagFirst * 1.5 + rate * 10);
        }
        return out;
    }

    /** About 20 samples over the soak's expected length, every 1 to 10 s. */
    static Duration samplePeriod(int requests, double rate) {
        double seconds = Math.max(1, Math.min(10, requests / rate / 20));
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static long lag(Admin admin, String group, Topic<?, ?> input) throws Exception {
        long end = PipelineBenchmark.endOffsets(admin, input).values().stream().mapToLong(Long::longValue).sum();
        return Math.max(0, end - PipelineBenchmark.committed(admin, group, input));
    }
}
