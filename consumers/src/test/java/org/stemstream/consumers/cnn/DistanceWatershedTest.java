package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DistanceWatershedTest {
    /** Each pixel of a {@code w x h} mask inside any of the discs {x, y, radius}. */
    private static boolean[] discs(int w, int h, double[]... discs) {
        boolean[] mask = new boolean[w * h];
        for (int p = 0; p < mask.length; p++) {
            for (double[] d : discs) {
                mask[p] |= Math.hypot(p % w - d[0], p / w - d[1]) <= d[2];
            }
        }
        return mask;
    }

    /** The parts of a mask that is one region, and each pixel's part (-1 outside). */
    private static int[] parts(boolean[] mask, int w, int h) {
        int[] pixels = IntStream.range(0, mask.length).filter(p -> mask[p]).toArray();
        DistanceWatershed.Parts parts = DistanceWatershed.split(mask, w, h, pixels, pixels.length);
        int[] labels = new int[mask.length];
        java.util.Arrays.fill(labels, -1);
        for (int i = 0; i < pixels.length; i++) {
            labels[pixels[i]] = parts.labels()[i];
        }
        return labels;
    }

    private static long count(int[] labels) {
        return IntStream.of(labels).filter(l -> l >= 0).distinct().count();
    }

    @Test
    void distancesAreExactEuclideanWithTheFrameEdgeOutside() {
        int w = 37;
        int h = 23;
        Random random = new Random(5);
        boolean[] mask = new boolean[w * h];
        for (int p = 0; p < mask.length; p++) {
            mask[p] = random.nextInt(10) < 8;
        }
        int[] squared = DistanceWatershed.squaredDistances(mask, w, h);
        for (int p = 0; p < mask.length; p++) {
            int x = p % w;
            int y = p / w;
            int edge = Math.min(Math.min(x + 1, w - x), Math.min(y + 1, h - y));
            int nearest = edge * edge;
            for (int q = 0; q < mask.length; q++) {
                if (!mask[q]) {
                    nearest = Math.min(nearest, (q % w - x) * (q % w - x) + (q / w - y) * (q / w - y));
                }
            }
            assertThat(squared[p]).as("pixel (%d, %d)", x, y).isEqualTo(mask[p] ? nearest : 0);
        }
    }

    @Test
    void twoOverlappingDiscsAreTwoPartsSplitAtTheirWaist() {
        // radius 12, centres 22 apart: a waist 9.6 pixels across between peaks of 12
        int[] labels = parts(discs(64, 40, new double[] {20, 20, 12}, new double[] {42, 20, 12}), 64, 40);
        assertThat(count(labels)).isEqualTo(2);
        for (int p = 0; p < labels.length; p++) {
            int x = p % 64;
            if (labels[p] >= 0 && (x < 30 || x > 32)) {
                assertThat(labels[p]).as("(%d, %d)", x, p / 64).isEqualTo(labels[x < 31 ? 20 * 64 + 20 : 20 * 64 + 42]);
            }
        }
    }

    @Test
    void aShallowWaistIsNoNeck() {
        // centres 12 apart: a waist 20.8 across, 0.87 of the discs' width
        assertThat(count(parts(discs(64, 40, new double[] {26, 20, 12}, new double[] {38, 20, 12}), 64, 40))).isEqualTo(1);
    }

    /** A convex region's distance transform has no saddle, however long; a ragged border adds dips of under a pixel or two. */
    @Test
    void aLongRaggedConvexRegionIsOnePart() {
        int w = 160;
        int h = 80;
        boolean[] mask = new boolean[w * h];
        Random random = new Random(7);
        double angle = Math.toRadians(25);
        for (int p = 0; p < mask.length; p++) {
            double dx = p % w - 80.0;
            double dy = p / w - 40.0;
            double along = dx * Math.cos(angle) + dy * Math.sin(angle);
            double across = -dx * Math.sin(angle) + dy * Math.cos(angle);
            // 120 x 24, its border frayed by up to a pixel and a half
            mask[p] = Math.abs(along) <= 60 - 1.5 * random.nextDouble() && Math.abs(across) <= 12 - 1.5 * random.nextDouble();
        }
        int[] pixels = IntStream.range(0, mask.length).filter(p -> mask[p]).toArray();
        boolean[] region = new boolean[mask.length];
        // keep the 4-connected region around the centre only: fraying can cut off single pixels
        int[] queue = new int[mask.length];
        int tail = 0;
        queue[tail++] = 40 * w + 80;
        region[40 * w + 80] = true;
        for (int head = 0; head < tail; head++) {
            int p = queue[head];
            for (int q : new int[] {p - 1, p + 1, p - w, p + w}) {
                if (mask[q] && !region[q]) {
                    region[q] = true;
                    queue[tail++] = q;
                }
            }
        }
        assertThat(pixels.length - tail).as("pixels cut off").isLessThan(20);
        assertThat(count(parts(region, w, h))).isEqualTo(1);
    }

    @Test
    void aPartStandsThreePixelsAboveItsNeckAndItsNeckIsUnderThreeQuartersOfItsPeak() {
        assertThat(DistanceWatershed.distinct(20, 14.9)).isTrue();
        assertThat(DistanceWatershed.distinct(20, 15.1)).as("a waist of 0.76").isFalse();
        assertThat(DistanceWatershed.distinct(4, 1)).isTrue();
        assertThat(DistanceWatershed.distinct(3.9, 1)).as("2.9 pixels deep").isFalse();
    }
}
