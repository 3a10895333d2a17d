package org.stemstream.consumers.train;

import java.nio.file.Path;

/**
 * What {@link Trainer} does: the scenario, image count and seed of the training data (a fresh
 * {@code testCount} images from {@code testSeed} are the held-out test set), the epochs and early
 * stopping, the network width and the preprocessing, and where the model goes.
 */
public record TrainerConfig(String scenario, int count, long seed, int testCount, long testSeed, int epochs,
                            int patience, int batchSize, double validationFraction, double learningRate,
                            int[] channels, int cropSize, int binning, String scaling,
                            String modelName, String modelVersion, Path out, Path cacheDir) {

    public TrainerConfig {
        if (count < 10) {
            throw new IllegalArgumentException("count " + count + " < 10: too few images to split off a validation set");
        }
        if (epochs < 1 || batchSize < 1 || patience < 1) {
            throw new IllegalArgumentException("epochs " + epochs + ", batch " + batchSize + ", patience " + patience + " must be >= 1");
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " not in (0, 0.5)");
        }
    }

    /** The defaults: the fast 98 k-parameter design on a 2x-binned 112-pixel crop (56x56 input). */
    public static TrainerConfig defaults(String scenario, int count, int epochs, long seed, Path out) {
        return new TrainerConfig(scenario, count, seed, Math.max(100, count / 10), seed + 1_000_003L, epochs, 3, 64, 0.1,
                2e-3, new int[] {16, 32, 64, 128}, 112, 2, "sqrt", "stem-cnn", "1", out, Path.of("target", "datasets"));
    }

    public TrainerConfig withTestCount(int n) {
        return new TrainerConfig(scenario, count, seed, n, testSeed, epochs, patience, batchSize, validationFraction,
                learningRate, channels, cropSize, binning, scaling, modelName, modelVersion, out, cacheDir);
    }

    public TrainerConfig withNetwork(int[] newChannels, int newCrop, int newBinning) {
        return new TrainerConfig(scenario, count, seed, testCount, testSeed, epochs, patience, batchSize, validationFraction,
                learningRate, newChannels, newCrop, newBinning, scaling, modelName, modelVersion, out, cacheDir);
    }

    public TrainerConfig withTraining(int newBatch, double newLearningRate, int newPatience) {
        return new TrainerConfig(scenario, count, seed, testCount, testSeed, epochs, newPatience, newBatch, validationFraction,
                newLearningRate, channels, cropSize, binning, scaling, modelName, modelVersion, out, cacheDir);
    }

    public TrainerConfig withCacheDir(Path dir) {
        return new TrainerConfig(scenario, count, seed, testCount, testSeed, epochs, patience, batchSize, validationFraction,
                learningRate, channels, cropSize, binning, scaling, modelName, modelVersion, out, dir);
    }

    public TrainerConfig withModel(String name, String version) {
        return new TrainerConfig(scenario, count, seed, testCount, testSeed, epochs, patience, batchSize, validationFraction,
                learningRate, channels, cropSize, binning, scaling, name, version, out, cacheDir);
    }
}
