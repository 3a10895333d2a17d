package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.Preprocessing;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;

class CornerMapsTest {
    // a 56-pixel input, maps of 14 cells: 4 input pixels per cell
    private final CornerMaps maps = new CornerMaps(56, 14);

    /** All eight corners at input position (x, y). */
    private static double[] everyCornerAt(double x, double y) {
        double[] at = new double[16];
        for (int c = 0; c < 8; c++) {
            at[2 * c] = x;
            at[2 * c + 1] = y;
        }
        return at;
    }

    private static float[] oneCorner(double u, double v, boolean cut) {
        float[] c = LabelledImages.unknownCorners(1);
        for (int i = 0; i < 8; i++) { // all eight corners on the same spot
            c[3 * i] = (float) u;
            c[3 * i + 1] = (float) v;
            c[3 * i + 2] = 0;
        }
        c[2] = cut ? 1 : 0;
        return c;
    }

    private static int argmax(float[] m, int from, int n) {
        int best = from;
        for (int i = from; i < from + n; i++) {
            if (m[i] > m[best]) {
                best = i;
            }
        }
        return best - from;
    }

    @Test
    void aCornerPeaksInTheCellItFallsIn() {
        // input position (4 * 3 + 2, 4 * 5 + 2) is the centre of cell (3, 5)
        float[] out = new float[2 * 196];
        maps.render(oneCorner(128, 144, true), 0, everyCornerAt(14, 22), 0, out, 0);
        assertThat(out[5 * 14 + 3]).isCloseTo(1f, within(1e-6f)); // cut map
        assertThat(out[196 + 5 * 14 + 3]).isCloseTo(1f, within(1e-6f)); // all-corners map
        // one cell away: exp(-1 / (2 sigma^2))
        assertThat(out[5 * 14 + 4]).isCloseTo((float) Math.exp(-1 / (2 * CornerMaps.SIGMA * CornerMaps.SIGMA)), within(1e-6f));
        float[] intact = new float[2 * 196];
        maps.render(oneCorner(128, 144, false), 0, everyCornerAt(14, 22), 0, intact, 0);
        assertThat(argmax(intact, 0, 196)).isZero(); // nothing cut: map 0 stays zero
        assertThat(intact[5 * 14 + 3]).isZero();
        assertThat(intact[196 + 5 * 14 + 3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void mapsTurnWithTheImage() {
        // variant 1 mirrors x: cell (3, 5) goes to (10, 5); variant 4 transposes: to (5, 3)
        float[] mirrored = new float[2 * 196];
        maps.render(oneCorner(128, 144, true), 0, everyCornerAt(14, 22), 1, mirrored, 0);
        assertThat(argmax(mirrored, 0, 196)).isEqualTo(5 * 14 + 10);
        float[] transposed = new float[2 * 196];
        maps.render(oneCorner(128, 144, true), 0, everyCornerAt(14, 22), 4, transposed, 0);
        assertThat(argmax(transposed, 0, 196)).isEqualTo(3 * 14 + 5);
    }

    @Test
    void aRenderedCubesCornersLandOnItsOutlineAfterPreprocessing() {
        // an unrotated 10 nm cube: corners 20 pixels from the centre, i.e. 10 input pixels, 2.5 cells
        Cuboid cube = Cuboid.cube(10).withCut(3, 0.3);
        SimulationSpec spec = new SimulationSpec(7, cube, Quaternion.identity(), null, 128, 128, 0.25, 0, 0, 79,
                org.stemstream.simulator.Imaging.of(0.15, 1000, new org.stemstream.simulator.CarbonFilm(3, 0.15, 0.5)));
        float[] pixels = Simulator.applyNoise(Simulator.project(spec), spec.imaging(), spec.pixelSizeNm(), 1).image().pixels();
        double[] uv = Labels.projectedCorners(spec).orElseThrow();
        double[] at = Preprocessing.unnormalised(112, 2, "sqrt").inputPositions(pixels, 128, 128, uv);
        // centroid ~ 64, so the crop of 112 starts at source pixel ~ 8: corner 3 at source 84 lands at (84 - 8) / 2
        assertThat(at[6]).isBetween(37.5, 38.5);
        float[] corners = new float[24];
        for (int c = 0; c < 8; c++) {
            corners[3 * c] = (float) uv[2 * c];
            corners[3 * c + 1] = (float) uv[2 * c + 1];
            corners[3 * c + 2] = c == 3 ? 1 : 0;
        }
        float[] out = new float[2 * 196];
        maps.render(corners, 0, at, 0, out, 0);
        // corner 3 (+, +) at input 38 -> 38 / 4 = 9.5 cells: the centre of cell 9
        int peak = argmax(out, 0, 196);
        assertThat(peak % 14).isBetween(8, 9);
        assertThat(peak / 14).isBetween(8, 9);
        // the all-corners map peaks at the four outline corners: (44 - 8) / 8 = 4.5 and 9.5
        assertThat(out[196 + 4 * 14 + 4]).isGreaterThan(0.5f);
        assertThat(out[196 + 4 * 14 + 9]).isGreaterThan(0.5f);
        assertThat(out[196 + 7 * 14 + 7]).isLessThan(0.01f);
    }
}
