package org.stemstream.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stemstream.schemas.AugmentSteps;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.Vec3;

/**
 * The augmentation stage as a pure function: an image in, the same image flipped, turned,
 * shifted, cropped and with jittered intensities out (per {@link AugmentSettings}, amounts drawn
 * from the image's seed so a rerun gives the same bytes), each applied step appended to the
 * provenance, and the ground truth kept true.
 *
 * <p><b>Truth.</b> A projection along the beam cannot tell a particle from its mirror image along
 * the beam (physics.md), so every geometric step is a rotation of the particle in the lab frame,
 * and the truth orientation q becomes r q: a horizontal flip (x -> -x) is r(y, 180 deg), a
 * vertical flip (y -> -y) is r(x, 180 deg), a turn of the content by t (clockwise on screen, as y
 * points down) is r(z, t). Deformed count, corners (body-frame indices) and arrangement do not
 * change under a rotation. Shifts and crops move the particle in the frame, which the truth does
 * not record (it has no offset); gain and contrast change intensities only. For an image whose
 * particle turned during the scan, the truth orientation is that of the first scanned line.
 *
 * <p><b>Pixels.</b> The output keeps the input's encoding. Flips and 90-degree turns are exact
 * permutations. Small rotations interpolate bilinearly; rotations and shifts fill what they
 * uncover with the mean of the input's border pixels (the substrate level); UINT16 results are
 * rounded to whole counts and clamped to 0..65535, FLOAT32 results are clamped at 0.
 *
 * <p>Acquired images pass unchanged: they come from a real microscope, and altering them would
 * falsify live results.
 */
public final class AugmentFunction {
    /** Mixed into the image seed, so augmentation draws are independent of the noise stage's. */
    static final long SEED_SALT = 0x6175676D656E74L;

    private final AugmentSettings settings;
    private final Clock clock;

    public AugmentFunction(AugmentSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public AugmentSettings settings() {
        return settings;
    }

    /** The plan drawn for this image (from its seed and size). */
    public AugmentPlan plan(StemImage image) {
        return AugmentPlan.draw(settings, image.getWidth(), image.getHeight(), image.getSeed() ^ SEED_SALT);
    }

    public StemImage apply(StemImage image) {
        return image.getSource() == ImageSource.ACQUIRED ? image : apply(image, plan(image));
    }

    /** Applies {@code plan} exactly (acquired images included: the caller chose to). */
    public StemImage apply(StemImage image, AugmentPlan plan) {
        Raster r = new Raster(image.getWidth(), image.getHeight(), Pixels.decode(image));
        float fill = r.borderMean();
        List<ProcessingStep> steps = new ArrayList<>();
        Quaternion turn = Quaternion.identity();

        if (plan.flipHorizontal()) {
            r = r.flipHorizontal();
            turn = Quaternion.fromAxisAngle(Vec3.Y, Math.PI).multiply(turn);
            steps.add(step(AugmentSteps.FLIP_HORIZONTAL, Map.of()));
        }
        if (plan.flipVertical()) {
            r = r.flipVertical();
            turn = Quaternion.fromAxisAngle(Vec3.X, Math.PI).multiply(turn);
            steps.add(step(AugmentSteps.FLIP_VERTICAL, Map.of()));
        }
        int quarterTurns = Math.floorMod(plan.quarterTurns(), 4);
        if (quarterTurns != 0) {
            r = r.rotate90(quarterTurns);
            turn = Quaternion.fromAxisAngle(Vec3.Z, quarterTurns * Math.PI / 2).multiply(turn);
            steps.add(step(AugmentSteps.ROTATE_90, Map.of(AugmentSteps.QUARTER_TURNS, (double) quarterTurns)));
        }
        if (plan.rotationDeg() != 0) {
            double rad = Math.toRadians(plan.rotationDeg());
            r = r.rotate(rad, fill);
            turn = Quaternion.fromAxisAngle(Vec3.Z, rad).multiply(turn);
            steps.add(step(AugmentSteps.ROTATE, Map.of("angleDeg", plan.rotationDeg(), "fill", (double) fill)));
        }
        if (plan.shiftX() != 0 || plan.shiftY() != 0) {
            r = r.shift(plan.shiftX(), plan.shiftY(), fill);
            steps.add(step(AugmentSteps.SHIFT, Map.of("dxPx", (double) plan.shiftX(), "dyPx", (double) plan.shiftY(), "fill", (double) fill)));
        }
        if (plan.cropWidth() > 0) {
            r = r.crop(plan.cropX(), plan.cropY(), plan.cropWidth(), plan.cropHeight());
            steps.add(step(AugmentSteps.CROP, Map.of("x", (double) plan.cropX(), "y", (double) plan.cropY(),
                    "width", (double) plan.cropWidth(), "height", (double) plan.cropHeight())));
        }
        if (plan.contrast() != 1 || plan.gain() != 1) {
            double mean = r.mean();
            r = r.gainContrast(plan.gain(), plan.contrast(), mean);
            if (plan.contrast() != 1) {
                steps.add(step(AugmentSteps.CONTRAST, Map.of(AugmentSteps.FACTOR, plan.contrast(), AugmentSteps.MEAN, mean)));
            }
            if (plan.gain() != 1) {
                steps.add(step(AugmentSteps.GAIN, Map.of(AugmentSteps.FACTOR, plan.gain())));
            }
        }

        List<ProcessingStep> provenance = new ArrayList<>(image.getProvenance());
        provenance.addAll(steps);
        List<StageTimestamp> timestamps = new ArrayList<>(image.getTimestamps());
        timestamps.add(new StageTimestamp(AugmentProcessor.APPLICATION_ID, clock.instant()));
        Pixels.Encoded pixels = image.getEncoding() == PixelEncoding.UINT16
                ? Pixels.encode(PixelEncoding.UINT16, r.pixels())
                : Pixels.compact(r.pixels(), r.width(), r.height());
        return pixels.applyTo(StemImage.newBuilder(image))
                .setWidth(r.width())
                .setHeight(r.height())
                .setTruth(turned(image.getTruth(), turn))
                .setProvenance(provenance)
                .setTimestamps(timestamps)
                .build();
    }

    /** The truth of the particle after the lab-frame rotation {@code turn}: orientation r q. */
    static GroundTruth turned(GroundTruth truth, Quaternion turn) {
        if (truth == null || turn.equals(Quaternion.identity())) {
            return truth;
        }
        var o = truth.getOrientation();
        Quaternion q = turn.multiply(Quaternion.of(o.getW(), o.getX(), o.getY(), o.getZ()));
        return GroundTruth.newBuilder(truth)
                .setOrientation(new org.stemstream.schemas.avro.Quaternion(q.w(), q.x(), q.y(), q.z()))
                .build();
    }

    private static ProcessingStep step(String name, Map<String, Double> parameters) {
        return new ProcessingStep(AugmentProcessor.APPLICATION_ID, name, parameters);
    }
}
