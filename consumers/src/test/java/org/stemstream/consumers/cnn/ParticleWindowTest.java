package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.AcquisitionAdapter.Frame;

class ParticleWindowTest {
    private static Frame cut(Frame frame, int width, int height) {
        return ParticleWindow.cut(frame, ParticleWindow.find(frame), width, height);
    }

    private static List<ParticleWindow.Particle> particles(Frame frame) {
        return ParticleWindow.find(frame).particles();
    }

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
        Frame out = cut(new Frame(v, 40, 40), 16, 16);
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
        Frame frame = new Frame(v, 30, 20);
        assertThat(particles(frame)).isEmpty();
        // centre (14.5, 9.5): x0 = round(14.5 + 0.5 - 5) = 10, y0 = round(9.5 + 0.5 - 5) = 5
        Frame out = cut(frame, 10, 10);
        assertThat(out.pixels()[0]).isEqualTo(10);
        assertThat(out.pixels()[9]).isEqualTo(19);
    }

    @Test
    void everyParticleWithATenthOfTheMainOnesSignalIsListedMostSignalFirst() {
        float[] v = new float[40 * 40];
        java.util.Arrays.fill(v, 2);
        fill(v, 40, 30, 5, 5, 100);  // 25 x 98 = 2,450 above the background, centre (32, 7)
        fill(v, 40, 3, 30, 2, 200);  // 4 x 198 = 792, centre (3.5, 30.5)
        fill(v, 40, 20, 20, 1, 20);  // 1 x 18 = 18: under a tenth of the main one's
        List<ParticleWindow.Particle> found = particles(new Frame(v, 40, 40));
        assertThat(found).hasSize(2);
        assertThat(found.get(0).x()).isCloseTo(32, within(1e-6));
        assertThat(found.get(0).y()).isCloseTo(7, within(1e-6));
        assertThat(found.get(0).signal()).isCloseTo(2450, within(1e-3)); // smoothing spreads a region's signal, keeps its sum
        assertThat(found.get(1).x()).isCloseTo(3.5, within(1e-6));
        assertThat(found.get(1).y()).isCloseTo(30.5, within(1e-6));
        assertThat(found.get(1).signal()).isCloseTo(792, within(1e-3));
    }

    @Test
    void aLargeFramesBackgroundIsMeasuredOnASampleAndItsParticleStillFound() {
        int side = 512; // 262,144 pixels: the background from every 4th
        float[] v = new float[side * side];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = 5 + random.nextInt(5); // 5..9: noise around 7
        }
        fill(v, side, 400, 100, 10, 60);
        List<ParticleWindow.Particle> found = particles(new Frame(v, side, side));
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).x()).isCloseTo(404.5, within(0.5));
        assertThat(found.get(0).y()).isCloseTo(104.5, within(0.5));
    }

    @Test
    void smoothingAveragesTheNeighbourhoodClippedAtTheEdges() {
        float[] v = {0, 0, 0, 0, 9, 0, 0, 0, 0};
        float[] s = ParticleWindow.smooth(v, 3, 3);
        assertThat(s[4]).isEqualTo(1); // 9 / 9
        assertThat(s[0]).isEqualTo(9 / 4f); // corner: 4 neighbours
        assertThat(s[1]).isEqualTo(9 / 6f); // edge: 6 neighbours
    }

    private static org.stemstream.schemas.avro.StemImage image(int w, int h) {
        float[] v = new float[w * h];
        fill(v, w, w - 8, 2, 4, 50); // a particle near the top right
        return org.stemstream.schemas.avro.StemImage.newBuilder().setImageId("i").setObjectId("o").setCampaignId("c").setWidth(w).setHeight(h)
                .setPixelSizeNm(0.25).setEncoding(org.stemstream.schemas.avro.PixelEncoding.FLOAT32)
                .setPixels(org.stemstream.schemas.Pixels.float32(v)).build();
    }

    @Test
    void onlyFramesWiderThanTheModelsAreCutAroundTheirParticle() {
        ModelMetadata metadata = new ModelMetadata("m", "1", 16, 16, new ModelMetadata.Acquisition(0.25, 10),
                Preprocessing.unnormalised(16, 1, "sqrt"), List.of(new ModelMetadata.TaskHead("T1", "t1", List.of("no", "yes"))), java.util.Map.of());
        ImageWindows same = ImageWindows.of(image(16, 16), metadata);
        assertThat(same.frames()).singleElement().satisfies(f -> assertThat(f.pixels()[2 * 16 + 8]).isEqualTo(50));
        ImageWindows wide = ImageWindows.of(image(40, 24), metadata);
        // the particle spans x 32..35, y 2..5: centre (33.5, 3.5), x0 = round(33.5 + 0.5 - 8) = 26, y0 = round(3.5 + 0.5 - 8) = -4
        assertThat(wide.frames()).singleElement().satisfies(f -> {
            assertThat(f.width()).isEqualTo(16);
            assertThat(f.height()).isEqualTo(16);
            assertThat(f.pixels()[(2 + 4) * 16 + (32 - 26)]).isEqualTo(50);
        });
        assertThat(wide.particles()).as("listed only when there are several").isEmpty();
    }
}
