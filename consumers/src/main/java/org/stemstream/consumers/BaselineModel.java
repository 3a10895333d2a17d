package org.stemstream.consumers;

import java.util.ArrayList;
import java.util.List;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * A PLACEHOLDER, not a trained network: guesses from one image statistic until the CNN
 * classifier lands. It measures how much of the particle's bounding box the particle fills
 * (corner cuts remove material from the box corners) and maps that onto the deformation count.
 * It never reads the ground truth. Expect accuracy near chance; every result says
 * {@value #NAME}.
 */
public final class BaselineModel implements ImageModel {
    public static final String NAME = "baseline-image-statistics (placeholder, not a CNN)";
    static final List<String> T1 = List.of("not-deformed", "deformed");
    static final List<String> T2 = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public List<List<TaskPrediction>> predict(List<StemImage> images) {
        List<List<TaskPrediction>> out = new ArrayList<>(images.size());
        for (StemImage image : images) {
            double fill = fillRatio(Pixels.decode(image), image.getWidth(), image.getHeight());
            // Uncut projected cuboids fill roughly 0.6-0.9 of their box; each cut takes a little.
            double expectedK = Math.max(0, Math.min(8, (0.8 - fill) / 0.03 + 4));
            double[] p2 = new double[9];
            double sum = 0;
            for (int k = 0; k < 9; k++) {
                p2[k] = Math.exp(-0.5 * (k - expectedK) * (k - expectedK) / 4.0);
                sum += p2[k];
            }
            List<Double> probs2 = new ArrayList<>(9);
            int best = 0;
            for (int k = 0; k < 9; k++) {
                probs2.add(p2[k] / sum);
                best = p2[k] > p2[best] ? k : best;
            }
            double pDeformed = 1 - probs2.get(0);
            out.add(List.of(
                    new TaskPrediction("T1", T1, List.of(1 - pDeformed, pDeformed), pDeformed >= 0.5 ? T1.get(1) : T1.get(0)),
                    new TaskPrediction("T2", T2, probs2, T2.get(best))));
        }
        return out;
    }

    /** Pixels above half the maximum, over the area of their bounding box. */
    static double fillRatio(float[] pixels, int width, int height) {
        float max = 0;
        for (float p : pixels) {
            max = Math.max(max, p);
        }
        float threshold = max / 2;
        int minX = width, minY = height, maxX = -1, maxY = -1, count = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (pixels[y * width + x] > threshold) {
                    count++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        return count / (double) ((maxX - minX + 1) * (maxY - minY + 1));
    }
}
