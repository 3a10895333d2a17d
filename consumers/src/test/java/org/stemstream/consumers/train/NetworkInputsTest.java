package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.stemstream.consumers.cnn.Preprocessing;

class NetworkInputsTest {

    @Test
    void theCutHeadsLearnTheCountSplitIntoHiddenAndOutlineCutsWhereTheCornersAreKnown() {
        LabelledImages cuboids = DatasetCache.render("seed-benchmark", 24, 31, null);
        LabelledImages images = cuboids.concat(DatasetCache.render("mixed-shapes", 8, 32, null));
        int n = images.count();
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        Preprocessing pre = Preprocessing.unnormalised(112, 4, "sqrt");

        MultiDataSet plain = NetworkInputs.minibatch(pre, false, null, images, order, 0, n, new SplittableRandom(1));
        MultiDataSet withCuts = NetworkInputs.minibatch(pre, true, null, images, order, 0, n, new SplittableRandom(1));

        assertThat(plain.getLabels()).hasSize(5);
        assertThat(withCuts.getLabels()).as("after T1, T2, T3, T4 and k, as the net's outputs").hasSize(7);
        assertThat(withCuts.getFeatures(0)).isEqualTo(plain.getFeatures(0));
        int hiddenSeen = 0;
        int cuboidsSeen = 0;
        for (int i = 0; i < n; i++) {
            float[] hidden = withCuts.getLabels(5).getRow(i).toFloatVector();
            float[] outline = withCuts.getLabels(6).getRow(i).toFloatVector();
            float mask = withCuts.getLabelsMaskArray(5).getFloat(i, 0);
            assertThat(withCuts.getLabelsMaskArray(6).getFloat(i, 0)).isEqualTo(mask);
            int h = images.hiddenCuts(i);
            if (h < 0) {
                assertThat(images.shape()[i]).isNotEqualTo("cuboid");
                assertThat(mask).as("a pyramid or sphere has no corners to count").isZero();
                continue;
            }
            cuboidsSeen++;
            assertThat(mask).isEqualTo(1);
            assertThat(hidden).hasSize(3);
            assertThat(outline).hasSize(9);
            assertThat(hidden[h]).isEqualTo(1);
            assertThat(outline[images.k()[i] - h]).as("image %d: k %d, %d hidden", i, images.k()[i], h).isEqualTo(1);
            assertThat(sum(hidden)).isEqualTo(1);
            assertThat(sum(outline)).isEqualTo(1);
            hiddenSeen += h;
        }
        assertThat(cuboidsSeen).isGreaterThanOrEqualTo(24);
        assertThat(hiddenSeen).as("24 cuboids with k uniform in 0..8 hide some cuts").isPositive();
    }

    /** Seen along a face, every corner is on the outline: all eight cuts count there (run 16d stopped on it in epoch 31). */
    @Test
    void aBoxSeenAlongAFaceWithEveryCornerCutHasEightCutsOnTheOutline() {
        LabelledImages one = DatasetCache.render("seed-benchmark", 1, 33, null);
        float[] corners = new float[LabelledImages.CORNER_VALUES];
        for (int c = 0; c < 8; c++) {
            corners[3 * c] = 64 + ((c & 1) == 0 ? -20 : 20);
            corners[3 * c + 1] = 64 + ((c & 2) == 0 ? -20 : 20);
            corners[3 * c + 2] = 1;
        }
        LabelledImages faceOn = new LabelledImages(one.scenario(), one.seed(), one.width(), one.height(), new int[] {8}, new int[] {-1},
                new String[] {"cuboid"}, corners, LabelledImages.allTasks(1), one.pixels());
        assertThat(faceOn.hiddenCuts(0)).isZero();

        MultiDataSet batch = NetworkInputs.minibatch(Preprocessing.unnormalised(112, 4, "sqrt"), true, null, faceOn, new int[] {0}, 0, 1,
                new SplittableRandom(1));

        assertThat(batch.getLabels(5).getFloat(0, 0)).isEqualTo(1);
        assertThat(batch.getLabels(6).getFloat(0, 8)).isEqualTo(1);
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
