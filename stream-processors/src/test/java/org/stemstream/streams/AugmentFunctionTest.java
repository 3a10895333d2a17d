package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Simulator;
import org.stemstream.simulator.Vec3;

/**
 * The augmentation keeps the truth true: rendering the particle with the orientation the stage
 * writes into the truth gives the augmented image, pixel for pixel (flips and 90-degree turns),
 * which pins the sign conventions against the simulator's own projection.
 */
class AugmentFunctionTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final AugmentFunction AUGMENT = new AugmentFunction(AugmentSettings.none(), Clock.fixed(NOW, ZoneOffset.UTC));
    /** An asymmetric particle (three edge lengths, two cut corners) in a general orientation. */
    private static final SimulationSpec SPEC = new SimulationSpec(7, Cuboid.of(6, 4, 3).withCut(3, 0.45).withCut(6, 0.4),
            Quaternion.of(0.9, 0.2, -0.3, 0.25), null, 40, 32, 0.25, 0, 0, SimulationSpec.GOLD, Imaging.defaults());

    private static StemImage image(SimulationSpec spec) {
        Image projection = Simulator.project(spec, 2);
        return StemImage.newBuilder().setImageId("img").setObjectId("obj").setCampaignId("c").setSource(ImageSource.SIMULATED)
                .setSeed(spec.seed()).setWidth(spec.width()).setHeight(spec.height()).setPixelSizeNm(spec.pixelSizeNm())
                .setEncoding(PixelEncoding.FLOAT32).setPixels(Pixels.float32(projection.pixels()))
                .setTruth(RequestMapper.truth(spec)).build();
    }

    private static Quaternion orientation(GroundTruth truth) {
        var o = truth.getOrientation();
        return Quaternion.of(o.getW(), o.getX(), o.getY(), o.getZ());
    }

    /** The largest pixel difference between an image and a rendering, in nm of gold. */
    private static double maxDifference(StemImage image, SimulationSpec spec) {
        float[] rendered = Simulator.project(spec, 2).pixels();
        float[] px = Pixels.decode(image);
        assertThat(px).hasSameSizeAs(rendered);
        double max = 0;
        for (int i = 0; i < px.length; i++) {
            max = Math.max(max, Math.abs(px[i] - rendered[i]));
        }
        return max;
    }

    /** The same particle rendered with another orientation on the augmented image's raster. */
    private static SimulationSpec rendered(StemImage out, Quaternion q) {
        return SPEC.withOrientation(q).withRaster(out.getWidth(), out.getHeight(), SPEC.pixelSizeNm());
    }

    static Stream<Arguments> exactPlans() {
        return Stream.of(
                Arguments.of("flip-horizontal", AugmentPlan.flips(true, false)),
                Arguments.of("flip-vertical", AugmentPlan.flips(false, true)),
                Arguments.of("both flips", AugmentPlan.flips(true, true)),
                Arguments.of("1 quarter turn", AugmentPlan.turns(1)),
                Arguments.of("2 quarter turns", AugmentPlan.turns(2)),
                Arguments.of("3 quarter turns", AugmentPlan.turns(3)),
                Arguments.of("flip then turn", new AugmentPlan(true, false, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactPlans")
    void theTruthOrientationRendersTheAugmentedImage(String name, AugmentPlan plan) {
        StemImage in = image(SPEC);
        StemImage out = AUGMENT.apply(in, plan);
        assertThat(maxDifference(out, rendered(out, orientation(out.getTruth())))).isLessThan(1e-3);
        // and it is a real change: the original orientation does not render it
        assertThat(maxDifference(out, rendered(out, SPEC.orientation()))).isGreaterThan(0.2);
        assertThat(out.getTruth().getDeformedCorners()).isEqualTo(in.getTruth().getDeformedCorners());
        assertThat(out.getTruth().getArrangement()).isEqualTo(in.getTruth().getArrangement());
    }

    @Test
    void theSignConventionsAreTheDocumentedOnes() {
        StemImage in = image(SPEC);
        Quaternion q = SPEC.orientation();
        StemImage turned = AUGMENT.apply(in, AugmentPlan.turns(1));
        assertThat(turned.getWidth()).isEqualTo(32);
        assertThat(turned.getHeight()).isEqualTo(40);
        assertThat(maxDifference(turned, rendered(turned, Quaternion.fromAxisAngle(Vec3.Z, Math.PI / 2).multiply(q)))).isLessThan(1e-3);
        assertThat(maxDifference(turned, rendered(turned, Quaternion.fromAxisAngle(Vec3.Z, -Math.PI / 2).multiply(q)))).isGreaterThan(0.2);

        StemImage flippedH = AUGMENT.apply(in, AugmentPlan.flips(true, false));
        assertThat(maxDifference(flippedH, rendered(flippedH, Quaternion.fromAxisAngle(Vec3.Y, Math.PI).multiply(q)))).isLessThan(1e-3);
        StemImage flippedV = AUGMENT.apply(in, AugmentPlan.flips(false, true));
        assertThat(maxDifference(flippedV, rendered(flippedV, Quaternion.fromAxisAngle(Vec3.X, Math.PI).multiply(q)))).isLessThan(1e-3);
    }

    @Test
    void aSmallRotationTurnsTheParticleTheWayTheTruthSays() {
        SimulationSpec square = SPEC.withRaster(40, 40, 0.25);
        StemImage in = image(square);
        StemImage out = AUGMENT.apply(in, AugmentPlan.rotation(12));
        Quaternion q = square.orientation();
        double withTruth = maxDifference(out, square.withOrientation(orientation(out.getTruth())));
        double opposite = maxDifference(out, square.withOrientation(Quaternion.fromAxisAngle(Vec3.Z, Math.toRadians(-12)).multiply(q)));
        assertThat(orientation(out.getTruth()).multiply(Quaternion.fromAxisAngle(Vec3.Z, Math.toRadians(12)).multiply(q).conjugate()).angle())
                .isLessThan(1e-9);
        assertThat(withTruth).isLessThan(opposite / 3); // interpolation blurs edges; the wrong sense is far off
        assertThat(out.getWidth()).isEqualTo(40);
        assertThat(Pixels.decode(out)).hasSize(40 * 40);
    }

    @Test
    void shiftsCropsAndIntensityChangesLeaveTheTruthAlone() {
        StemImage in = image(SPEC);
        StemImage out = AUGMENT.apply(in, new AugmentPlan(false, false, 0, 0, 2, -1, 3, 4, 24, 20, 1.1, 0.9));
        assertThat(out.getTruth()).isEqualTo(in.getTruth());
        assertThat(out.getWidth()).isEqualTo(24);
        assertThat(out.getHeight()).isEqualTo(20);
        assertThat(out.getProvenance()).extracting(s -> s.getName()).containsExactly("shift", "crop", "contrast", "gain");
    }

    @Test
    void aBoxedProjectionAugmentsToTheSamePixelsAsAFullFrame() {
        StemImage full = image(SPEC);
        StemImage boxed = Pixels.compact(Pixels.decode(full), full.getWidth(), full.getHeight()).applyTo(StemImage.newBuilder(full)).build();
        assertThat(boxed.getEncoding()).isEqualTo(PixelEncoding.FLOAT32_BOX);
        AugmentPlan plan = new AugmentPlan(true, false, 1, 4.0, 2, -1, 3, 4, 24, 20, 1.1, 0.9);
        StemImage a = AUGMENT.apply(full, plan);
        StemImage b = AUGMENT.apply(boxed, plan);
        assertThat(Pixels.decode(b)).containsExactly(Pixels.decode(a));
        assertThat(b.getEncoding()).isIn(PixelEncoding.FLOAT32, PixelEncoding.FLOAT32_BOX);
    }

    @Test
    void drawsAreReproducibleAndIndependentOfTheOtherSettings() {
        // fixed order of draws: switching one augmentation off leaves the others' values alone
        AugmentPlan all = AugmentPlan.draw(AugmentSettings.training(), 64, 64, 42);
        AugmentPlan noShift = AugmentPlan.draw(AugmentSettings.training().withMaxShiftPx(0), 64, 64, 42);
        assertThat(noShift.rotationDeg()).isEqualTo(all.rotationDeg());
        assertThat(noShift.gain()).isEqualTo(all.gain());
        assertThat(noShift.shiftX()).isZero();
        assertThat(List.of(all.shiftX(), all.shiftY())).allSatisfy(d -> assertThat(d).isBetween(-4, 4));
        assertThat(AugmentPlan.draw(AugmentSettings.none(), 64, 64, 42)).isEqualTo(AugmentPlan.identity());
        AugmentPlan cropped = AugmentPlan.draw(AugmentSettings.none().withCrop(48), 64, 40, 42);
        assertThat(cropped.cropWidth()).isEqualTo(48);
        assertThat(cropped.cropHeight()).isEqualTo(40);
        assertThat(cropped.cropX()).isBetween(0, 16);
        assertThat(cropped.cropY()).isZero();
    }
}
