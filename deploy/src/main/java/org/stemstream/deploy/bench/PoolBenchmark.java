package org.stemstream.deploy.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.RequestProducer;
import org.stemstream.producers.SimulatorWorker;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.tools.SimulatorBenchmark;

/**
 * The simulator worker pool's throughput through Kafka, against the simulator library alone:
 * {@code members} workers (one render thread each, each its own consumer-group member, up to
 * {@code maxBatch} requests per transaction) render campaigns sent while they run; images/s counts committed requests
 * (transactions included). A warm-up of {@code warmup} runs first on the same members: a pool runs
 * for weeks, and the JIT takes the better part of a minute on two cores to compile the broker and
 * client code paths (measured cold, the same pool reported about 40 % less). Kafka's overhead is
 * the pool's rate over {@code members} x the library's single-thread rate for the same work (the
 * noiseless projection).
 */
public final class PoolBenchmark {
    private PoolBenchmark() {
    }

    public record Result(int members, int requests, double seconds, double imagesPerSecond) {
        /** The pool's rate over {@code members} x the library's single-thread rate. */
        public double efficiency(double libraryImagesPerSecondPerThread) {
            return imagesPerSecond / (members * libraryImagesPerSecondPerThread);
        }
    }

    /** The library's own rate, one thread, for the worker's work (projection, no noise). */
    public static double libraryRate(double seconds) {
        return SimulatorBenchmark.run(128, false, seconds).imagesPerSecond();
    }

    public static Result run(KafkaConnection kafka, int members, int requests, int maxBatch, Duration warmup) throws Exception {
        kafka.ensureTopics(Topics.all());
        List<SimulatorWorker> workers = new ArrayList<>();
        try (Admin admin = Admin.create(kafka.common())) {
            for (int i = 0; i < members; i++) {
                workers.add(new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, maxBatch)).start());
            }
            // warm-up: group membership, transactions, JIT; in rounds until the time is up
            long warmEnd = System.nanoTime() + warmup.toNanos();
            do {
                long base = committed(admin);
                long warm = send(kafka, "bench-warmup-" + System.nanoTime(), Math.max(200, Math.min(requests, 5000)) * members);
                awaitCommitted(admin, base + warm, Duration.ofMinutes(3));
            } while (System.nanoTime() < warmEnd);

            long base = committed(admin);
            long start = System.nanoTime();
            long sent = send(kafka, "bench-pool-" + System.nanoTime(), requests);
            awaitCommitted(admin, base + sent, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(members, (int) sent, seconds, sent / seconds);
        } finally {
            workers.forEach(SimulatorWorker::close);
        }
    }

    private static long send(KafkaConnection kafka, String campaignId, int count) {
        return new RequestProducer(kafka, Clock.systemUTC()).send(new Campaign(campaignId, Scenarios.named("seed-benchmark"), count, 7), n -> { });
    }

    private static void awaitCommitted(Admin admin, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(admin) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool did not finish within " + timeout);
            }
            // polling the group's committed offsets: there is no event to wait for across processes
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /** Requests the simulator-worker group has committed, over all partitions (one shared admin client: creating one costs more than the query). */
    public static long committed(Admin admin) throws Exception {
        return PipelineBenchmark.committed(admin, Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS);
    }
}
