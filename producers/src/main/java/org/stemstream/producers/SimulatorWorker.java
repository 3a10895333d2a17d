package org.stemstream.producers;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.stemstream.kafka.BatchProcessor;
import org.stemstream.kafka.TransactionalStage;
import io.micrometer.core.instrument.Timer;
import org.stemstream.metrics.StemMetrics;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;

/**
 * Simulator worker: renders the noiseless projection of each request.
 *
 * <p>In: {@code simulation-requests} (consumer group {@code simulator-worker}). Out:
 * {@code images-raw} (float32 gold-equivalent thickness per pixel, boxed around the particle, with ground truth and the
 * request's imaging parameters for the noise stage); invalid requests to
 * {@code simulator-worker-dlq} with the reason. Consume, render and produce happen in one Kafka
 * transaction; a batch is rendered on {@code threads} threads.
 */
public final class SimulatorWorker implements AutoCloseable {
    public static final String STAGE = Topics.SIMULATOR_WORKER_APP;
    /** Timer of one render, request to encoded image (wall time on a render thread). */
    public static final String RENDER_TIMER = "stem.render";
    /**
     * Requests per transaction at most, by default. A downstream stage (read_committed) sees a
     * batch's images only once its transaction commits, so under load a big batch makes the first
     * images wait for the last: with 200, bench pipeline's p50 at half rate rose from ~520 to
     * ~780 ms. For throughput on a backlog, raise it ({@code --max-batch}): a transaction's fixed
     * cost, a few broker round trips, is then shared by more images (bench pool, one member, warm:
     * 100 -> 200 raised the pool from about 3,200 to about 4,000 images/s here).
     */
    public static final int DEFAULT_MAX_BATCH = 50;

    /** @param threads render threads of this worker */
    public record Config(KafkaConnection connection, int threads, int maxPollRecords, StemMetrics metrics) {
        public Config {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("render threads must be in 1..256, got " + threads);
            }
            if (maxPollRecords < 1 || maxPollRecords > 10_000) {
                throw new IllegalArgumentException("requests per transaction (--max-batch) must be in 1..10000, got " + maxPollRecords);
            }
        }

        /** With metrics kept in memory only. */
        public Config(KafkaConnection connection, int threads, int maxPollRecords) {
            this(connection, threads, maxPollRecords, StemMetrics.inMemory());
        }
    }

    private final ForkJoinPool pool;
    private final TransactionalStage<SimulationRequest, StemImage> stage;
    private final Thread thread;

    public SimulatorWorker(Config config) {
        this.pool = new ForkJoinPool(config.threads());
        Clock clock = Clock.systemUTC();
        String instance = UUID.randomUUID().toString().substring(0, 8);
        Timer renderTime = Timer.builder(RENDER_TIMER).tag("stage", STAGE)
                .description("time to render one noiseless projection").publishPercentileHistogram()
                .register(config.metrics().registry());
        BatchProcessor<SimulationRequest, StemImage> render = BatchProcessor.perRecord(r -> renderTime.record(() -> render(r, clock)));
        BatchProcessor<SimulationRequest, StemImage> parallel = inputs -> {
            try {
                return pool.submit(() -> inputs.parallelStream().map(in -> render.process(List.of(in)).get(0)).toList()).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while rendering", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        };
        this.stage = new TransactionalStage<>(config.connection(), STAGE, instance, config.maxPollRecords(),
                Topics.SIMULATION_REQUESTS, Topics.IMAGES_RAW, Topics.SIMULATOR_WORKER_DLQ, parallel, config.metrics(), 2);
        this.thread = new Thread(stage, STAGE + "-" + instance);
    }

    /** The pure rendering function: request in, noiseless image out (or an exception saying why not). */
    public static StemImage render(SimulationRequest request, Clock clock) {
        long started = clock.millis();
        SimulationSpec spec = RequestMapper.toSpec(request, Imaging.defaults());
        Simulator.validate(spec);
        Image image = Simulator.project(spec);
        return Pixels.compact(image).applyTo(StemImage.newBuilder())
                .setImageId(request.getRequestId())
                .setRequestId(request.getRequestId())
                .setObjectId(request.getObjectId())
                .setCampaignId(request.getCampaignId())
                .setSource(ImageSource.SIMULATED)
                .setSeed(request.getSeed())
                .setWidth(image.width())
                .setHeight(image.height())
                .setPixelSizeNm(request.getPixelSizeNm())
                .setImaging(request.getImaging())
                .setTruth(RequestMapper.truth(spec))
                .setSimulatorVersion(Simulator.VERSION)
                .setProvenance(List.of(new ProcessingStep(STAGE, "projection", java.util.Map.of(
                        "pixelSizeNm", request.getPixelSizeNm(), "atomicNumber", request.getAtomicNumber()))))
                .setTimestamps(List.of(
                        new StageTimestamp("requested", request.getRequestedAt()),
                        new StageTimestamp(STAGE, java.time.Instant.ofEpochMilli(started))))
                .setViewIndex(request.getViewIndex())
                .setViewsExpected(request.getViewsExpected())
                .build();
    }

    public SimulatorWorker start() {
        thread.start();
        return this;
    }

    public long rendered() {
        return stage.processed();
    }

    public long deadLettered() {
        return stage.deadLettered();
    }

    /** Why the stage stopped on its own (fenced, unauthorised, ...); null while healthy. */
    public RuntimeException failure() {
        return stage.failure();
    }

    @Override
    public void close() {
        stage.close();
        pool.shutdown();
    }
}
