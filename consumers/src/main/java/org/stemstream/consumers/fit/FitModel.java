package org.stemstream.consumers.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.stemstream.consumers.ImageModel;
import org.stemstream.consumers.cnn.AcquisitionAdapter;
import org.stemstream.consumers.cnn.ImageWindows;
import org.stemstream.consumers.cnn.ModelMetadata;
import org.stemstream.consumers.cnn.ProbabilityModel;
import org.stemstream.consumers.train.Trainer;
import org.stemstream.simulator.fit.CuboidFit;
import org.stemstream.simulator.fit.CuboidFitter;
import org.stemstream.simulator.scenario.BenchmarkSettings;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * The physics fit served as a classifier: each image is brought to seed-benchmark's conditions
 * (0.25 nm pixels, dose 10, a 128 x 128 window on each particle: {@link ImageWindows}, as for the
 * CNN) and {@link CuboidFitter} reads the particle off it. It answers T1 (P(k = 0) against the
 * rest), T2 (the posterior over k), T3 (the posterior over the arrangement of two cuts) and T4
 * (cuboid, pyramid or sphere, whichever explains the counts best). The counts are first put back
 * as they were scanned where the augmentation stage's provenance says it changed them
 * ({@link AsScanned}). About 0.15 s per image per core,
 * against the CNN's 0.5 ms: a precision mode for a microscope's feed, not for training data at stream rates. Images are fitted
 * side by side on the common fork-join pool.
 */
public final class FitModel implements ImageModel, ProbabilityModel {

    public static final String NAME = "stem-fit";
    /** The smallest square the fit takes (8 pixels of its coarsest raster). */
    private static final int MIN_SIDE = 32;

    private final CuboidFitter fitter;
    private final ModelMetadata metadata;

    public FitModel(CuboidFitter fitter) {
        this.fitter = fitter;
        int size = BenchmarkSettings.SIZE;
        this.metadata = new ModelMetadata(NAME, version(fitter), size, size,
                new ModelMetadata.Acquisition(BenchmarkSettings.PIXEL_SIZE_NM, BenchmarkSettings.DOSE), null,
                Trainer.HEADS.stream().map(h -> new ModelMetadata.TaskHead(h.task(), "fit", h.classes())).toList(),
                Map.of("method", "maximum-likelihood fit of the simulator's forward model", "starts", fitter.settings().starts(),
                        "cutPenalty", fitter.settings().cutPenalty(), "seed", fitter.settings().seed(), "turn", fitter.settings().turn()));
    }

    /** The fit's version, marked when it also fits a turn during the scan. */
    private static String version(CuboidFitter fitter) {
        return CuboidFitter.VERSION + (fitter.settings().turn() ? "-turn" : "");
    }

    /** The fit that also fits a turn of the particle during the scan: for particles that rotate while they are imaged. */
    public static FitModel turning() {
        return new FitModel(new CuboidFitter(CuboidFitter.Settings.defaults().withTurn()));
    }

    public static FitModel withDefaults() {
        return new FitModel(CuboidFitter.withDefaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return metadata.version();
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public List<List<TaskPrediction>> predict(List<StemImage> images) {
        return answer(images).stream().map(Answer::predictions).toList();
    }

    @Override
    public List<Answer> answer(List<StemImage> images) {
        ImageWindows.Batch batch = ImageWindows.Batch.of(images.stream().map(AsScanned::intensities).toList(), metadata);
        List<Boolean> doseKnown = new ArrayList<>(batch.frames().size());
        List<Integer> quarterTurns = new ArrayList<>(batch.frames().size());
        for (int i = 0; i < images.size(); i++) {
            StemImage image = images.get(i);
            int frames = batch.perImage().get(i).frames().size();
            doseKnown.addAll(Collections.nCopies(frames, image.getImaging() != null && image.getImaging().getDose() != null));
            quarterTurns.addAll(Collections.nCopies(frames, AsScanned.quarterTurns(image)));
        }
        return batch.answers(probabilitiesOfFrames(batch.frames(), doseKnown, quarterTurns), metadata);
    }

    @Override
    public float[][][] probabilities(List<float[]> pixels) {
        int size = metadata.imageWidth();
        return probabilitiesOfFrames(pixels.stream().map(p -> new AcquisitionAdapter.Frame(p, size, size)).toList(),
                Collections.nCopies(pixels.size(), true), Collections.nCopies(pixels.size(), 0));
    }

    @Override
    public float[][][] probabilitiesAsServed(List<float[]> pixels, int width, int height, double pixelSizeNm, Double dose) {
        return probabilitiesOfFrames(ImageWindows.mainFrames(pixels, width, height, pixelSizeNm, dose, metadata),
                Collections.nCopies(pixels.size(), dose != null), Collections.nCopies(pixels.size(), 0));
    }

    /**
     * {@code [task][frame][class]} for frames in the model's conditions, fitted in parallel; frames
     * whose {@code doseKnown} is false were used as they came (their image stated no dose): their dose is fitted.
     * Each frame is turned back by its {@code quarterTurns} first ({@link AsScanned}).
     */
    private float[][][] probabilitiesOfFrames(List<AcquisitionAdapter.Frame> frames, List<Boolean> doseKnown, List<Integer> quarterTurns) {
        float[][][] out = new float[metadata.tasks().size()][frames.size()][];
        IntStream.range(0, frames.size()).parallel().forEach(i -> {
            CuboidFit fit = fit(frames.get(i), doseKnown.get(i), quarterTurns.get(i));
            double[] k = fit.countProbabilities();
            out[0][i] = new float[] {(float) k[0], (float) (1 - k[0])};
            out[1][i] = floats(k);
            out[2][i] = floats(fit.arrangementProbabilities());
            out[3][i] = floats(fit.shapeProbabilities());
        });
        return out;
    }

    /**
     * The fit of one frame in the model's conditions, its dose fitted too unless {@code doseKnown}.
     * A frame that is not a square of a side the fit takes (a multiple of 4, at least 32: a frame
     * smaller than the model's is passed on as it is) is padded to one, centred, with the mean of
     * its own outer ring of pixels: pixels that read as film, which the film's expected count
     * explains.
     */
    public CuboidFit fit(AcquisitionAdapter.Frame frame, boolean doseKnown) {
        return fit(frame, doseKnown, 0);
    }

    /** Like {@link #fit(AcquisitionAdapter.Frame, boolean)} for a frame turned {@code quarterTurns} since it was scanned. */
    private CuboidFit fit(AcquisitionAdapter.Frame frame, boolean doseKnown, int quarterTurns) {
        AcquisitionAdapter.Frame square = AsScanned.turnedBack(padded(frame), quarterTurns);
        double pixelSizeNm = metadata.acquisition().pixelSizeNm();
        return doseKnown ? fitter.fit(square.pixels(), square.width(), pixelSizeNm, metadata.acquisition().dose())
                : fitter.fitUnknownDose(square.pixels(), square.width(), pixelSizeNm);
    }

    static AcquisitionAdapter.Frame padded(AcquisitionAdapter.Frame frame) {
        int w = frame.width();
        int h = frame.height();
        int side = Math.max(MIN_SIDE, (Math.max(w, h) + 3) / 4 * 4);
        if (w == side && h == side) {
            return frame;
        }
        float[] in = frame.pixels();
        double ring = 0;
        int ringPixels = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    ring += in[y * w + x];
                    ringPixels++;
                }
            }
        }
        float[] out = new float[side * side];
        Arrays.fill(out, (float) (ring / ringPixels));
        int left = (side - w) / 2;
        int top = (side - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(in, y * w, out, (top + y) * side + left, w);
        }
        return new AcquisitionAdapter.Frame(out, side, side);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
