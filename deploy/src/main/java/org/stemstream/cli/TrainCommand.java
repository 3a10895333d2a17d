package org.stemstream.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stemstream.consumers.train.TaskScore;
import org.stemstream.consumers.train.Trainer;
import org.stemstream.consumers.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the multi-task CNN on simulator images; see {@link Trainer}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the CNN classifier on rendered images of a scenario; writes model.zip, metadata.json and report.json.")
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--scenario", defaultValue = "seed-benchmark", description = "Scenario (default ${DEFAULT-VALUE}).") String scenario;
    @Option(names = "--count", defaultValue = "5000", description = "Training + validation images (default ${DEFAULT-VALUE}).") int count;
    @Option(names = "--epochs", defaultValue = "10", description = "At most this many epochs (default ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the training images (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--test-count", description = "Held-out test images from other seeds (default: count/10, at least 100).") Integer testCount;
    @Option(names = "--batch", defaultValue = "64", description = "Minibatch (default ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--learning-rate", defaultValue = "2e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}).") double learningRate;
    @Option(names = "--patience", defaultValue = "3", description = "Early stopping patience in epochs (default ${DEFAULT-VALUE}).") int patience;
    @Option(names = "--channels", split = ",", defaultValue = "16,32,64,128", description = "Convolution widths (default ${DEFAULT-VALUE}).") int[] channels;
    @Option(names = "--convs-per-stage", defaultValue = "2", description = "Convolutions per stage, the last with stride 2 (default ${DEFAULT-VALUE}).") int convsPerStage;
    @Option(names = "--batch-norm", negatable = true, defaultValue = "false", description = "Batch normalisation after each convolution (default ${DEFAULT-VALUE}).") boolean batchNorm;
    @Option(names = "--corner-maps", description = "Also learn maps of where the cuboid's corners and cut corners project "
            + "(an auxiliary training target; measured neutral so far, so off by default).") boolean cornerMaps;
    @Option(names = "--cut-heads", description = "Also learn, as two heads used in training only, how many of the cut corners lie "
            + "hidden inside the particle's outline (0-2; there a cut is only a thickness deficit) and how many on it (0-8).") boolean cutHeads;
    @Option(names = "--aux", paramLabel = "SCENARIO:COUNT:TASKS", description = "Extra images that teach only the given tasks "
            + "(+-separated), e.g. t3-two-corners:4000:T3; repeatable.") List<String> aux = new java.util.ArrayList<>();
    @Option(names = "--fresh-data", description = "Render a new training set for every epoch (the net never sees an image twice).") boolean freshData;
    @Option(names = "--fresh-every", paramLabel = "N", defaultValue = "1", description = "With --fresh-data, render a new set every N "
            + "epochs, each trained N epochs (rendering takes about a third of an epoch). Default ${DEFAULT-VALUE}.") int freshEvery;
    @Option(names = "--time-budget", defaultValue = "0s", description = "Start no epoch that would end after this long: 50m, 2h or "
            + "ISO-8601 (PT50M) (default: no limit).") java.time.Duration timeBudget;
    @Option(names = "--decay", defaultValue = "0.9", description = "Learning-rate factor per epoch (default ${DEFAULT-VALUE}).") double decay;
    @Option(names = "--shape-scenario", defaultValue = "mixed-shapes", description = "Scenario of the extra images for the shape task T4 (default ${DEFAULT-VALUE}).") String shapeScenario;
    @Option(names = "--shape-count", description = "Images of the shape scenario (default: count/10; 0 = none).") Integer shapeCount;
    @Option(names = "--crop", defaultValue = "112", description = "Crop around the particle, source pixels (default ${DEFAULT-VALUE}).") int crop;
    @Option(names = "--binning", defaultValue = "2", description = "Downsampling block (default ${DEFAULT-VALUE}).") int binning;
    @Option(names = "--space-to-depth", defaultValue = "1", description = "Fold each BLOCKxBLOCK square of input pixels into "
            + "channels before the first convolution (default ${DEFAULT-VALUE}: none). With --binning 1 and 2, the net costs what "
            + "a 2x-binned input costs and still sees every pixel.", paramLabel = "BLOCK") int spaceToDepth;
    @Option(names = "--orient", defaultValue = "none", description = "none, or principal: turn each crop so that the "
            + "particle's long axis (its second moments' principal axis) lies along x; augmentation then flips and half-turns "
            + "only; or principal-scaled: turned, and scaled so that the particle's radius of gyration is the training images' "
            + "median; or canonical, canonical-scaled: turned, then flipped so that two of the particle's moments about its axes "
            + "are positive (u^3 along the axis, u^3 v across it), which leaves one pose and no augmentation (default "
            + "${DEFAULT-VALUE}).") String orient;
    @Option(names = "--zoom", defaultValue = "1", description = "With a scaled --orient: the particle's radius of gyration in the "
            + "crop as a multiple of the training images' median, 0.5 to 2 (default ${DEFAULT-VALUE}); above 1 the particle fills "
            + "more of the crop, at more input pixels per nm.") double zoom;
    @Option(names = "--replicas", defaultValue = "1", description = "Threads that train side by side, each on a share of every "
            + "minibatch (default ${DEFAULT-VALUE}); the launcher then gives each one OpenMP thread. A batch-normalised net trains on "
            + "oneDNN directly, and the step takes the whole minibatch's gradient (on 2 cores, 2 threads about 3.5x DL4J's speed); "
            + "other nets train through DL4J, as copies averaged after each step (on 2 cores, 2 copies about 1.6x one). "
            + "-Dstem.training.engine=dl4j in STEM_JAVA_OPTS trains through DL4J.") int replicas;
    @Option(names = "--schedule", defaultValue = TrainerConfig.EXPONENTIAL, description = "Learning rate over the run: "
            + TrainerConfig.EXPONENTIAL + " (x --decay per epoch), " + TrainerConfig.LINEAR + " (straight down, epoch by epoch, to the "
            + "rate / --epochs in the last) or " + TrainerConfig.COSINE + " (half a cosine, epoch by epoch, from the rate to nearly 0 "
            + "in the last of --epochs). Default ${DEFAULT-VALUE}.") String schedule;
    @Option(names = "--name", defaultValue = "stem-cnn", description = "Model name (default ${DEFAULT-VALUE}).") String name;
    @Option(names = "--model-version", defaultValue = "1", description = "Model version (default ${DEFAULT-VALUE}).") String version;
    @Option(names = "--cache", defaultValue = ".stem/datasets", description = "Dataset cache folder (default ${DEFAULT-VALUE}).") Path cache;
    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Folder of the run's checkpoint, written after every epoch and "
            + "deleted once the model is saved (default: checkpoints/NAME-VERSION beside the --cache folder, .stem/checkpoints/stem-cnn-1).") Path checkpoint;
    @Option(names = "--resume", description = "Go on from the checkpoint of a run that stopped (an error, a kill), from its last "
            + "finished epoch, to the model the run would have made; the command must be the one that started it (--time-budget, "
            + "--patience and --test-count may change). Without a checkpoint, starts at epoch 1.") boolean resume;
    @Option(names = "--from-topic", paramLabel = "TOPIC", description = "Train on labelled images read off this topic "
            + "(images-noisy or images-ready) instead of rendering: the first --count for training, the next --test-count for the test.") String fromTopic;
    @picocli.CommandLine.Mixin ConnectionOptions connection;
    @Option(names = "--out", required = true, description = "Model folder to write.") Path out;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report here.") File json;

    /**
     * Refuses values out of range and unknown scenarios before any image is rendered (an unknown
     * --aux scenario failed only when its turn to render came, --binning 0 said "/ by zero").
     */
    private void check() {
        OptionChecks.atLeast(spec, "--count", count, 10); // a tenth of them is the validation set
        OptionChecks.atLeast(spec, "--epochs", epochs, 1);
        OptionChecks.atLeast(spec, "--batch", batch, 1);
        OptionChecks.atLeast(spec, "--patience", patience, 1);
        OptionChecks.atLeast(spec, "--crop", crop, 1);
        OptionChecks.atLeast(spec, "--binning", binning, 1);
        OptionChecks.atLeast(spec, "--space-to-depth", spaceToDepth, 1);
        OptionChecks.atLeast(spec, "--convs-per-stage", convsPerStage, 1);
        OptionChecks.between(spec, "--replicas", replicas, 1, batch); // each copy takes a share of every minibatch
        OptionChecks.positive(spec, "--learning-rate", learningRate);
        if (!java.util.List.of(org.stemstream.consumers.cnn.Preprocessing.NONE, org.stemstream.consumers.cnn.Preprocessing.PRINCIPAL,
                TrainerConfig.PRINCIPAL_SCALED, org.stemstream.consumers.cnn.Preprocessing.CANONICAL, TrainerConfig.CANONICAL_SCALED)
                .contains(orient)) {
            throw OptionChecks.invalid(spec, "--orient must be none, principal, principal-scaled, canonical or canonical-scaled, got "
                    + orient);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw OptionChecks.invalid(spec, "--decay must be in (0, 1], got " + decay);
        }
        if (!(zoom >= 0.5 && zoom <= 2)) {
            throw OptionChecks.invalid(spec, "--zoom must be in [0.5, 2], got " + zoom);
        }
        if (zoom != 1 && !TrainerConfig.scaled(orient)) {
            throw OptionChecks.invalid(spec, "--zoom goes with --orient principal-scaled or canonical-scaled, got --orient " + orient);
        }
        OptionChecks.atLeast(spec, "--fresh-every", freshEvery, 1);
        if (freshEvery != 1 && !freshData) {
            throw OptionChecks.invalid(spec, "--fresh-every " + freshEvery + " goes with --fresh-data");
        }
        if (channels.length == 0 || java.util.Arrays.stream(channels).anyMatch(c -> c < 1)) {
            throw OptionChecks.invalid(spec, "--channels must each be >= 1, got " + java.util.Arrays.toString(channels));
        }
        if (testCount != null) {
            OptionChecks.atLeast(spec, "--test-count", testCount, 0);
        }
        if (shapeCount != null) {
            OptionChecks.atLeast(spec, "--shape-count", shapeCount, 0);
        }
        OptionChecks.scenario(spec, "--scenario", scenario);
        if (shapeCount == null || shapeCount > 0) {
            OptionChecks.scenario(spec, "--shape-scenario", shapeScenario);
        }
        for (String set : aux) {
            try {
                OptionChecks.scenario(spec, "--aux " + set, TrainerConfig.AuxSet.parse(set).scenario());
            } catch (IllegalArgumentException malformed) {
                throw OptionChecks.invalid(spec, "--aux: " + malformed.getMessage());
            }
        }
        if (checkpoint != null && java.nio.file.Files.isRegularFile(checkpoint)) {
            throw OptionChecks.invalid(spec, "--checkpoint " + checkpoint + " is a file; give the folder to keep the checkpoint in");
        }
        if (java.nio.file.Files.isRegularFile(out)) {
            throw OptionChecks.invalid(spec, "--out " + out + " is a file; give the model folder to write");
        }
    }

    @Override
    public Integer call() throws Exception {
        check();
        JsonOutput.check(spec, json);
        // images off a topic: the report names the topic, not the scenario, which rendered nothing
        TrainerConfig base = TrainerConfig.defaults(fromTopic != null ? "topic:" + fromTopic : scenario, count, epochs, seed, out);
        TrainerConfig config = base.withTestCount(testCount != null ? testCount : base.testCount())
                .withShapes(shapeScenario, shapeCount != null ? shapeCount : base.shapeCount())
                .withNetwork(channels, convsPerStage, batchNorm, crop, binning).withSpaceToDepth(spaceToDepth).withReplicas(replicas).withTraining(batch, learningRate, decay, patience)
                .withSchedule(schedule).withOrient(orient).withZoom(zoom)
                .withCacheDir(cache).withModel(name, version).withTimeBudget(timeBudget).withFreshData(freshData).withFreshEvery(freshEvery)
                .withCornerMaps(cornerMaps).withCutHeads(cutHeads).withAux(aux.stream().map(TrainerConfig.AuxSet::parse).toList())
                .withCheckpoint(checkpoint, resume);
        Map<String, Object> report;
        try (BarProgress progress = new BarProgress()) {
            if (fromTopic != null) {
                report = trainFromTopic(config, progress);
            } else {
                report = Trainer.train(config, progress);
            }
        }
        System.out.println("model written to " + out.toAbsolutePath() + " (best epoch " + report.get("bestEpoch") + ")");
        Object test = report.get("test");
        if (test instanceof List<?> scores) {
            for (Object o : scores) {
                TaskScore s = (TaskScore) o;
                System.out.printf("%s test accuracy %.2f %% (95 %% CI %.2f-%.2f %%, n = %d)%n", s.task(), 100 * s.accuracy(),
                        100 * s.ci95()[0], 100 * s.ci95()[1], s.count());
            }
        }
        System.out.println("speed: " + report.get("speed"));
        JsonOutput.write(json, report);
        return 0;
    }

    private Map<String, Object> trainFromTopic(TrainerConfig config, BarProgress progress) throws java.io.IOException {
        @SuppressWarnings("unchecked")
        var topic = (org.stemstream.schemas.Topic<String, org.stemstream.schemas.avro.StemImage>) org.stemstream.schemas.Topics.all().stream()
                .filter(t -> t.name().equals(fromTopic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + fromTopic + " (images-noisy or images-ready)"));
        if (!fromTopic.equals(org.stemstream.schemas.Topics.IMAGES_NOISY.name()) && !fromTopic.equals(org.stemstream.schemas.Topics.IMAGES_READY.name())) {
            throw new IllegalArgumentException("--from-topic takes images-noisy or images-ready, got " + fromTopic);
        }
        long t0 = System.nanoTime();
        int wanted = config.count() + config.testCount();
        var images = org.stemstream.consumers.train.TopicDataset.read(connection.connection(), topic, wanted, java.time.Duration.ofSeconds(10),
                (done, total) -> progress.update("read " + fromTopic, done, total));
        int[] split = split(images.count(), config.count(), config.testCount());
        int nTrain = split[0];
        int nTest = split[1];
        if (images.count() < wanted) {
            System.out.printf("%s holds %d labelled images, fewer than %d: training on %d, testing on %d%n", fromTopic,
                    images.count(), wanted, nTrain, nTest);
        }
        var train = images.slice(0, nTrain);
        var test = nTest > 0 ? images.slice(nTrain, nTrain + nTest) : null;
        // readSeconds in the report: reading ends after 10 s without a new image
        return Trainer.train(config, train, test, (System.nanoTime() - t0) / 1e9, progress);
    }

    /**
     * {training, test} counts from {@code available} images: as asked when there are enough; when
     * short, a tenth (at most {@code testCount}) for testing and the rest, at most {@code count}, for
     * training.
     */
    static int[] split(int available, int count, int testCount) {
        int nTest = available >= count + testCount ? testCount : Math.min(testCount, available / 10);
        return new int[] {Math.min(count, available - nTest), nTest};
    }
}
