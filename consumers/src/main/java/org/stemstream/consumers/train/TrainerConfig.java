package org.stemstream.consumers.train;

import java.nio.file.Path;

/**
 * What {@link Trainer} does: the scenario, image count and seed of the training data, plus
 * {@code shapeCount} images of {@code shapeScenario} for the shape task T4 (0 for none); a fresh
 * {@code testCount} images from {@code testSeed} are the held-out test set. Then the epochs, early
 * stopping and learning-rate decay per epoch, the network (stage widths, convolutions per stage),
 * the preprocessing, where the model goes, an optional time budget for the epochs, and whether
 * every epoch gets freshly rendered images.
 */
public record TrainerConfig(String scenario, int count, long seed, String shapeScenario, int shapeCount,
                            int testCount, long testSeed, int epochs, int patience, int batchSize,
                            double validationFraction, double learningRate, double decay,
                            int[] channels, int convsPerStage, boolean batchNorm, int cropSize, int binning, String scaling,
                            String modelName, String modelVersion, Path out, Path cacheDir,
                            java.time.Duration timeBudget, boolean freshData) {

    public TrainerConfig {
        if (count < 10) {
            throw new IllegalArgumentException("count " + count + " < 10: too few images to split off a validation set");
        }
        if (shapeCount < 0) {
            throw new IllegalArgumentException("shape count " + shapeCount + " < 0");
        }
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs " + epochs + ", batch " + batchSize + ", patience " + patience + " must be >= 1");
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " not in (0, 0.5)");
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay " + decay + " not in (0, 1]");
        }
    }

    /**
     * The defaults: two convolutions per stage, widths 16-32-64-128, on a 2x-binned 112-pixel crop
     * (56x56 input), with a tenth as many mixed-shapes images for T4.
     */
    public static TrainerConfig defaults(String scenario, int count, int epochs, long seed, Path out) {
        return new TrainerConfig(scenario, count, seed, "mixed-shapes", count / 10, Math.max(100, count / 10), seed + 1_000_003L,
                epochs, 3, 64, 0.1, 2e-3, 0.9, new int[] {16, 32, 64, 128}, 2, false, 112, 2, "sqrt", "stem-cnn", "1", out,
                Path.of("target", "datasets"), java.time.Duration.ZERO, false);
    }

    public TrainerConfig withTestCount(int n) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, n, testSeed, epochs, patience, batchSize,
                validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling, modelName,
                modelVersion, out, cacheDir, timeBudget, freshData);
    }

    public TrainerConfig withShapes(String newShapeScenario, int newShapeCount) {
        return new TrainerConfig(scenario, count, seed, newShapeScenario, newShapeCount, testCount, testSeed, epochs, patience,
                batchSize, validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling,
                modelName, modelVersion, out, cacheDir, timeBudget, freshData);
    }

    public TrainerConfig withNetwork(int[] newChannels, int newConvsPerStage, boolean newBatchNorm, int newCrop, int newBinning) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, patience,
                batchSize, validationFraction, learningRate, decay, newChannels, newConvsPerStage, newBatchNorm, newCrop, newBinning, scaling,
                modelName, modelVersion, out, cacheDir, timeBudget, freshData);
    }

    public TrainerConfig withTraining(int newBatch, double newLearningRate, double newDecay, int newPatience) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, newPatience,
                newBatch, validationFraction, newLearningRate, newDecay, channels, convsPerStage, batchNorm, cropSize, binning, scaling,
                modelName, modelVersion, out, cacheDir, timeBudget, freshData);
    }

    /** Starts no epoch that would likely end after {@code budget} of training (zero: no limit). */
    public TrainerConfig withTimeBudget(java.time.Duration budget) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, patience,
                batchSize, validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling,
                modelName, modelVersion, out, cacheDir, budget, freshData);
    }

    /**
     * Renders a new training set for every epoch after the first (seeds {@code seed + 7,000,001 x epoch}),
     * so that the net never sees an image twice; the validation set stays the first one.
     */
    public TrainerConfig withFreshData(boolean fresh) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, patience,
                batchSize, validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling,
                modelName, modelVersion, out, cacheDir, timeBudget, fresh);
    }

    public TrainerConfig withCacheDir(Path dir) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, patience,
                batchSize, validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling,
                modelName, modelVersion, out, dir, timeBudget, freshData);
    }

    public TrainerConfig withModel(String name, String version) {
        return new TrainerConfig(scenario, count, seed, shapeScenario, shapeCount, testCount, testSeed, epochs, patience,
                batchSize, validationFraction, learningRate, decay, channels, convsPerStage, batchNorm, cropSize, binning, scaling, name,
                version, out, cacheDir, timeBudget, freshData);
    }
}
