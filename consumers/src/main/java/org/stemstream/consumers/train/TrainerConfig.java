package org.stemstream.consumers.train;

import java.nio.file.Path;

/**
 * What {@link Trainer} does: the scenario, image count and seed of the training data, plus
 * {@code shapeCount} images of {@code shapeScenario} for the shape task T4 (0 for none); a fresh
 * {@code testCount} images from {@code testSeed} are the held-out test set. Then the epochs, early
 * stopping and learning-rate decay per epoch, the network (stage widths, convolutions per stage,
 * space-to-depth block of its input), the preprocessing, where the model goes, an optional time
 * budget for the epochs, whether every epoch gets freshly rendered images, how many replicas
 * share each minibatch, the learning rate's schedule, and whether the crop is turned to the
 * particle's axis ({@link org.stemstream.consumers.cnn.Preprocessing#orient()}), and, for a scaled
 * crop, {@code zoom}: the particle's radius of gyration in the crop is that times the training
 * images' median (1: the median; above 1, the particle fills more of the crop). With fresh data,
 * {@code freshEvery} is how many epochs each set trains (1: a new set every epoch). {@code cutHeads}:
 * the net also learns the count split into cuts hidden inside the outline and cuts on it
 * ({@link org.stemstream.consumers.cnn.MultiTaskNet#HIDDEN_CUTS}). The run keeps a checkpoint after every
 * epoch in {@code checkpointDir} (null: {@link #checkpointFolder()}'s default) and, when
 * {@code resume}, goes on from the one there ({@link TrainingState}).
 */
public record TrainerConfig(String scenario, int count, long seed, String shapeScenario, int shapeCount,
                            int testCount, long testSeed, int epochs, int patience, int batchSize,
                            double validationFraction, double learningRate, double decay,
                            int[] channels, int convsPerStage, boolean batchNorm, int cropSize, int binning, String scaling,
                            String modelName, String modelVersion, Path out, Path cacheDir,
                            java.time.Duration timeBudget, boolean freshData, boolean cornerMaps,
                            java.util.List<AuxSet> aux, int spaceToDepth, int replicas, String schedule, String orient,
                            double zoom, int freshEvery, boolean cutHeads, Path checkpointDir, boolean resume) {

    /**
     * {@code count} extra images of {@code scenario} that teach only {@code tasks}: for example
     * two-corner cuboids for T3, whose head sees k = 2 in only a ninth of the benchmark's images.
     */
    public record AuxSet(String scenario, int count, java.util.List<String> tasks) {
        public AuxSet {
            if (count < 1) {
                throw new IllegalArgumentException("auxiliary set " + scenario + ": count " + count + " < 1");
            }
            tasks = java.util.List.copyOf(tasks);
            tasks.forEach(LabelledImages::task); // throws on an unknown task
        }

        /** The form {@link #parse} reads. */
        public String spec() {
            return scenario + ":" + count + ":" + String.join("+", tasks);
        }

        /** {@code SCENARIO:COUNT:TASK[+TASK...]}, e.g. {@code t3-two-corners:4000:T3}. */
        public static AuxSet parse(String spec) {
            String[] parts = spec.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("auxiliary set '" + spec + "' is not SCENARIO:COUNT:TASK[+TASK...]");
            }
            try {
                return new AuxSet(parts[0], Integer.parseInt(parts[1]), java.util.List.of(parts[2].split("\\+")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("auxiliary set '" + spec + "': count '" + parts[1] + "' is not a number");
            }
        }
    }


    /** Learning rate x decay^epoch. */
    public static final String EXPONENTIAL = "exponential";
    /** Learning rate falling in a straight line, epoch by epoch, to rate / epochs in the last epoch. */
    public static final String LINEAR = "linear";
    /** Learning rate x (1 + cos(pi e / epochs)) / 2 in epoch e (from 0): half a cosine, from the rate down to nearly 0 in the last epoch. */
    public static final String COSINE = "cosine";

    /** Orient: turned to the particle's axis and scaled to the training images' median radius of gyration. */
    public static final String PRINCIPAL_SCALED = "principal-scaled";
    /** Orient: turned and flipped to the particle's moments, and scaled as {@link #PRINCIPAL_SCALED}. */
    public static final String CANONICAL_SCALED = "canonical-scaled";

    public TrainerConfig {
        if (count < 10) {
            throw new IllegalArgumentException("count " + count + " < 10: too few images to split off a validation set");
        }
        aux = java.util.List.copyOf(aux);
        if (shapeCount < 0) {
            throw new IllegalArgumentException("shape count " + shapeCount + " < 0");
        }
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs " + epochs + ", batch " + batchSize + ", patience " + patience + " must be >= 1");
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " not in (0, 0.5)");
        }
        if (spaceToDepth < 1 || cropSize / binning % spaceToDepth != 0) {
            throw new IllegalArgumentException("space-to-depth block " + spaceToDepth + " does not divide the input side "
                    + cropSize + " / " + binning);
        }
        if (replicas < 1 || replicas > batchSize) {
            throw new IllegalArgumentException("replicas " + replicas + " not in [1, batch " + batchSize + "]");
        }
        if (!java.util.List.of(EXPONENTIAL, LINEAR, COSINE).contains(schedule)) {
            throw new IllegalArgumentException("learning-rate schedule '" + schedule + "' is not " + EXPONENTIAL + ", " + LINEAR + " or " + COSINE);
        }
        new org.stemstream.consumers.cnn.Preprocessing(cropSize, binning, scaling, 0, 1, cropOrient(orient), 0); // throws on a bad orient
        if (scaled(orient) && cropOrient(orient).equals(org.stemstream.consumers.cnn.Preprocessing.NONE)) {
            throw new IllegalArgumentException("orient '" + orient + "': only a turned crop is scaled");
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay " + decay + " not in (0, 1]");
        }
        if (freshEvery < 1) {
            throw new IllegalArgumentException("fresh data every " + freshEvery + " epochs: at least 1");
        }
        if (!(zoom >= 0.5 && zoom <= 2)) {
            throw new IllegalArgumentException("zoom " + zoom + " not in [0.5, 2]");
        }
        if (zoom != 1 && !scaled(orient)) {
            throw new IllegalArgumentException("zoom " + zoom + " scales the particle to a multiple of the median radius: only with a scaled crop");
        }
    }

    /**
     * The defaults: two convolutions per stage, widths 16-32-64-128, on a 2x-binned 112-pixel crop
     * (56x56 input), with a tenth as many mixed-shapes images for T4.
     */
    public static TrainerConfig defaults(String scenario, int count, int epochs, long seed, Path out) {
        return new TrainerConfig(scenario, count, seed, "mixed-shapes", count / 10, Math.max(100, count / 10), seed + 1_000_003L,
                epochs, 3, 64, 0.1, 2e-3, 0.9, new int[] {16, 32, 64, 128}, 2, false, 112, 2, "sqrt", "stem-cnn", "1", out,
                Path.of("target", "datasets"), java.time.Duration.ZERO, false, false, java.util.List.of(), 1, 1, EXPONENTIAL,
                org.stemstream.consumers.cnn.Preprocessing.NONE, 1, 1, false, null, false);
    }

    public TrainerConfig withTestCount(int n) {
        return with(b -> b.testCount = n);
    }

    public TrainerConfig withShapes(String newShapeScenario, int newShapeCount) {
        return with(b -> { b.shapeScenario = newShapeScenario; b.shapeCount = newShapeCount; });
    }

    public TrainerConfig withNetwork(int[] newChannels, int newConvsPerStage, boolean newBatchNorm, int newCrop, int newBinning) {
        return with(b -> {
            b.channels = newChannels;
            b.convsPerStage = newConvsPerStage;
            b.batchNorm = newBatchNorm;
            b.cropSize = newCrop;
            b.binning = newBinning;
        });
    }

    public TrainerConfig withTraining(int newBatch, double newLearningRate, double newDecay, int newPatience) {
        return with(b -> {
            b.batchSize = newBatch;
            b.learningRate = newLearningRate;
            b.decay = newDecay;
            b.patience = newPatience;
        });
    }

    /** Starts no epoch that would likely end after {@code budget} of training (zero: no limit). */
    public TrainerConfig withTimeBudget(java.time.Duration budget) {
        return with(b -> b.timeBudget = budget);
    }

    /**
     * Renders a new training set for every epoch after the first (seeds {@code seed + 7,000,001 x epoch}),
     * so that the net never sees an image twice; the validation set stays the first one.
     */
    public TrainerConfig withFreshData(boolean fresh) {
        return with(b -> b.freshData = fresh);
    }

    /**
     * With fresh data, a new training set every {@code epochs} epochs (at epochs 1 + n x epochs),
     * each trained that many epochs in a new order: rendering took about a third of each epoch.
     */
    public TrainerConfig withFreshEvery(int epochs) {
        return with(b -> b.freshEvery = epochs);
    }

    /** Whether epoch {@code epoch} (from 1) trains on a newly rendered set. */
    public boolean rendersAt(int epoch) {
        return epoch > 1 && setEpoch(epoch) == epoch;
    }

    /** The epoch whose set epoch {@code epoch} trains on: the last at or before it that rendered one (1: the first set). */
    public int setEpoch(int epoch) {
        return freshData ? 1 + (epoch - 1) / freshEvery * freshEvery : 1;
    }

    /**
     * Keeps the run's checkpoint in {@code dir} (null: {@link #checkpointFolder()}'s default), and
     * when {@code resumeRun}, goes on from the checkpoint there.
     */
    public TrainerConfig withCheckpoint(Path dir, boolean resumeRun) {
        return with(b -> { b.checkpointDir = dir; b.resume = resumeRun; });
    }

    /**
     * Where the run's checkpoint goes: {@code checkpointDir}, or by default {@code checkpoints/NAME-VERSION}
     * beside the dataset cache ({@code .stem/checkpoints/stem-cnn-15} for the CLI's defaults), never in a models folder.
     */
    public Path checkpointFolder() {
        return checkpointDir != null ? checkpointDir : cacheDir.toAbsolutePath().resolveSibling("checkpoints").resolve(modelName + "-" + modelVersion);
    }

    /** Writes the model to {@code folder}. */
    public TrainerConfig withOut(Path folder) {
        return with(b -> b.out = folder);
    }

    public TrainerConfig withCacheDir(Path dir) {
        return with(b -> b.cacheDir = dir);
    }

    public TrainerConfig withModel(String name, String version) {
        return with(b -> { b.modelName = name; b.modelVersion = version; });
    }

    /** Whether the net also learns maps of where the corners project ({@link org.stemstream.consumers.cnn.MultiTaskNet#CORNERS}). */
    public TrainerConfig withCornerMaps(boolean maps) {
        return with(b -> b.cornerMaps = maps);
    }

    /** Whether the net also learns the count split into hidden and outline cuts ({@link org.stemstream.consumers.cnn.MultiTaskNet#HIDDEN_CUTS}). */
    public TrainerConfig withCutHeads(boolean heads) {
        return with(b -> b.cutHeads = heads);
    }

    /**
     * A space-to-depth step of {@code block} before the first convolution (1: none): with binning 1
     * and block 2 the convolutions cost what a 2x-binned input costs, without averaging detail away.
     */
    public TrainerConfig withSpaceToDepth(int block) {
        return with(b -> b.spaceToDepth = block);
    }

    /**
     * Trains {@code n} copies of the net side by side, each on 1/n of every minibatch, averaged
     * after each step ({@link Replicas}): the same minibatch, more images per second on two cores
     * (159-164 against 137 here). The result depends on n.
     */
    public TrainerConfig withReplicas(int n) {
        return with(b -> b.replicas = n);
    }

    /** {@link #EXPONENTIAL} (by {@code decay} per epoch), {@link #LINEAR} (down to rate / epochs in the last) or {@link #COSINE}. */
    public TrainerConfig withSchedule(String newSchedule) {
        return with(b -> b.schedule = newSchedule);
    }

    /** The preprocessing's orient for a trainer's: {@code orient} without its "-scaled". */
    public static String cropOrient(String orient) {
        return scaled(orient) ? orient.substring(0, orient.length() - SCALED.length()) : orient;
    }

    /** Whether the crop is scaled to the training images' median radius of gyration. */
    public boolean scaled() {
        return scaled(orient);
    }

    /** Whether a trainer's {@code orient} scales the crop (it ends in "-scaled"). */
    public static boolean scaled(String orient) {
        return orient.endsWith(SCALED);
    }

    private static final String SCALED = "-scaled";

    /** The particle's radius of gyration in the crop as a multiple of the training images' median (scaled crops only). */
    public TrainerConfig withZoom(double newZoom) {
        return with(b -> b.zoom = newZoom);
    }

    /**
     * {@link org.stemstream.consumers.cnn.Preprocessing#NONE}, {@link org.stemstream.consumers.cnn.Preprocessing#PRINCIPAL},
     * {@link org.stemstream.consumers.cnn.Preprocessing#CANONICAL}, or either of the last two with "-scaled".
     */
    public TrainerConfig withOrient(String newOrient) {
        return with(b -> b.orient = newOrient);
    }

    public TrainerConfig withAux(java.util.List<AuxSet> sets) {
        return with(b -> b.aux = sets);
    }

    /** This config with the fields that {@code change} sets on a copy of its values. */
    private TrainerConfig with(java.util.function.Consumer<Fields> change) {
        Fields b = new Fields(this);
        change.accept(b);
        return b.build();
    }

    /** The record's values, mutable, for the {@code withX} copies (one place to list them all). */
    private static final class Fields {
        private String scenario;
        private int count;
        private long seed;
        private String shapeScenario;
        private int shapeCount;
        private int testCount;
        private long testSeed;
        private int epochs;
        private int patience;
        private int batchSize;
        private double validationFraction;
        private double learningRate;
        private double decay;
        private int[] channels;
        private int convsPerStage;
        private boolean batchNorm;
        private int cropSize;
        private int binning;
        private String scaling;
        private String modelName;
        private String modelVersion;
        private Path out;
        private Path cacheDir;
        private java.time.Duration timeBudget;
        private boolean freshData;
        private boolean cornerMaps;
        private java.util.List<AuxSet> aux;
        private int spaceToDepth;
        private int replicas;
        private String schedule;
        private String orient;
        private double zoom;
        private int freshEvery;
        private boolean cutHeads;
        private Path checkpointDir;
        private boolean resume;

        Fields(TrainerConfig c) {
            scenario = c.scenario;
            count = c.count;
            seed = c.seed;
            shapeScenario = c.shapeScenario;
            shapeCount = c.shapeCount;
            testCount = c.testCount;
            testSeed = c.testSeed;
            epochs = c.epochs;
            patience = c.patience;
            batchSize = c.batchSize;
            validationFraction = c.validationFraction;
            learningRate = c.learningRate;
            decay = c.decay;
            channels = c.channels;
            convsPerStage = c.convsPerStage;
            batchNorm = c.batchNorm;
            cropSize = c.cropSize;
            binning = c.binning;
            scaling = c.scaling;
            modelName = c.modelName;
            modelVersion = c.modelVersion;
            out = c.out;
            cacheDir = c.cacheDir;
            timeBudget = c.timeBudget;
            freshData = c.freshData;
            cornerMaps = c.cornerMaps;
            aux = c.aux;
            spaceToDepth = c.spaceToDepth;
            replicas = c.replicas;
            schedule = c.schedule;
            orient = c.orient;
            zoom = c.zoom;
            freshEvery = c.freshEvery;
            cutHeads = c.cutHeads;
            checkpointDir = c.checkpointDir;
            resume = c.resume;
        }

        TrainerConfig build() {
            return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, patience, batchSize, validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling, modelName, modelVersion, out, cacheDir, timeBudget, freshData, cornerMaps, aux, spaceToDepth, replicas, schedule, orient, zoom, freshEvery, cutHeads, checkpointDir, resume);
        }
    }
}
