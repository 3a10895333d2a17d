package org.stemstream.consumers.cnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.stemstream.consumers.ImageModel;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.avro.TaskPrediction;

/**
 * The CNN classifier: a DL4J {@link ComputationGraph} saved by {@link ModelSerializer} plus its
 * {@link ModelMetadata}, loaded once. Images in (any pixel encoding, of the metadata's size),
 * one {@link TaskPrediction} per task of the metadata out, with class probabilities. Inference
 * runs in batches of at most {@link #MAX_BATCH}, in NHWC when the model's architecture is recorded
 * ({@link MultiTaskNet#buildForInference}); calls are serialised (one graph per model).
 *
 * <p>With {@code allSymmetries} (test-time augmentation) each image is scored in all the
 * {@linkplain Preprocessing#symmetries() symmetries of the square} that the trainer's augmentation
 * taught the net to treat alike (8, or 4 when the crop is turned to the particle's axis), and the
 * answers are fused by their mean log-probability, renormalised (a geometric mean). That picks the
 * class that multi-view fusion's sum would pick, without its confidence: the variants of one image
 * are not independent views. It costs a forward pass per variant.
 */
public final class CnnModel implements ImageModel, ProbabilityModel {
    /**
     * Images per forward pass at most. oneDNN's AVX2 convolutions reorder activations into their
     * blocked layout whatever DL4J's; at 64 images the largest (16 x 56 x 56 floats each) stays
     * in the cache: bench classifier with AVX2 ran 2-3x faster than at 256 (README).
     */
    public static final int MAX_BATCH = 64;

    private final ComputationGraph graph;
    private final ModelMetadata metadata;
    private final int[] outputIndex;
    private final boolean channelsLast;
    private final boolean allSymmetries;
    /** The same net on oneDNN directly, when it is of a kind {@link OneDnnNet} runs; null: DL4J serves. */
    private final OneDnnNet oneDnn;

    public CnnModel(ComputationGraph graph, ModelMetadata metadata) {
        this(graph, metadata, false);
    }

    public CnnModel(ComputationGraph graph, ModelMetadata metadata, boolean allSymmetries) {
        this.graph = graph;
        this.metadata = metadata;
        this.allSymmetries = allSymmetries;
        if (metadata.preprocessing() == null) { // a network's inputs need it; the physics fit has none
            throw new IllegalArgumentException(ModelMetadata.FILE + " of " + metadata.name() + " " + metadata.version() + " has no preprocessing");
        }
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        this.channelsLast = MultiTaskNet.format(graph) == CNN2DFormat.NHWC;
        this.outputIndex = new int[metadata.tasks().size()];
        for (int t = 0; t < outputIndex.length; t++) {
            ModelMetadata.TaskHead head = metadata.tasks().get(t);
            outputIndex[t] = outputs.indexOf(head.output());
            if (outputIndex[t] < 0) {
                throw new IllegalArgumentException("task " + head.task() + " names output '" + head.output()
                        + "' but the graph's outputs are " + outputs);
            }
            long width = outputWidth(graph, head.output());
            if (width != head.classes().size()) {
                throw new IllegalArgumentException("task " + head.task() + " lists " + head.classes().size() + " classes "
                        + head.classes() + " but output '" + head.output() + "' has " + width);
            }
        }
        OneDnnNet net = OneDnnNet.compile(graph, metadata.preprocessing().outputSize());
        this.oneDnn = net != null && metadata.int8() != null && !F32.equals(System.getProperty(PRECISION_PROPERTY))
                ? net.int8(metadata.int8().maxima()) : net;
    }

    /**
     * Set to {@value #F32} to serve a model that has int8 scales ({@link ModelMetadata#int8()}) in
     * floats, to compare; unset, such a model's convolutions run in 8-bit integers ({@link Int8}).
     */
    public static final String PRECISION_PROPERTY = "stem.inference.precision";
    public static final String F32 = "f32";
    public static final String INT8 = "int8";

    /** {@value #INT8} when the convolutions run in 8-bit integers, else {@value #F32}. */
    public String precision() {
        return oneDnn != null && oneDnn.isInt8() ? INT8 : F32;
    }

    /**
     * The int8 scales of this network from {@code n} preprocessed inputs laid end to end (each
     * convolution's largest input, computed in floats), with {@code calibration} saying which
     * images they are; null when the network does not run on oneDNN directly, so cannot run in
     * integers.
     */
    public ModelMetadata.Int8Scales calibrate(float[] input, int n, Map<String, Object> calibration) {
        OneDnnNet floats = OneDnnNet.compile(graph, metadata.preprocessing().outputSize());
        if (floats == null) {
            return null;
        }
        List<Double> maxima = new java.util.ArrayList<>();
        for (float m : floats.inputMaxima(input, n)) {
            maxima.add((double) m);
        }
        return new ModelMetadata.Int8Scales(maxima, calibration);
    }

    /** Units of a named output layer (-1 when it is not a dense output layer). */
    private static long outputWidth(ComputationGraph graph, String output) {
        return graph.getLayer(output).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer layer
                ? layer.getNOut() : -1;
    }

    /** Loads {@code dir}/{@value ModelMetadata#MODEL_FILE} and {@code dir}/{@value ModelMetadata#FILE}. */
    public static CnnModel load(Path dir) throws IOException {
        return load(dir, false);
    }

    /** {@link #load(Path)}, scoring each image in all its symmetries when {@code allSymmetries}. */
    public static CnnModel load(Path dir, boolean allSymmetries) throws IOException {
        Dl4jRuntime.configure();
        Path modelFile = dir.resolve(ModelMetadata.MODEL_FILE);
        Path metadataFile = dir.resolve(ModelMetadata.FILE);
        if (!Files.isRegularFile(modelFile) || !Files.isRegularFile(metadataFile)) {
            throw new IOException("model folder " + dir + " needs " + ModelMetadata.MODEL_FILE + " and " + ModelMetadata.FILE);
        }
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(modelFile.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new IOException(modelFile + ": cannot be read as a saved network (" + unreadable(e) + ")", e);
        }
        ModelMetadata metadata = ModelMetadata.read(metadataFile);
        try {
            return new CnnModel(forInference(graph, metadata), metadata, allSymmetries);
        } catch (IllegalArgumentException mismatch) {
            throw new IOException(metadataFile + " does not fit " + modelFile + ": " + mismatch.getMessage(), mismatch);
        }
    }

    /** Why DL4J could not read a model file, in words (its own message names neither the file nor the cause). */
    private static String unreadable(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Model wasnt found")) {
            return "no network configuration or weights inside; a zip of something else?";
        }
        if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
            return "a damaged or incomplete zip: " + message;
        }
        return e.getClass().getSimpleName() + ": " + message;
    }

    /**
     * The model as {@link #load} would serve {@code graph} once saved with {@code metadata}: batch
     * normalisation folded, in NHWC, on oneDNN where {@link OneDnnNet} takes the net. The trainer
     * scores its validation and test sets so: the same outputs to float rounding, in a third of
     * the time of the graph as trained.
     */
    public static CnnModel served(ComputationGraph graph, ModelMetadata metadata) {
        return new CnnModel(forInference(graph, metadata), metadata);
    }

    /**
     * The net as it is served: batch normalisation folded into the convolutions and the layout
     * NHWC (same outputs, several times faster; see {@link BatchNormFolding} and
     * {@link MultiTaskNet#buildForInference}); as trained when the metadata lacks the architecture.
     */
    static ComputationGraph forInference(ComputationGraph graph, ModelMetadata metadata) {
        Object channels = metadata.training().get("channels");
        Object convs = metadata.training().get("convsPerStage");
        if (!(channels instanceof java.util.List<?> list) || !(convs instanceof Number n)) {
            return graph; // no architecture recorded: run it as trained
        }
        int[] widths = list.stream().mapToInt(c -> ((Number) c).intValue()).toArray();
        int spaceToDepth = metadata.training().get("spaceToDepth") instanceof Number b ? b.intValue() : 1; // absent from older models
        return BatchNormFolding.fold(graph, metadata.preprocessing().outputSize(), spaceToDepth, widths, n.intValue());
    }

    /** Writes the graph (without updater state) and the metadata into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelSerializer.writeModel(graph, dir.resolve(ModelMetadata.MODEL_FILE).toFile(), false);
        metadata.write(dir.resolve(ModelMetadata.FILE));
    }

    /** Another instance with its own copy of the network, for a second inference stream. */
    public CnnModel copy() {
        return new CnnModel(graph.clone(), metadata, allSymmetries);
    }

    /**
     * How many symmetries each image is scored in: with test-time augmentation all those of its
     * preprocessing (8, 4 for a crop turned to the particle's axis, 1 for one also flipped to its
     * moments), else 1.
     */
    @Override
    public int symmetries() {
        return allSymmetries ? metadata.preprocessing().symmetries() : 1;
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    public ComputationGraph graph() {
        return graph;
    }

    /**
     * What runs the forward pass: "onednn" ({@link OneDnnNet}) or "dl4j" (the graph's own layers,
     * for a net OneDnnNet does not take, or with {@code -Dstem.inference.engine=dl4j}).
     */
    public String engine() {
        return oneDnn != null ? "onednn" : OneDnnNet.DL4J;
    }

    /** The instruction set of oneDNN's kernels on this machine ("avx2", "avx512_core", ...), null if oneDNN does not load. */
    public static String instructionSet() {
        return OneDnnNet.instructionSet();
    }

    @Override
    public String name() {
        return metadata.name();
    }

    @Override
    public String version() {
        return metadata.version();
    }

    @Override
    public List<List<TaskPrediction>> predict(List<StemImage> images) {
        return answer(images).stream().map(Answer::predictions).toList();
    }

    /**
     * Each image in the model's acquisition conditions ({@link ImageWindows}): a frame wider than
     * the model's is cut around its particle, and when it shows several, each is scored in a
     * window of its own; the predictions answer for the one with the most signal.
     */
    @Override
    public List<Answer> answer(List<StemImage> images) {
        ImageWindows.Batch batch = ImageWindows.Batch.of(images, metadata);
        return batch.answers(probabilitiesOfFrames(batch.frames()), metadata);
    }

    /**
     * Class probabilities {@code [task][image][class]} for raw pixel arrays of the metadata's size
     * (the path the evaluator and the trainer's report use, without building Avro records).
     */
    @Override
    public float[][][] probabilities(List<float[]> pixels) {
        return probabilitiesOfFrames(pixels.stream().map(p -> new AcquisitionAdapter.Frame(p, metadata.imageWidth(), metadata.imageHeight())).toList());
    }

    /**
     * Like {@link #probabilities} for {@code width x height} images of {@code pixelSizeNm} pixels
     * and {@code dose} (null: unknown), brought to the model's conditions as the classifier brings
     * them ({@link ImageWindows}; the main particle's window).
     */
    @Override
    public float[][][] probabilitiesAsServed(List<float[]> pixels, int width, int height, double pixelSizeNm, Double dose) {
        return probabilitiesOfFrames(ImageWindows.mainFrames(pixels, width, height, pixelSizeNm, dose, metadata));
    }

    /** Like {@link #probabilities} for frames of any size (already in the model's conditions). */
    public float[][][] probabilitiesOfFrames(List<AcquisitionAdapter.Frame> frames) {
        Preprocessing pre = metadata.preprocessing();
        int area = pre.outputSize() * pre.outputSize();
        float[] input = new float[frames.size() * area];
        // Preprocessing costs about as much as the small network's forward pass: use every core.
        java.util.stream.IntStream.range(0, frames.size()).parallel().forEach(i -> {
            AcquisitionAdapter.Frame f = frames.get(i);
            pre.applyInto(f.pixels(), f.width(), f.height(), input, i * area);
        });
        return probabilitiesOfInputs(input, frames.size());
    }

    /** Like {@link #probabilities} for {@code n} already preprocessed inputs laid end to end. */
    public synchronized float[][][] probabilitiesOfInputs(float[] input, int n) {
        return allSymmetries ? fusedOverSymmetries(input, n) : forward(input, n);
    }

    /** Each image in its {@link #symmetries()}, {@link #MAX_BATCH} inputs per forward pass, fused per image. */
    private float[][][] fusedOverSymmetries(float[] input, int n) {
        int side = metadata.preprocessing().outputSize();
        int area = side * side;
        int tasks = metadata.tasks().size();
        int count = symmetries();
        float[][][] out = new float[tasks][n][];
        int perPass = Math.max(1, MAX_BATCH / count);
        for (int start = 0; start < n; start += perPass) {
            int b = Math.min(perPass, n - start);
            float[] variants = new float[count * b * area];
            for (int v = 0; v < count; v++) {
                for (int i = 0; i < b; i++) {
                    Dihedral.apply(input, (start + i) * area, variants, (v * b + i) * area, side, v);
                }
            }
            float[][][] each = forward(variants, count * b);
            for (int t = 0; t < tasks; t++) {
                for (int i = 0; i < b; i++) {
                    out[t][start + i] = fuse(each[t], i, b, count);
                }
            }
        }
        return out;
    }

    /** exp of the mean over the {@code count} symmetries of log(max(1e-6, p)), renormalised; image i's rows are i, i + b, ... */
    private static float[] fuse(float[][] rows, int i, int b, int count) {
        int classes = rows[i].length;
        double[] logSum = new double[classes];
        for (int v = 0; v < count; v++) {
            float[] p = rows[v * b + i];
            for (int c = 0; c < classes; c++) {
                logSum[c] += Math.log(Math.max(1e-6, p[c]));
            }
        }
        double max = java.util.Arrays.stream(logSum).max().orElse(0);
        double total = 0;
        double[] e = new double[classes];
        for (int c = 0; c < classes; c++) {
            e[c] = Math.exp((logSum[c] - max) / count);
            total += e[c];
        }
        float[] fused = new float[classes];
        for (int c = 0; c < classes; c++) {
            fused[c] = (float) (e[c] / total);
        }
        return fused;
    }

    /** The heads' probabilities of {@code n} inputs, each under equal priors where its head knows its training prior. */
    private float[][][] forward(float[] input, int n) {
        float[][][] out = netForward(input, n);
        for (int t = 0; t < out.length; t++) {
            ModelMetadata.TaskHead head = metadata.tasks().get(t);
            for (float[] p : out[t]) {
                head.flatPrior(p);
            }
        }
        return out;
    }

    private float[][][] netForward(float[] input, int n) {
        int tasks = metadata.tasks().size();
        float[][][] out = new float[tasks][n][];
        int side = metadata.preprocessing().outputSize();
        int area = side * side;
        for (int start = 0; start < n; start += MAX_BATCH) {
            int b = Math.min(MAX_BATCH, n - start);
            if (oneDnn != null) {
                float[][][] outputs = oneDnn.forward(input, start * area, b);
                for (int t = 0; t < tasks; t++) {
                    System.arraycopy(outputs[outputIndex[t]], 0, out[t], start, b);
                }
                continue;
            }
            float[] batch = java.util.Arrays.copyOfRange(input, start * area, (start + b) * area);
            long[] shape = channelsLast ? new long[] {b, side, side, 1} : new long[] {b, 1, side, side}; // the same floats either way
            INDArray[] outputs = graph.output(Nd4j.create(batch, shape, 'c'));
            for (int t = 0; t < tasks; t++) {
                // one copy of the [b, classes] output; toFloatMatrix made a native view per row
                INDArray o = outputs[outputIndex[t]];
                int classes = (int) o.size(1);
                float[] flat = o.dup('c').data().asFloat();
                for (int i = 0; i < b; i++) {
                    out[t][start + i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                }
            }
        }
        return out;
    }

    public static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }
}
