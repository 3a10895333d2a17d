package org.stemstream.consumers.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.Dl4jRuntime;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.consumers.cnn.MultiTaskNet;
import org.stemstream.consumers.cnn.OneDnnTraining;
import org.stemstream.consumers.cnn.Preprocessing;

/**
 * Trains the {@link MultiTaskNet} on simulator images: renders (or reads from the cache) the
 * training set, splits off a validation set, normalises with constants measured on training
 * images, trains with random flips and quarter turns (projections of a random-orientation cuboid
 * stay valid under them), stops early when the validation loss stops improving and keeps the best
 * epoch, then scores a held-out test set of fresh seeds through the inference path. Out (in
 * {@code config.out()}): {@value ModelMetadata#MODEL_FILE}, {@value ModelMetadata#FILE} and
 * {@value #REPORT_FILE}. The training step runs on oneDNN directly ({@link OneDnnTraining}) where
 * the net allows, else through DL4J ({@link Replicas}); the report and the metadata say which.
 */
public final class Trainer {
    public static final String REPORT_FILE = "report.json";
    /** Mixed into the seeds of the shape images, so that they are not the benchmark images' siblings. */
    static final long SHAPE_SEED = 0x5348415045L;
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The task heads the trainer builds, in order; their classes are every model's. */
    public static final List<ModelMetadata.TaskHead> HEADS = List.of(
            new ModelMetadata.TaskHead("T1", MultiTaskNet.T1, List.of("not-deformed", "deformed")),
            new ModelMetadata.TaskHead("T2", MultiTaskNet.T2, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8")),
            new ModelMetadata.TaskHead("T3", MultiTaskNet.T3, List.of("edge", "face-diagonal", "body-diagonal")),
            new ModelMetadata.TaskHead("T4", MultiTaskNet.T4, List.of("cuboid", "pyramid", "sphere")));

    private Trainer() {
    }

    /** Trains, saves, scores; returns the report that was also written to {@value #REPORT_FILE}. */
    public static Map<String, Object> train(TrainerConfig c, Progress progress) throws IOException {
        Dl4jRuntime.configure();
        long t0 = System.nanoTime();
        LabelledImages all = DatasetCache.load(c.cacheDir(), c.scenario(), c.count(), c.seed(),
                (done, total) -> progress.update("render training set", done, total));
        LabelledImages test = c.testCount() > 0 ? DatasetCache.load(c.cacheDir(), c.scenario(), c.testCount(), c.testSeed(),
                (done, total) -> progress.update("render test set", done, total)) : null;
        if (c.shapeCount() > 0) {
            // the shape images are mixed in, in a fixed order drawn from the seed
            all = mixed(all, DatasetCache.load(c.cacheDir(), c.shapeScenario(), c.shapeCount(), c.seed() ^ SHAPE_SEED,
                    (done, total) -> progress.update("render shape set", done, total)), c.seed());
            if (test != null) {
                int shapeTest = Math.max(100, (int) ((long) c.testCount() * c.shapeCount() / c.count()));
                test = test.concat(DatasetCache.load(c.cacheDir(), c.shapeScenario(), shapeTest, c.testSeed() ^ SHAPE_SEED,
                        (done, total) -> progress.update("render shape test set", done, total)));
            }
        }
        for (TrainerConfig.AuxSet aux : c.aux()) {
            all = mixed(all, DatasetCache.load(c.cacheDir(), aux.scenario(), aux.count(), auxSeed(c.seed(), aux),
                    (done, total) -> progress.update("render " + aux.scenario() + " set", done, total)).forTasks(aux.tasks()),
                    auxSeed(c.seed(), aux));
        }
        return train(c, all, test, (System.nanoTime() - t0) / 1e9, progress);
    }

    /**
     * The conditions of a scenario's images (its requests share pixel size, dose and film), which
     * the classifier brings other images to; null for images read off a topic, taken as they come.
     */
    static ModelMetadata.Acquisition acquisition(String scenario) {
        if (scenario.startsWith("topic:")) {
            return null;
        }
        org.stemstream.simulator.SimulationSpec spec = org.stemstream.simulator.Scenarios.named(scenario).sample(0);
        org.stemstream.simulator.CarbonFilm film = spec.imaging().carbon();
        return new ModelMetadata.Acquisition(spec.pixelSizeNm(), spec.imaging().dose(), film == null ? 0 : film.goldEquivalentNm());
    }

    /** The seed of an auxiliary set's images: neither the benchmark's nor another set's. */
    static long auxSeed(long seed, TrainerConfig.AuxSet aux) {
        return seed ^ (0x415558L << 24) ^ aux.scenario().hashCode();
    }

    /**
     * Trains on {@code all} (the last {@code validationFraction} of it validates) and scores on
     * {@code test} (null: no test set), for example images read off a topic ({@link TopicDataset}).
     */
    public static Map<String, Object> train(TrainerConfig c, LabelledImages all, LabelledImages test, double dataSeconds,
                                            Progress progress) throws IOException {
        Dl4jRuntime.configure();
        int total = all.count();
        int nVal = Math.max(1, (int) Math.round(total * c.validationFraction()));
        int nTrain = total - nVal;
        Preprocessing raw = Preprocessing.unnormalised(c.cropSize(), c.binning(), c.scaling())
                .withOrient(TrainerConfig.cropOrient(c.orient()));
        if (c.scaled()) {
            raw = raw.withRadius(c.zoom() * medianRadius(raw, all, Math.min(nTrain, 500)));
        }
        Preprocessing pre = normalisation(raw, all, Math.min(nTrain, 500));
        int side = pre.outputSize();
        // the training inputs are made batch by batch: at full resolution an epoch's would take gigabytes
        float[] valX = NetworkInputs.of(pre, all, nTrain, total);
        CornerMaps maps = c.cornerMaps() ? new CornerMaps(side, MultiTaskNet.cornerMapSide(side, c.spaceToDepth())) : null;

        ComputationGraph graph = MultiTaskNet.build(side, c.spaceToDepth(), c.channels(), c.convsPerStage(), c.batchNorm(),
                c.cutHeads(), c.cornerMaps(), learningRate(c), c.seed());
        // the training step runs on oneDNN directly where the net allows, else through DL4J (with replicas)
        OneDnnTraining direct = OneDnnTraining.compile(graph, side, c.replicas());
        String engine = direct != null ? "onednn" : "dl4j";
        LOG.info("network: {} parameters, input {}x{}, training step: {} ({} threads), oneDNN helpers {}", graph.numParams(), side, side,
                engine, c.replicas(), Dl4jRuntime.oneDnnActive());
        Map<String, Object> info = trainingInfo(c, graph, nTrain, nVal);
        info.put("trainingEngine", engine);
        info.put("crop", CropFit.measure(pre, all, Math.min(nTrain, 500)));
        ModelMetadata metadata = new ModelMetadata(c.modelName(), c.modelVersion(), all.width(), all.height(), acquisition(c.scenario()),
                pre, HEADS, info);
        Map<String, Object> run = new LinkedHashMap<>(info);
        run.put("epochs", c.epochs());
        run.put("images", c.scenario().startsWith("topic:") ? TrainingState.fingerprint(all) : null); // rendered: the settings fix them
        TrainingState state = TrainingState.open(c.checkpointFolder(), run, nTrain, c.seed() ^ 0x747261696EL, c.resume());
        TrainingState.StepState step = direct != null ? TrainingState.oneDnnState(direct) : TrainingState.graphState(graph);
        if (state.resumed()) {
            state.restore(step); // before the replicas copy the graph
            progress.epochDone("resumed from the checkpoint in " + c.checkpointFolder() + ": epoch " + state.epoch + " of " + c.epochs()
                    + " done, best epoch " + state.bestEpoch);
        }
        LabelledImages trainSet = all;
        String stopReason = "epochs done";
        Replicas replicas = direct == null ? new Replicas(graph, c.replicas()) : null;
        int parts = c.replicas();
        int least = direct != null ? 1 : 2; // DL4J takes a one-image share's label masks for per-output ones, which softmax refuses
        long trainStart = System.nanoTime() - (long) (state.elapsedSeconds * 1e9);
        int firstEpoch = state.epoch + 1;
        try {
            for (int epoch = firstEpoch; epoch <= c.epochs(); epoch++) {
                if (epoch > 1 && !c.timeBudget().isZero() // at least one epoch, whatever the budget
                        && (System.nanoTime() - trainStart) / 1e9 + state.lastEpochSeconds > c.timeBudget().toMillis() / 1e3) {
                    stopReason = "time budget " + c.timeBudget() + " reached";
                    progress.epochDone("stop: the next epoch would end after the time budget " + c.timeBudget());
                    break;
                }
                int setEpoch = c.setEpoch(epoch);
                if ((c.rendersAt(epoch) || epoch == firstEpoch && setEpoch > 1) && !c.scenario().startsWith("topic:")) {
                    trainSet = epochSet(c, setEpoch, nTrain, (done, n) -> progress.update("render epoch " + setEpoch + " images", done, n));
                }
                shuffle(state.order, state.random);
                long e0 = System.nanoTime();
                double lossSum = 0;
                int batches = 0;
                for (int start = 0; start < nTrain; start += c.batchSize()) {
                    int b = Math.min(c.batchSize(), nTrain - start);
                    if (b < least * parts) {
                        break; // a last minibatch too small to share is left out
                    }
                    List<MultiDataSet> shares = new ArrayList<>();
                    for (int i = 0, from = start; i < parts; i++) {
                        int size = b / parts + (i < b % parts ? 1 : 0);
                        shares.add(NetworkInputs.minibatch(pre, c.cutHeads(), maps, trainSet, state.order, from, size, state.random));
                        from += size;
                    }
                    lossSum += direct != null ? direct.fit(shares) : replicas.fit(shares);
                    batches++;
                    progress.update("epoch " + epoch + "/" + c.epochs(), start + b, nTrain);
                }
                if (direct != null) {
                    direct.incrementEpochCount(); // the learning-rate schedule counts epochs
                    direct.copyTo(graph); // for the validation, and to keep the best epoch
                } else {
                    replicas.incrementEpochCount();
                }
                double seconds = (System.nanoTime() - e0) / 1e9;
                float[][][] valProbabilities = CnnModel.served(graph, metadata).probabilitiesOfInputs(valX, nVal);
                double valLoss = crossEntropy(valProbabilities, metadata, all, nTrain);
                Map<String, Double> acc = new LinkedHashMap<>();
                Evaluator.score(metadata, valProbabilities, all.slice(nTrain, total)).forEach(s -> acc.put(s.task(), s.accuracy()));
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("epoch", epoch);
                point.put("trainLoss", lossSum / batches);
                point.put("validationLoss", valLoss);
                point.put("validationAccuracy", acc);
                point.put("seconds", seconds);
                state.finish(epoch, point, valLoss, graph.params(), seconds, nTrain, (System.nanoTime() - trainStart) / 1e9);
                state.save(step);
                progress.epochDone(String.format(java.util.Locale.ROOT, "epoch %d: train loss %.4f, validation loss %.4f, accuracy %s, %d images/s; %s",
                        epoch, lossSum / batches, valLoss, acc, Math.round(nTrain / seconds), state.clock(c.epochs(), c.timeBudget())));
                if (state.bestEpoch != epoch && epoch - state.bestEpoch >= c.patience()) {
                    stopReason = "early stop: no better validation loss for " + c.patience() + " epochs";
                    progress.epochDone(stopReason + " (best epoch " + state.bestEpoch + ")");
                    break;
                }
            }
        } catch (RuntimeException | IOException | Error stopped) {
            if (state.epoch > 0) {
                LOG.error("training stopped after epoch {}: {}; the checkpoint of epoch {} is in {}: the same command with --resume goes on from it",
                        state.epoch, stopped.toString(), state.epoch, c.checkpointFolder());
            }
            throw stopped;
        } finally {
            if (direct != null) {
                direct.close();
            } else {
                replicas.close();
            }
        }
        if (state.best == null) {
            throw new IllegalStateException("training diverged: the validation loss was not a number after every epoch ("
                    + state.curve.size() + "); nothing is saved. Try a lower --learning-rate or --batch-norm.");
        }
        graph.setParams(Nd4j.create(state.best, graph.params().shape(), 'c'));
        metadata = metadata.withTasks(TrainingPriors.of(metadata.tasks(), all, nTrain));
        metadata = metadata.withInt8(Int8Calibration.of(CnnModel.served(graph, metadata), all, Math.min(Int8Calibration.IMAGES, nTrain),
                Map.of("images", "the first training images")));
        new CnnModel(graph, metadata).save(c.out());
        state.delete();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", Map.of("name", metadata.name(), "version", metadata.version(), "folder", c.out().toString(),
                "parameters", graph.numParams()));
        boolean rendered = !c.scenario().startsWith("topic:"); // images off a topic have no seeds, shapes set or aux sets of ours
        report.put("scenario", c.scenario());
        report.put("seed", c.seed());
        report.put("shapeScenario", rendered ? c.shapeScenario() : null);
        report.put("shapeCount", rendered ? c.shapeCount() : 0);
        report.put("aux", metadata.training().get("aux"));
        report.put("trainCount", nTrain);
        report.put("validationCount", nVal);
        report.put("testSeed", rendered ? c.testSeed() : null);
        report.put("testCount", test == null ? 0 : test.count());
        report.put("bestEpoch", state.bestEpoch);
        report.put("stopReason", stopReason);
        report.put("preprocessing", pre);
        report.put("curve", state.curve);
        CnnModel served = CnnModel.served(graph, metadata);
        List<TaskScore> validation = Evaluator.score(metadata, served.probabilitiesOfInputs(valX, nVal), all.slice(nTrain, total));
        report.put("validation", validation);
        List<TaskScore> plotted = validation;
        Map<String, Object> speed = new LinkedHashMap<>();
        speed.put(rendered ? "renderSeconds" : "readSeconds", dataSeconds);
        speed.put("trainImagesPerSecond", state.trainImages / Math.max(state.trainSeconds, 1e-9));
        speed.put("trainingEngine", engine);
        speed.put("inferencePrecision", served.precision());
        if (test != null) {
            long i0 = System.nanoTime();
            List<TaskScore> scores = Evaluator.evaluate(served, test);
            speed.put("testImagesPerSecondWithPreprocessing", test.count() / ((System.nanoTime() - i0) / 1e9));
            report.put("test", scores);
            plotted = scores;
        }
        String title = metadata.name() + " " + metadata.version() + (test != null ? " (test set)" : " (validation set)");
        report.put("plots", ReportPlots.write(c.out(), state.points(), plotted, title).stream().map(f -> f.getFileName().toString()).toList());
        report.put("speed", speed);
        report.put("finishedAt", Instant.now().toString());
        JSON.writeValue(c.out().resolve(REPORT_FILE).toFile(), report);
        return report;
    }

    private static Map<String, Object> trainingInfo(TrainerConfig c, ComputationGraph graph, int nTrain, int nVal) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("scenario", c.scenario());
        info.put("seed", c.seed());
        info.put("trainCount", nTrain);
        info.put("validationCount", nVal);
        info.put("shapeScenario", c.shapeScenario());
        info.put("shapeCount", c.shapeCount());
        info.put("channels", java.util.Arrays.stream(c.channels()).boxed().toList()); // a list, as read back: CnnModel.served folds by it
        info.put("convsPerStage", c.convsPerStage());
        info.put("spaceToDepth", c.spaceToDepth());
        info.put("replicas", c.replicas());
        info.put("batchNorm", c.batchNorm());
        info.put("cornerMaps", c.cornerMaps());
        info.put("cutHeads", c.cutHeads());
        info.put("orient", c.orient());
        info.put("zoom", c.zoom());
        info.put("aux", c.aux().stream().map(TrainerConfig.AuxSet::spec).toList());
        info.put("freshData", c.freshData());
        info.put("freshEvery", c.freshEvery());
        info.put("decay", c.decay());
        info.put("schedule", c.schedule());
        info.put("parameters", graph.numParams());
        info.put("batchSize", c.batchSize());
        info.put("learningRate", c.learningRate());
        return info;
    }

    /**
     * Adam's learning rate over the run, by epoch e (from 0): {@link TrainerConfig#EXPONENTIAL},
     * rate x decay^e; {@link TrainerConfig#LINEAR}, rate x (epochs - e) / epochs, so the last epoch
     * trains at rate / epochs; {@link TrainerConfig#COSINE}, rate x (1 + cos(pi e / epochs)) / 2,
     * which stays near the rate for the first quarter of the run and falls to about
     * rate x (pi / 2 epochs)^2 in the last epoch. (DL4J's PolySchedule would be the per-step form of
     * the linear one, but in 1.0.0-M2.1 it computes (1 + i / max)^p, a rate that grows.)
     */
    static ISchedule learningRate(TrainerConfig c) {
        if (TrainerConfig.EXPONENTIAL.equals(c.schedule())) {
            return new ExponentialSchedule(ScheduleType.EPOCH, c.learningRate(), c.decay());
        }
        boolean linear = TrainerConfig.LINEAR.equals(c.schedule());
        MapSchedule.Builder byEpoch = new MapSchedule.Builder(ScheduleType.EPOCH);
        for (int e = 0; e < c.epochs(); e++) {
            double fraction = linear ? (double) (c.epochs() - e) / c.epochs() : (1 + Math.cos(Math.PI * e / c.epochs())) / 2;
            byEpoch.add(e, c.learningRate() * fraction);
        }
        return byEpoch.build();
    }

    /** The median radius of gyration of the particles in the first {@code n} images, in source pixels. */
    static double medianRadius(Preprocessing pre, LabelledImages images, int n) {
        double[] r = java.util.stream.IntStream.range(0, n).parallel()
                .mapToDouble(i -> pre.gyrationRadius(images.image(i), images.width(), images.height())).sorted().toArray();
        return r[n / 2];
    }

    /** Mean and std of the unnormalised inputs of the first {@code n} images. */
    static Preprocessing normalisation(Preprocessing raw, LabelledImages images, int n) {
        float[] x = NetworkInputs.of(raw, images, 0, n);
        double sum = 0, sq = 0;
        for (float v : x) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / x.length;
        double std = Math.sqrt(Math.max(sq / x.length - mean * mean, 1e-12));
        return raw.withNormalisation(mean, std);
    }

    /** A new training set for {@code epoch}: the first {@code nTrain} of fresh benchmark, shape and auxiliary images, mixed. */
    static LabelledImages epochSet(TrainerConfig c, int epoch, int nTrain, DatasetCache.Progress progress) {
        long seed = c.seed() + 7_000_001L * epoch;
        LabelledImages set = DatasetCache.render(c.scenario(), c.count(), seed, progress);
        if (c.shapeCount() > 0) {
            set = mixed(set, DatasetCache.render(c.shapeScenario(), c.shapeCount(), seed ^ SHAPE_SEED, null), seed);
        }
        for (TrainerConfig.AuxSet aux : c.aux()) {
            set = mixed(set, DatasetCache.render(aux.scenario(), aux.count(), auxSeed(seed, aux), null).forTasks(aux.tasks()),
                    auxSeed(seed, aux));
        }
        return set.slice(0, nTrain);
    }

    /** {@code a} and {@code b} together, shuffled by {@code seed}. */
    static LabelledImages mixed(LabelledImages a, LabelledImages b, long seed) {
        LabelledImages joined = a.concat(b);
        int[] order = new int[joined.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order, new SplittableRandom(seed ^ 0x6D6978L));
        return joined.select(order);
    }

    /** Summed mean cross-entropy of the softmax tasks (each over the images where it applies). */
    private static double crossEntropy(float[][][] p, ModelMetadata metadata, LabelledImages images, int offset) {
        double total = 0;
        for (int t = 0; t < metadata.tasks().size(); t++) {
            ModelMetadata.TaskHead head = metadata.tasks().get(t);
            double sum = 0;
            int n = 0;
            for (int i = 0; i < p[t].length; i++) {
                String truth = images.label(head.task(), offset + i);
                if (truth != null) {
                    sum -= Math.log(Math.max(p[t][i][head.classes().indexOf(truth)], 1e-7f));
                    n++;
                }
            }
            total += n == 0 ? 0 : sum / n;
        }
        return total;
    }


    private static void shuffle(int[] a, RandomGenerator rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
