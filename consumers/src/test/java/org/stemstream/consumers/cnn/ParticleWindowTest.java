package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.AcquisitionAdapter.Frame;

class ParticleWindowTest {
    private static void fill(float[] v, int w, int x0, int y0, int side, float value) {
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                v[y * w + x] = value;
            }
        }
    }

    @Test
    void theWindowIsCentredOnTheRegionWithTheMostSignalAndPaddedWithTheBackground() {
        float[] v = new float[40 * 40];
        java.util.Arrays.fill(v, 2);
        fill(v, 40, 30, 5, 5, 100); // 25 pixels x 98 above the background, centred on (32, 7)
        fill(v, 40, 3, 30, 2, 200); // brighter but smaller: 4 x 198
        Frame out = ParticleWindow.cut(new Frame(v, 40, 40), 16, 16);
        assertThat(out.width()).isEqualTo(16);
        // x0 = round(32 + 0.5 - 8) = 25, y0 = round(7 + 0.5 - 8) = 0: frame (32, 7) lands at (7, 7)
        assertThat(out.pixels()[7 * 16 + 7]).isEqualTo(100);
        assertThat(out.pixels()[5 * 16 + 5]).isEqualTo(100); // frame (30, 5)
        assertThat(out.pixels()[4 * 16 + 5]).isEqualTo(2); // frame (30, 4): background
        assertThat(out.pixels()[7 * 16 + 15]).as("frame x 40 lies outside: the background level").isEqualTo(2);
    }

    @Test
    void aFrameWithoutAParticleIsCutAroundItsCentre() {
        float[] v = new float[30 * 20];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 30; // a ramp, no region 5 deviations above its median
        }
        double[] centre = ParticleWindow.brightestRegionCentroid(ParticleWindow.smooth(v, 30, 20), 30, 20, 1e9, 1e9);
        assertThat(centre[0]).isCloseTo(14.5, within(1e-9));
        assertThat(centre[1]).isCloseTo(9.5, within(1e-9));
    }

    @Test
    void smoothingAveragesTheNeighbourhoodClippedAtTheEdges() {
        float[] v = {0, 0, 0, 0, 9, 0, 0, 0, 0};
        float[] s = ParticleWindow.smooth(v, 3, 3);
        assertThat(s[4]).isEqualTo(1); // 9 / 9
        assertThat(s[0]).isEqualTo(9 / 4f); // corner: 4 neighbours
        assertThat(s[1]).isEqualTo(9 / 6f); // edge: 6 neighbours
    }

    @Test
    void theAdapterCutsOnlyFramesWiderThanTheModels() {
        ModelMetadata.Acquisition model = new ModelMetadata.Acquisition(0.25, 10);
        Frame small = new Frame(new float[16 * 16], 16, 16);
        assertThat(AcquisitionAdapter.adapt("a", small, 0.25, null, model, 16, 16)).isSameAs(small);
        Frame wide = AcquisitionAdapter.adapt("b", new Frame(new float[40 * 24], 40, 24), 0.25, null, model, 16, 16);
        assertThat(wide.width()).isEqualTo(16);
        assertThat(wide.height()).isEqualTo(16);
    }
}
