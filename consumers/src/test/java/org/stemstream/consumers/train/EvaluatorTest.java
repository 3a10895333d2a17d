package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.consumers.cnn.MultiTaskNet;
import org.stemstream.consumers.cnn.Preprocessing;

class EvaluatorTest {
    private static final double R = 20;

    /** A cube seen along a face: a square, each of its corners the projection of two cube corners. */
    private static double[][] faceOn() {
        double[][] uv = new double[8][];
        for (int c = 0; c < 8; c++) {
            uv[c] = new double[] {64 + ((c & 1) == 0 ? -R : R), 64 + ((c & 2) == 0 ? -R : R)};
        }
        return uv;
    }

    /** A cube seen along its body diagonal: corners 0 and 7 at the centre, the other six on a hexagon. */
    private static double[][] alongDiagonal() {
        double[][] uv = new double[8][];
        uv[0] = new double[] {64, 64};
        uv[7] = new double[] {64, 64};
        int[] rim = {1, 3, 2, 6, 4, 5};
        for (int j = 0; j < rim.length; j++) {
            uv[rim[j]] = new double[] {64 + R * Math.cos(j * Math.PI / 3), 64 + R * Math.sin(j * Math.PI / 3)};
        }
        return uv;
    }

    private static void put(float[] corners, int image, double[][] uv, int... cut) {
        for (int c = 0; c < 8; c++) {
            int at = image * LabelledImages.CORNER_VALUES + 3 * c;
            corners[at] = (float) uv[c][0];
            corners[at + 1] = (float) uv[c][1];
        }
        for (int c : cut) {
            corners[image * LabelledImages.CORNER_VALUES + 3 * c + 2] = 1;
        }
    }

    @Test
    void scoresAreSplitByTheCutCornersHiddenInsideTheOutline() {
        int n = 5;
        float[] corners = new float[n * LabelledImages.CORNER_VALUES];
        put(corners, 0, faceOn(), 0, 7); // every corner on the outline: no cut hidden
        put(corners, 1, alongDiagonal(), 0); // the near corner cut, inside the hexagon
        put(corners, 2, alongDiagonal(), 0, 7, 3); // both inner corners and one on the rim
        put(corners, 3, alongDiagonal(), 3, 5); // two cuts, both on the rim
        java.util.Arrays.fill(corners, 4 * LabelledImages.CORNER_VALUES, 5 * LabelledImages.CORNER_VALUES, Float.NaN); // not known
        int[] k = {2, 1, 3, 2, 1};
        LabelledImages images = new LabelledImages("test", 1, 1, 1, k, new int[] {-1, -1, -1, -1, -1},
                new String[] {"cuboid", "cuboid", "cuboid", "cuboid", "cuboid"}, corners, LabelledImages.allTasks(n), new short[n]);
        assertThat(java.util.stream.IntStream.range(0, n).map(images::hiddenCuts).toArray()).containsExactly(0, 1, 2, 0, -1);

        List<String> counts = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8");
        ModelMetadata metadata = new ModelMetadata("test-net", "1", 1, 1, Preprocessing.unnormalised(16, 1, "sqrt"),
                List.of(new ModelMetadata.TaskHead("T2", MultiTaskNet.T2, counts)), Map.of());
        int[] answered = {2, 0, 3, 1, 1}; // right, wrong, right, wrong, right
        float[][][] probabilities = new float[1][n][9];
        for (int i = 0; i < n; i++) {
            probabilities[0][i][answered[i]] = 1;
        }
        List<TaskScore> groups = Evaluator.byHiddenCuts(metadata, probabilities, images, "T2");
        assertThat(groups).extracting(TaskScore::count).containsExactly(2L, 1L, 1L);
        assertThat(groups).extracting(TaskScore::correct).containsExactly(1L, 0L, 1L);
        assertThat(groups.get(0).confusion()[2][1]).isEqualTo(1); // image 3: two cuts called one
        assertThat(Evaluator.score(metadata, probabilities, images).get(0).count()).as("all five scored overall").isEqualTo(5);
    }
}
