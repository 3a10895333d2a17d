package org.stemstream.consumers.fit;

import java.util.List;
import java.util.Map;
import org.stemstream.consumers.cnn.AcquisitionAdapter;
import org.stemstream.consumers.cnn.Dihedral;
import org.stemstream.schemas.AugmentSteps;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StemImage;

/**
 * An image's counts as the microscope scanned them, from what the augmentation stage recorded in
 * its provenance ({@link AugmentSteps}). The fit reads absolute counts, so a gain or contrast
 * change would read as another thickness; and a particle that turns during the scan turns line by
 * line down the raster, which a quarter turn of the image lays across it (the turn fit then
 * counted 38 of 60 `rotating` images right, against 55 as scanned). Flips, small rotations,
 * shifts and crops are left as they are: the fit's orientation, offsets and blur take them, and a
 * vertical flip's reversed line order is a turn the other way.
 */
final class AsScanned {
    /** {@link Dihedral} variants that turn a square back by 1, 2 and 3 quarter turns (the stage's turn is clockwise on screen). */
    private static final int[] TURN_BACK = {0, 6, 3, 5};

    private AsScanned() {
    }

    /** The quarter turns the image has had since it was scanned (0..3). */
    static int quarterTurns(StemImage image) {
        int turns = 0;
        for (ProcessingStep step : steps(image)) {
            if (step.getName().equals(AugmentSteps.ROTATE_90)) {
                turns += (int) parameter(step, AugmentSteps.QUARTER_TURNS);
            }
        }
        return Math.floorMod(turns, 4);
    }

    /** The image with its gain and contrast changes undone, last first; the same image when it has had none. */
    static StemImage intensities(StemImage image) {
        List<ProcessingStep> steps = steps(image);
        float[] pixels = null;
        for (int s = steps.size() - 1; s >= 0; s--) {
            ProcessingStep step = steps.get(s);
            boolean gain = step.getName().equals(AugmentSteps.GAIN);
            if (!gain && !step.getName().equals(AugmentSteps.CONTRAST)) {
                continue;
            }
            pixels = pixels != null ? pixels : Pixels.decode(image);
            double factor = parameter(step, AugmentSteps.FACTOR);
            if (!(factor > 0)) {
                throw new IllegalArgumentException("image " + image.getImageId() + ": its " + step.getName() + " of " + factor + " cannot be undone");
            }
            double mean = gain ? 0 : parameter(step, AugmentSteps.MEAN);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (mean + (pixels[i] - mean) / factor);
            }
        }
        return pixels == null ? image : Pixels.encode(PixelEncoding.FLOAT32, pixels).applyTo(StemImage.newBuilder(image)).build();
    }

    /** A square frame turned back by {@code quarterTurns}. */
    static AcquisitionAdapter.Frame turnedBack(AcquisitionAdapter.Frame square, int quarterTurns) {
        if (quarterTurns == 0) {
            return square;
        }
        float[] out = new float[square.pixels().length];
        Dihedral.apply(square.pixels(), 0, out, 0, square.width(), TURN_BACK[quarterTurns]);
        return new AcquisitionAdapter.Frame(out, square.width(), square.height());
    }

    private static List<ProcessingStep> steps(StemImage image) {
        return image.getProvenance() == null ? List.of() : image.getProvenance();
    }

    private static double parameter(ProcessingStep step, String name) {
        Map<String, Double> parameters = step.getParameters();
        Double value = parameters == null ? null : parameters.get(name);
        if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException("provenance step " + step.getName() + " has " + name + " " + value);
        }
        return value;
    }
}
