package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    /** A 32x32 image of background 4 with a 4x4 block of 100 whose top-left corner is (x0, y0). */
    private static float[] block(int x0, int y0) {
        float[] px = new float[32 * 32];
        java.util.Arrays.fill(px, 4);
        for (int y = y0; y < y0 + 4; y++) {
            for (int x = x0; x < x0 + 4; x++) {
                px[y * 32 + x] = 100;
            }
        }
        return px;
    }

    @Test
    void theCropIsCentredOnTheParticleWhereverItSits() {
        Preprocessing pre = Preprocessing.unnormalised(8, 1, "sqrt");
        float[] centred = pre.apply(block(14, 14), 32, 32);
        float[] shifted = pre.apply(block(5, 20), 32, 32);
        assertThat(shifted).containsExactly(centred);
        // sqrt(100) - sqrt(4) inside the block, 0 (background removed) outside.
        assertThat(centred[3 * 8 + 3]).isCloseTo(8f, within(1e-5f));
        assertThat(centred[0]).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void logScalingTakesLog1pOfCountsClampedAtZero() {
        float[] px = block(14, 14);
        px[0] = -7; // a negative count (read noise) scales as 0
        float[] out = Preprocessing.unnormalised(8, 1, "log").apply(px, 32, 32);
        double background = (123 * Math.log1p(4)) / 124; // border mean: 123 pixels of 4, one of 0
        assertThat(out[3 * 8 + 3]).isCloseTo((float) (Math.log1p(100) - background), within(1e-5f));
        assertThat(out[0]).isCloseTo((float) (Math.log1p(4) - background), within(1e-5f));
    }

    @Test
    void binningAveragesBlocksAndNormalisationApplies() {
        Preprocessing pre = Preprocessing.unnormalised(8, 2, "none").withNormalisation(1, 2);
        float[] out = pre.apply(block(14, 14), 32, 32);
        assertThat(pre.outputSize()).isEqualTo(4);
        assertThat(out).hasSize(16);
        assertThat(out[5]).isCloseTo((96f - 1) / 2, within(1e-4f));
        assertThat(out[0]).isCloseTo((0f - 1) / 2, within(1e-4f));
    }

    @Test
    void aFrameIsCroppedAlikeWhateverFramesItsThreadOrOtherThreadsCroppedBefore() {
        Preprocessing pre = Preprocessing.unnormalised(40, 2, "sqrt").withOrient(Preprocessing.CANONICAL);
        Preprocessing plain = Preprocessing.unnormalised(8, 1, "sqrt");
        float[] expected = pre.apply(bar(30, 1), 64, 64);
        float[] block = plain.apply(block(14, 14), 32, 32);
        // a smaller frame on this thread between two crops of the same frame changes neither
        assertThat(plain.apply(block(14, 14), 32, 32)).containsExactly(block);
        assertThat(pre.apply(bar(30, 1), 64, 64)).containsExactly(expected);
        assertThat(plain.apply(block(14, 14), 32, 32)).containsExactly(block);
        // frames of both sizes on every thread of a parallel stream at once
        List<float[]> out = java.util.stream.IntStream.range(0, 64).parallel()
                .mapToObj(i -> i % 2 == 0 ? pre.apply(bar(30, 1), 64, 64) : plain.apply(block(14, 14), 32, 32)).toList();
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i)).as("frame %d", i).containsExactly(i % 2 == 0 ? expected : block);
        }
    }

    @Test
    void rejectsACropThatIsNotAMultipleOfTheBinning() {
        assertThatThrownBy(() -> Preprocessing.unnormalised(9, 2, "sqrt")).hasMessageContaining("crop 9");
    }

    /**
     * A 64x64 image of background 4 with a 24 x 8 pixel bar of 100, its long side at {@code degrees}
     * from x, centred on (32.3, 31.6); each pixel is the bar's cover of 8 x 8 sample points.
     */
    private static float[] bar(double degrees) {
        return bar(degrees, 0);
    }

    /**
     * {@link #bar(double)} with, unless {@code knob} is 0, an 8 x 4 pixel knob on one long side near
     * one end (along 2..10, across 4..8 times {@code knob}): -1 draws the bar's mirror image.
     */
    static float[] bar(double degrees, int knob) {
        double cos = Math.cos(Math.toRadians(degrees)), sin = Math.sin(Math.toRadians(degrees));
        float[] px = new float[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int inside = 0;
                for (int sy = 0; sy < 8; sy++) {
                    for (int sx = 0; sx < 8; sx++) {
                        double dx = x + (sx + 0.5) / 8 - 0.5 - 32.3, dy = y + (sy + 0.5) / 8 - 0.5 - 31.6;
                        double along = dx * cos + dy * sin, across = -dx * sin + dy * cos;
                        boolean onKnob = knob != 0 && along > 2 && along < 10 && across * knob > 4 && across * knob < 8;
                        inside += Math.abs(along) < 12 && Math.abs(across) < 4 || onKnob ? 1 : 0;
                    }
                }
                px[y * 64 + x] = 4 + 96f * inside / 64;
            }
        }
        return px;
    }

    @Test
    void theLongAxisIsFoundAtItsAngle() {
        for (double degrees : new double[] {0, 30, 75, 120, -50}) {
            double angle = Math.toDegrees(Preprocessing.unnormalised(40, 1, "none").principalAngle(bar(degrees), 64, 64));
            double off = ((angle - degrees) % 180 + 270) % 180 - 90; // the axis has no sign: compare modulo 180
            assertThat(off).as("bar at %s degrees", degrees).isCloseTo(0, within(0.5));
        }
    }

    @Test
    void anOrientedCropLaysTheBarAlongXWhateverItsAngle() {
        Preprocessing pre = Preprocessing.unnormalised(40, 1, "none").withOrient(Preprocessing.PRINCIPAL);
        float[] flat = pre.apply(bar(0), 64, 64);
        for (double degrees : new double[] {30, 75, 120}) {
            float[] turned = pre.apply(bar(degrees), 64, 64);
            // along x the bar reaches 12 pixels each side of the centre (20, 20), across only 4
            assertThat(turned[20 * 40 + 20 + 9]).as("on the long axis, %s degrees", degrees).isCloseTo(96f, within(2f));
            assertThat(turned[(20 + 9) * 40 + 20]).as("across it, %s degrees", degrees).isCloseTo(0f, within(2f));
            double diff = 0;
            for (int i = 0; i < flat.length; i++) {
                diff += Math.abs(turned[i] - flat[i]);
            }
            // only the interpolated edge pixels differ: a bar left at its angle would differ over ~300 pixels of 96
            assertThat(diff / flat.length).as("mean difference, %s degrees", degrees).isLessThan(1.5);
        }
        // the image's axes are kept without orient: the turned bar then lies off the x axis
        float[] unturned = Preprocessing.unnormalised(40, 1, "none").apply(bar(75), 64, 64);
        assertThat(unturned[20 * 40 + 20 + 9]).isCloseTo(0f, within(2f));
    }

    @Test
    void aCanonicalCropShowsTheParticleInOnePoseWhateverItsAngleAndMirrorImage() {
        Preprocessing pre = Preprocessing.unnormalised(40, 1, "none").withOrient(Preprocessing.CANONICAL);
        assertThat(pre.symmetries()).isEqualTo(1);
        float[] first = pre.apply(bar(0, 1), 64, 64);
        // the knob lies about 5 pixels from the centroid along the axis and 5 across it, in one quadrant of the four
        int lit = 0;
        for (int sy : new int[] {-1, 1}) {
            for (int sx : new int[] {-1, 1}) {
                lit += first[(20 + 6 * sy) * 40 + 20 + 5 * sx] > 48 ? 1 : 0;
            }
        }
        assertThat(lit).as("quadrants that show the knob").isEqualTo(1);
        for (int knob : new int[] {1, -1}) {
            for (double degrees : new double[] {0, 30, 75, 120, 200, -50}) {
                float[] crop = pre.apply(bar(degrees, knob), 64, 64);
                double diff = 0;
                for (int i = 0; i < first.length; i++) {
                    diff += Math.abs(crop[i] - first[i]);
                }
                // a crop in another of the 4 poses would differ over the knob's 2 x 32 pixels and more: ~2 of 96 per pixel
                assertThat(diff / first.length).as("mean difference, %s degrees, knob %s", degrees, knob).isLessThan(1.0);
            }
        }
        // turned only, the bar turned by half a turn, or its mirror image, shows its knob elsewhere
        Preprocessing turned = pre.withOrient(Preprocessing.PRINCIPAL);
        float[] plain = turned.apply(bar(0, 1), 64, 64);
        for (float[] other : List.of(turned.apply(bar(180, 1), 64, 64), turned.apply(bar(0, -1), 64, 64))) {
            double diff = 0;
            for (int i = 0; i < plain.length; i++) {
                diff += Math.abs(other[i] - plain[i]);
            }
            assertThat(diff / plain.length).isGreaterThan(2.0);
        }
    }

    @Test
    void canonicalFlipsAreTheSignsOfTheMomentsAboutTheAxes() {
        Preprocessing pre = Preprocessing.unnormalised(40, 1, "none").withOrient(Preprocessing.CANONICAL);
        // the knob pulls the centroid its way, so the bar's far end weighs more in u^3: sum u^3 < 0, u is flipped
        int[] flips = pre.canonicalFlips(bar(0, 1), 64, 64);
        assertThat(flips[0]).isEqualTo(-1);
        // the axis is found near 0 degrees for all three: the mirror image flips v the other way, half a turn both
        assertThat(pre.canonicalFlips(bar(0, -1), 64, 64)).containsExactly(flips[0], -flips[1]);
        assertThat(pre.canonicalFlips(bar(180, 1), 64, 64)).containsExactly(-flips[0], -flips[1]);
        // the plain bar has every odd moment 0 to rounding: whatever signs it gets, its crop is the same bar
        float[] plain = pre.apply(bar(30), 64, 64);
        assertThat(plain[20 * 40 + 20 + 9]).isCloseTo(96f, within(2f));
    }

    @Test
    void inputPositionsAreWhereTheCropShowsThePoints() {
        // the knobbed bar on a ramp of 0.5 per column and 0.3 per row: inside the bar, 3 pixels from its
        // edges, the image is linear, and so is the crop there, turned, scaled and binned as it may be
        for (Preprocessing pre : List.of(Preprocessing.unnormalised(40, 1, "none"),
                Preprocessing.unnormalised(40, 1, "none").withOrient(Preprocessing.PRINCIPAL),
                Preprocessing.unnormalised(40, 2, "none").withOrient(Preprocessing.CANONICAL).withRadius(14))) {
            for (double degrees : new double[] {0, 30, 75, 200}) {
                float[] image = bar(degrees, 1);
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 64; x++) {
                        image[y * 64 + x] += (float) (0.5 * x + 0.3 * y);
                    }
                }
                float[] crop = pre.apply(image, 64, 64);
                double cos = Math.cos(Math.toRadians(degrees)), sin = Math.sin(Math.toRadians(degrees));
                for (double along : new double[] {-5, 0, 4}) {
                    // pixel (i, j) covers [i, i + 1): its centre, where the image holds its value, is at i + 0.5
                    double x = 32.3 + along * cos + 0.5, y = 31.6 + along * sin + 0.5;
                    double[] at = pre.inputPositions(image, 64, 64, new double[] {x, y});
                    double expected = 100 + 0.5 * (x - 0.5) + 0.3 * (y - 0.5) - background(image);
                    assertThat(interpolate(crop, pre.outputSize(), at[0] - 0.5, at[1] - 0.5))
                            .as("%s at %s degrees, %s along the bar", pre, degrees, along).isCloseTo(expected, within(0.02));
                }
                // the knob's middle, 6 along and 6 across, is lit in the crop; the same spot mirrored across the bar is not
                double[] knob = pre.inputPositions(image, 64, 64, new double[] {32.8 + 6 * cos - 6 * sin, 32.1 + 6 * sin + 6 * cos,
                        32.8 + 6 * cos + 6 * sin, 32.1 + 6 * sin - 6 * cos});
                int side = pre.outputSize();
                assertThat(crop[(int) knob[1] * side + (int) knob[0]]).isGreaterThan(60f);
                assertThat(crop[(int) knob[3] * side + (int) knob[2]]).isLessThan(40f);
            }
        }
    }

    private static double background(float[] image) {
        double sum = 0;
        for (int i = 0; i < 64; i++) {
            sum += image[i] + image[63 * 64 + i] + (i > 0 && i < 63 ? image[i * 64] + image[i * 64 + 63] : 0);
        }
        return sum / (4 * 64 - 4);
    }

    /** The crop bilinearly at (x, y), pixel-centre coordinates. */
    private static double interpolate(float[] crop, int side, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        double top = crop[y0 * side + x0] * (1 - fx) + crop[y0 * side + x0 + 1] * fx;
        double bottom = crop[(y0 + 1) * side + x0] * (1 - fx) + crop[(y0 + 1) * side + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    @Test
    void aScaledCropBringsTheParticleToTheRadiusAsked() {
        Preprocessing pre = Preprocessing.unnormalised(64, 1, "none").withOrient(Preprocessing.PRINCIPAL);
        // a 24 x 8 bar: radius of gyration sqrt((24^2 + 8^2) / 12) = 7.30 pixels
        double r = pre.gyrationRadius(bar(30), 64, 64);
        assertThat(r).isCloseTo(Math.sqrt((24 * 24 + 8 * 8) / 12.0), within(0.15));
        float[] twice = pre.withRadius(2 * r).apply(bar(30), 64, 64);
        // magnified 2x about the centre (32, 32): 24 pixels each way along x, 8 across
        assertThat(twice[32 * 64 + 32 + 19]).isCloseTo(96f, within(3f));
        assertThat(twice[32 * 64 + 32 + 28]).isCloseTo(0f, within(3f));
        assertThat(twice[(32 + 5) * 64 + 32]).isCloseTo(96f, within(3f));
        assertThat(twice[(32 + 10) * 64 + 32]).isCloseTo(0f, within(3f));
        assertThat(pre.withRadius(2 * r).gyrationRadius(twice, 64, 64)).as("measured again in the crop").isCloseTo(2 * r, within(0.3));
    }

    @Test
    void orientIsReadFromMetadataAndAModelWithoutItKeepsTheImageAxes() throws Exception {
        String old = "{\"cropSize\":112,\"binning\":2,\"scaling\":\"sqrt\",\"mean\":1.0,\"std\":3.0}";
        Preprocessing before = ModelMetadata.MAPPER.readValue(old, Preprocessing.class);
        assertThat(before.orient()).isEqualTo(Preprocessing.NONE);
        assertThat(before.symmetries()).isEqualTo(8);
        Preprocessing turned = ModelMetadata.MAPPER.readValue(ModelMetadata.MAPPER.writeValueAsString(before.withOrient("principal")),
                Preprocessing.class);
        assertThat(turned).isEqualTo(before.withOrient(Preprocessing.PRINCIPAL));
        assertThat(turned.symmetries()).as("the identity, two flips and the half turn").isEqualTo(4);
        assertThat(turned.withNormalisation(2, 5).orient()).isEqualTo(Preprocessing.PRINCIPAL);
        assertThatThrownBy(() -> before.withOrient("upright")).hasMessageContaining("orient 'upright'");
        Preprocessing canonical = ModelMetadata.MAPPER.readValue(ModelMetadata.MAPPER.writeValueAsString(before.withOrient("canonical")),
                Preprocessing.class);
        assertThat(canonical.orient()).isEqualTo(Preprocessing.CANONICAL);
        assertThat(canonical.symmetries()).as("one pose").isEqualTo(1);
    }
}
