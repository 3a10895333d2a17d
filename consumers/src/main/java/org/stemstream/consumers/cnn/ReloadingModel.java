package org.stemstream.consumers.cnn;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.concurrent.DaemonThreads;
import org.stemstream.consumers.ImageModel;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * A {@link CnnModel} from a {@linkplain ModelFolder models folder} that is replaced without a
 * restart: every {@code scanInterval} the folder is scanned, and a better version (or changed
 * files) is loaded beside the running one, then swapped in between two batches. A batch is scored
 * by one model from start to end ({@link #current()}), so its results carry the right name and
 * version and no image is lost or scored twice by the swap. A model that fails to load is
 * reported and skipped until its files change; the running one stays. Every version is scored in
 * all its symmetries (8, or 4 for a crop turned to the particle) when the model was asked for that ({@link CnnModel#symmetries()}).
 */
public final class ReloadingModel implements ImageModel, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingModel.class);

    private final Path folder;
    private final boolean allSymmetries;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final ScheduledExecutorService scanner;
    private final Counter reloads;
    private volatile String rejected;

    private record Loaded(CnnModel model, String fingerprint) {
    }

    /** Loads the best model of {@code folder} now (failing if there is none) and rescans it every {@code scanInterval}. */
    public ReloadingModel(Path folder, Duration scanInterval, MeterRegistry registry) throws IOException {
        this(folder, scanInterval, registry, false);
    }

    /** As above, each version scoring every image in all its symmetries when {@code allSymmetries} (8 or 4 times the inference). */
    public ReloadingModel(Path folder, Duration scanInterval, MeterRegistry registry, boolean allSymmetries) throws IOException {
        this.folder = folder;
        this.allSymmetries = allSymmetries;
        ModelFolder.Candidate first = ModelFolder.best(folder)
                .orElseThrow(() -> new IOException("no model in " + folder + " (a model folder holds "
                        + ModelMetadata.MODEL_FILE + " and " + ModelMetadata.FILE + ")"));
        loaded.set(new Loaded(CnnModel.load(first.dir(), allSymmetries), first.fingerprint()));
        this.reloads = Counter.builder("stem.model.reloads").tag("stage", "classifier")
                .description("model versions loaded while running").register(registry);
        log.info("model {} {} loaded from {} (forward pass: {} in {}){}", name(), version(), first.dir(), current().engine(),
                current().precision(), allSymmetries ? ", " + testTimeAugmentation() : "");
        this.scanner = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-scanner"));
        long ms = scanInterval.toMillis();
        scanner.scheduleWithFixedDelay(this::scan, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Looks at the folder once; loads and swaps in a new best model. Returns true when it swapped.
     * Never throws: a candidate that fails to load is remembered by the fingerprint of the files
     * that failed (not of whatever is best a moment later, which may be the completed copy), and
     * a scan that fails must not end the scheduled rescans.
     */
    public boolean scan() {
        ModelFolder.Candidate c = null;
        try {
            Optional<ModelFolder.Candidate> best = ModelFolder.best(folder);
            if (best.isEmpty() || best.get().fingerprint().equals(loaded.get().fingerprint())
                    || best.get().fingerprint().equals(rejected)) {
                return false;
            }
            c = best.get();
            CnnModel next = CnnModel.load(c.dir(), allSymmetries);
            Loaded previous = loaded.getAndSet(new Loaded(next, c.fingerprint()));
            reloads.increment();
            log.info("model {} {} loaded from {} (forward pass: {} in {}; was {} {})", next.name(), next.version(), c.dir(), next.engine(),
                    next.precision(), previous.model().name(), previous.model().version());
            return true;
        } catch (Exception e) {
            rejected = c == null ? null : c.fingerprint();
            log.warn("cannot load a model from {}: {}; keeping {} {}", c == null ? folder : c.dir(), e, name(), version());
            return false;
        }
    }

    @Override
    public CnnModel current() {
        return loaded.get().model();
    }

    @Override
    public String name() {
        return current().name();
    }

    @Override
    public String version() {
        return current().version();
    }

    @Override
    public List<List<TaskPrediction>> predict(List<StemImage> images) {
        return current().predict(images);
    }

    @Override
    public List<Answer> answer(List<StemImage> images) {
        return current().answer(images);
    }

    @Override
    public int symmetries() {
        return current().symmetries();
    }

    @Override
    public void close() {
        scanner.shutdownNow();
    }
}
