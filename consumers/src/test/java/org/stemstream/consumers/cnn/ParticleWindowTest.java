package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.AcquisitionAdapter.Frame;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.Vec3;

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

    /** Seed-benchmark pixels, and how far a found centre may lie from the true one: 1.5 nm. */
    private static final double PIXEL_NM = 0.25;
    private static final double CENTRE_PX = 1.5 / PIXEL_NM;

    /**
     * A noisy frame and its particles' truths, each {x, y, signal}: the thickness-weighted
     * centroid of the particle's own projection (pixels) and dose x its summed thickness.
     */
    private record Scene(Frame frame, List<double[]> truths) {
    }

    private static double[] truth(float[] thickness, int w, double dose) {
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int p = 0; p < thickness.length; p++) {
            sum += thickness[p];
            sx += thickness[p] * (p % w);
            sy += thickness[p] * (p / w);
        }
        return new double[] {sx / sum, sy / sum, dose * sum};
    }

    /** {@code spec}'s particle alone in a 192 x 192 frame (48 nm, wider than the model's 128), with its noise. */
    private static Scene single(SimulationSpec spec) {
        SimulationSpec wide = spec.withRaster(192, 192, PIXEL_NM);
        Image thickness = Simulator.project(wide);
        Frame frame = new Frame(Simulator.applyNoise(thickness, wide.imaging(), PIXEL_NM, wide.seed()).image().pixels(), 192, 192);
        return new Scene(frame, List.of(truth(thickness.pixels(), 192, wide.imaging().dose())));
    }

    /**
     * Seed-benchmark particles {@code seed} and {@code seed + 1} side by side in a 256 x 160 frame
     * (64 x 40 nm), the second up to 3 nm higher or lower, touching: as close as leaves no pixel
     * in both projections; then pushed {@code overlapNm} closer. The noise of the first's imaging
     * over their summed thickness.
     */
    private static Scene pair(long seed, double overlapNm) {
        int w = 256;
        int h = 160;
        int dy = new SplittableRandom(seed).nextInt(-12, 13);
        SimulationSpec a = Scenarios.named("seed-benchmark").sample(seed).withRaster(w, h, PIXEL_NM).withOffset(0, 0);
        SimulationSpec b = Scenarios.named("seed-benchmark").sample(seed + 1).withRaster(w, h, PIXEL_NM).withOffset(0, dy * PIXEL_NM);
        float[] ta = Simulator.project(a).pixels();
        float[] tb = Simulator.project(b).pixels();
        int apart = 0; // the least shift of b to the right, in pixels, that leaves no pixel in both projections
        for (int y = 0; y < h; y++) {
            int rightOfA = -1;
            int leftOfB = w;
            for (int x = 0; x < w; x++) {
                rightOfA = ta[y * w + x] > 0 ? x : rightOfA;
                leftOfB = tb[y * w + w - 1 - x] > 0 ? w - 1 - x : leftOfB;
            }
            apart = rightOfA >= 0 && leftOfB < w ? Math.max(apart, rightOfA - leftOfB + 1) : apart;
        }
        int d = apart - (int) Math.round(overlapNm / PIXEL_NM);
        a = a.withOffset(-(d / 2) * PIXEL_NM, 0);
        b = b.withOffset((d - d / 2) * PIXEL_NM, dy * PIXEL_NM);
        ta = Simulator.project(a).pixels();
        tb = Simulator.project(b).pixels();
        float[] sum = ta.clone();
        for (int p = 0; p < sum.length; p++) {
            sum[p] += tb[p];
        }
        float[] counts = Simulator.applyNoise(Image.of(w, h, sum), a.imaging(), PIXEL_NM, a.seed()).image().pixels();
        double dose = a.imaging().dose();
        return new Scene(new Frame(counts, w, h), List.of(truth(ta, w, dose), truth(tb, w, dose)));
    }

    /** Whether {@code found} are the scene's particles: as many, each true centre within 1.5 nm of its own found one, whose signal is within 10 % of its own. */
    private static boolean foundOneByOne(List<ParticleWindow.Particle> found, Scene scene) {
        if (found.size() != scene.truths().size()) {
            return false;
        }
        List<ParticleWindow.Particle> left = new ArrayList<>(found);
        for (double[] t : scene.truths()) {
            ParticleWindow.Particle nearest = left.stream().min(java.util.Comparator.comparingDouble(p -> Math.hypot(p.x() - t[0], p.y() - t[1])))
                    .orElseThrow();
            if (Math.hypot(nearest.x() - t[0], nearest.y() - t[1]) > CENTRE_PX || Math.abs(nearest.signal() / t[2] - 1) > 0.1) {
                return false;
            }
            left.remove(nearest);
        }
        return true;
    }

    /** How many of {@code count} pairs from {@code seed} on are found one by one; none is ever cut in more than two. */
    private static int pairsFoundOneByOne(long seed, int count, double overlapNm) {
        int right = 0;
        for (int i = 0; i < count; i++) {
            Scene scene = pair(seed + 2L * i, overlapNm);
            List<ParticleWindow.Particle> found = particles(scene.frame());
            assertThat(found.size()).as("pair %d", i).isLessThanOrEqualTo(2);
            right += foundOneByOne(found, scene) ? 1 : 0;
        }
        return right;
    }

    /** Before the split, every one of these pairs was found as one particle between the two. */
    @Test
    void touchingParticlesAreFoundOneByOneAtTheirOwnCentresWithTheirOwnSignals() {
        int pairs = 50;
        // 50 and 48 of 50 here; 197 and 184 of 200 pairs from other seeds
        assertThat(pairsFoundOneByOne(20_000, pairs, 0)).as("touching").isGreaterThanOrEqualTo(47);
        assertThat(pairsFoundOneByOne(21_000, pairs, 1.0)).as("overlapping by 1 nm").isGreaterThanOrEqualTo(43);
    }

    @Test
    void seedBenchmarkParticlesAreNeverSplit() {
        for (int i = 0; i < 200; i++) {
            Scene scene = single(Scenarios.named("seed-benchmark").sample(30_000 + i));
            assertThat(foundOneByOne(particles(scene.frame()), scene)).as("particle %d", i).isTrue();
        }
    }

    /**
     * Plates of 12-14 x 12-14 x 8-9 nm seen edge-on along a diagonal of their large face, tilted up
     * to 10 degrees: their projections are up to about 2.3 times longer than wide, with thickness
     * falling to nothing at both ends.
     */
    @Test
    void elongatedEdgeOnParticlesAreNeverSplit() {
        Quaternion alongTheDiagonal = Quaternion.fromAxisAngle(new Vec3(0, 1, 0), -Math.PI / 2)
                .multiply(Quaternion.fromAxisAngle(new Vec3(0, 0, 1), -Math.PI / 4));
        for (int i = 0; i < 50; i++) {
            SplittableRandom random = new SplittableRandom(i);
            SimulationSpec spec = Scenarios.named("seed-benchmark").sample(40_000 + i);
            double face = 12 + 2 * random.nextDouble();
            double tiltAxis = 2 * Math.PI * random.nextDouble();
            Quaternion tilt = Quaternion.fromAxisAngle(new Vec3(Math.cos(tiltAxis), Math.sin(tiltAxis), 0), Math.toRadians(10 * random.nextDouble()));
            Quaternion spin = Quaternion.fromAxisAngle(new Vec3(0, 0, 1), 2 * Math.PI * random.nextDouble());
            spec = spec.withParticle(new Cuboid(face, face, 8 + random.nextDouble(), ((Cuboid) spec.particle()).cutDepths()))
                    .withOrientation(spin.multiply(tilt).multiply(alongTheDiagonal));
            Scene scene = single(spec);
            assertThat(foundOneByOne(particles(scene.frame()), scene)).as("plate %d", i).isTrue();
        }
    }
}
