package org.stemstream.deploy.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.stemstream.metrics.StageMeters;
import org.stemstream.metrics.StemMetrics;
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
 * {@code maxBatch} requests per transaction) render campaigns sent while they run, in rounds; images/s counts committed
 * requests (transactions included). A warm-up of {@code warmup} runs first on the same members: a pool runs
 * for weeks, and the JIT takes minutes on two cores to compile the broker and client code paths
 * (measured cold, the same pool reported about 40 % less; after 30 s the compiler threads still
 * took a sixth of the process's CPU).
 *
 * <p>Two rates come out: the whole campaign's, and the backlog's, from the moment the last request
 * is acknowledged to the last commit. While the campaign is sent, the request producer shares the
 * machine with the pool; in a deployment it runs elsewhere, so Kafka's overhead is taken on the
 * backlog: each round's backlog rate over the library's rate for the same work (the noiseless
 * projection) on as many threads as the pool has members, measured just before and after the
 * round ({@link Round}), and the median over the rounds ({@link Rounds}).
 */
public final class PoolBenchmark {
    private PoolBenchmark() {
    }

    /**
     * @param seconds          from the first request sent to the last committed
     * @param backlogRequests  requests still uncommitted once the campaign was sent
     * @param backlogSeconds   from then to the last commit
     * @param backlog          where the time went while the backlog was worked off
     */
    public record Result(int members, int requests, double seconds, long backlogRequests, double backlogSeconds, Backlog backlog) {
        /** The whole campaign's rate, sending included. */
        public double imagesPerSecond() {
            return requests / seconds;
        }

        /** The rate on the backlog, with the request producer done. */
        public double backlogImagesPerSecond() {
            return backlogRequests / backlogSeconds;
        }
    }

    /**
     * The backlog's figures that say why the pool falls short of the library: the efficiency is
     * about {@code renderBusy} x (the library's time per image / {@code renderMillisPerImage}).
     *
     * @param renderBusy           share of the render threads' wall time spent rendering (running, or
     *                             ready to run and waiting for a core): the rest they waited for work
     * @param renderMillisPerImage wall time of one render on a render thread, encoding included
     * @param processCpuCores      cores the whole process used (broker, registry client, pool)
     * @param compilerCores        of which the JIT compiler's threads
     * @param commitMillis         mean time to produce and commit one transaction (the stage
     *                             thread's wait, while the render threads work on the batches ahead)
     * @param imagesPerTransaction mean requests per transaction
     */
    public record Backlog(double renderBusy, double renderMillisPerImage, double processCpuCores, double compilerCores,
                          double commitMillis, double imagesPerTransaction) {
        static Backlog between(Snapshot start, Snapshot end, int members) {
            double wallNanos = Math.max(1, end.usage().wallNanos() - start.usage().wallNanos());
            double renderNanos = end.renderNanos() - start.renderNanos();
            long renders = end.renders() - start.renders();
            long commits = end.commits() - start.commits();
            return new Backlog(renderNanos / (members * wallNanos), renders == 0 ? Double.NaN : renderNanos / 1e6 / renders,
                    end.usage().coresSince(start.usage()), end.usage().compilerCoresSince(start.usage()),
                    commits == 0 ? Double.NaN : (end.commitNanos() - start.commitNanos()) / 1e6 / commits,
                    commits == 0 ? Double.NaN : (end.committedRecords() - start.committedRecords()) / (double) commits);
        }
    }

    /** The render timer and the transactions (all members), and the process's CPU, at one moment. */
    record Snapshot(double renderNanos, long renders, double commitNanos, long commits, double committedRecords, PipelineBenchmark.Usage usage) {
        static Snapshot of(io.micrometer.core.instrument.MeterRegistry registry) {
            Timer render = registry.get(SimulatorWorker.RENDER_TIMER).timer();
            Timer commit = registry.get(StageMeters.COMMIT).tag("stage", SimulatorWorker.STAGE).timer();
            var batch = registry.get(StageMeters.BATCH_SIZE).tag("stage", SimulatorWorker.STAGE).summary();
            return new Snapshot(render.totalTime(TimeUnit.NANOSECONDS), render.count(), commit.totalTime(TimeUnit.NANOSECONDS),
                    commit.count(), batch.totalAmount(), PipelineBenchmark.Usage.now());
        }
    }

    /** Below this share of the campaign left as a backlog, the backlog's rate is too short a measurement. */
    static final double MIN_BACKLOG_SHARE = 0.25;

    /**
     * One round: the pool on one campaign, and the library's rate on as many threads as the pool
     * has members, measured just before and just after it in the same process. On a shared machine
     * the library's own rate moves by a third from minute to minute (13,175 then 9,623 images/s in
     * one run here), so each round is set against the library measured around it.
     */
    public record Round(Result pool, double libraryBefore, double libraryAfter) {
        /** The library's rate around the round: the mean of the measurements before and after it. */
        public double libraryAround() {
            return (libraryBefore + libraryAfter) / 2;
        }

        /** The pool's backlog rate over the library's on as many threads, around the round. */
        public double efficiency() {
            return pool.backlogImagesPerSecond() / libraryAround();
        }
    }

    /** A pool size's rounds, in order; round k's library "after" is round k+1's "before". */
    public record Rounds(int members, List<Round> rounds) {
        public Rounds {
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("no rounds");
            }
            rounds = List.copyOf(rounds);
        }

        /** The median of the rounds' efficiencies: the figure a noisy machine's outliers move least. */
        public double medianEfficiency() {
            return Soak.median(rounds.stream().mapToDouble(Round::efficiency).toArray());
        }

        public double minEfficiency() {
            return rounds.stream().mapToDouble(Round::efficiency).min().orElseThrow();
        }

        public double maxEfficiency() {
            return rounds.stream().mapToDouble(Round::efficiency).max().orElseThrow();
        }

        public double medianBacklogImagesPerSecond() {
            return Soak.median(rounds.stream().mapToDouble(r -> r.pool().backlogImagesPerSecond()).toArray());
        }
    }

    /** The library's own rate, one thread, for the worker's work (projection, no noise). */
    public static double libraryRate(double seconds) {
        return SimulatorBenchmark.run(128, false, seconds).imagesPerSecond();
    }

    /** The library's images/s on {@code threads} threads at once ({@link SimulatorBenchmark#runParallel}): a pool of that many members' own baseline. */
    public static double libraryRate(double seconds, int threads) throws InterruptedException {
        return SimulatorBenchmark.runParallel(128, false, seconds, threads).imagesPerSecond();
    }

    /**
     * Starts {@code members} workers, warms them up, then measures {@code rounds} rounds, each a
     * campaign of {@code requests} between two measurements of the library on {@code members}
     * threads ({@code librarySeconds} each); {@code onRound} hears of each round as it ends, with its number from 1.
     */
    public static Rounds run(KafkaConnection kafka, int members, int requests, int maxBatch, Duration warmup, int rounds,
                             double librarySeconds, boolean boundRawLog, java.util.function.ObjIntConsumer<Round> onRound) throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException(rounds + " rounds: at least 1");
        }
        kafka.ensureTopics(Topics.all());
        List<SimulatorWorker> workers = new ArrayList<>();
        StemMetrics metrics = StemMetrics.inMemory(); // one registry: the members' render timers add up
        try (Admin admin = Admin.create(kafka.common())) {
            if (boundRawLog) {
                boundLog(admin, Topics.IMAGES_RAW.name());
            }
            for (int i = 0; i < members; i++) {
                workers.add(new SimulatorWorker(new SimulatorWorker.Config(kafka, 1, maxBatch, metrics)).start());
            }
            // warm-up: group membership, transactions, JIT; in rounds until the time is up
            long warmEnd = System.nanoTime() + warmup.toNanos();
            do {
                long base = committed(admin);
                long warm = send(kafka, "bench-warmup-" + System.nanoTime(), Math.max(200, Math.min(requests, 5000)) * members);
                awaitCommitted(admin, base + warm, Duration.ofMinutes(3));
            } while (System.nanoTime() < warmEnd);

            List<Round> measured = new ArrayList<>();
            double before = libraryRate(librarySeconds, members);
            for (int k = 0; k < rounds; k++) {
                Result pool = measure(kafka, admin, metrics.registry(), members, requests);
                double after = libraryRate(librarySeconds, members);
                Round round = new Round(pool, before, after);
                measured.add(round);
                onRound.accept(round, k + 1);
                before = after;
            }
            return new Rounds(members, measured);
        } finally {
            workers.forEach(SimulatorWorker::close);
            metrics.close(); // the Kafka client binders' threads
        }
    }

    /** Segment size of a bounded log ({@link #boundLog}). */
    public static final long BOUNDED_SEGMENT_BYTES = 64L << 20;
    /** What a bounded log keeps per partition ({@link #boundLog}). */
    public static final long BOUNDED_RETENTION_BYTES = 192L << 20;

    /**
     * Keeps {@code topic}'s log to {@link #BOUNDED_RETENTION_BYTES} a partition, in segments of
     * {@link #BOUNDED_SEGMENT_BYTES}: only for a topic nothing reads, on a broker of the
     * benchmark's own. The pool writes 1.7 GB to {@code images-raw} per 100,000 images and nothing
     * reads it here; grown past a few GB, the broker's writes into the page cache took about ten
     * times the CPU on this machine's VM (async-profiler: {@code write()} 0.19 cores against 0.015
     * in the first round), the transactions lengthened from 14-18 to 22-27 ms and the pool slowed by
     * a quarter in every later round. With the log bounded, three rounds ran at 8,244, 8,931 and
     * 9,108 images/s, transactions 17, 15 and 15 ms.
     */
    public static void boundLog(Admin admin, String topic) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG, Long.toString(BOUNDED_SEGMENT_BYTES)), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(BOUNDED_RETENTION_BYTES)), AlterConfigOp.OpType.SET))))
                .all().get();
    }

    /** One campaign through the warm pool: its rate, and the backlog's once it is all sent. */
    private static Result measure(KafkaConnection kafka, Admin admin, io.micrometer.core.instrument.MeterRegistry meters, int members,
                                  int requests) throws Exception {
        long base = committed(admin);
        long start = System.nanoTime();
        long sent = send(kafka, "bench-pool-" + System.nanoTime(), requests);
        long sentAt = System.nanoTime();
        Snapshot backlogStart = Snapshot.of(meters);
        long backlog = base + sent - committed(admin);
        if (backlog < MIN_BACKLOG_SHARE * sent) {
            throw new IllegalStateException("the pool kept up with the request producer: only " + backlog + " of " + sent
                    + " requests were left once they were sent, too few to measure the pool's rate; send more (--requests)");
        }
        awaitCommitted(admin, base + sent, Duration.ofMinutes(10));
        long end = System.nanoTime();
        Backlog figures = Backlog.between(backlogStart, Snapshot.of(meters), members);
        return new Result(members, (int) sent, (end - start) / 1e9, backlog, (end - sentAt) / 1e9, figures);
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
            Thread.sleep(100);
        }
    }

    /** Requests the simulator-worker group has committed, over all partitions (one shared admin client: creating one costs more than the query). */
    public static long committed(Admin admin) throws Exception {
        return PipelineBenchmark.committed(admin, Topics.SIMULATOR_WORKER_APP, Topics.SIMULATION_REQUESTS);
    }
}
