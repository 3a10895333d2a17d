package org.stemstream.consumers.cnn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What travels beside a saved network ({@value #FILE} next to {@value #MODEL_FILE}): its name and
 * version (stamped on every classification), the image size it expects, the preprocessing, and
 * for each task the graph output that answers it and the output's class labels (the labels of
 * {@link org.stemstream.consumers.TaskLabels}). {@code training} records how it was made.
 *
 * <p>{@code acquisition}, when present, states the conditions of the training images; images
 * taken otherwise are brought to them before preprocessing ({@link AcquisitionAdapter}), and then
 * may have any size. Without it, images must have the model's size and are used as they come.
 */
public record ModelMetadata(String name, String version, int imageWidth, int imageHeight, Acquisition acquisition,
                            Preprocessing preprocessing, List<TaskHead> tasks, Map<String, Object> training,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Int8Scales int8) {
    public static final String FILE = "metadata.json";
    public static final String MODEL_FILE = "model.zip";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Without stated acquisition conditions. */
    public ModelMetadata(String name, String version, int imageWidth, int imageHeight, Preprocessing preprocessing,
                         List<TaskHead> tasks, Map<String, Object> training) {
        this(name, version, imageWidth, imageHeight, null, preprocessing, tasks, training);
    }

    /** Without int8 scales: served in floats. */
    public ModelMetadata(String name, String version, int imageWidth, int imageHeight, Acquisition acquisition,
                         Preprocessing preprocessing, List<TaskHead> tasks, Map<String, Object> training) {
        this(name, version, imageWidth, imageHeight, acquisition, preprocessing, tasks, training, null);
    }

    /**
     * What the classifier needs to run the network's convolutions in 8-bit integers
     * ({@code stem quantize}; the trainer writes it too).
     *
     * @param inputMaxima each convolution's largest input on the calibration images, in the order
     *                    the input flows through them (the first: the network input's largest
     *                    magnitude)
     * @param calibration which images they came from
     */
    public record Int8Scales(List<Double> inputMaxima, Map<String, Object> calibration) {
        public Int8Scales {
            if (inputMaxima == null || inputMaxima.isEmpty() || inputMaxima.stream().anyMatch(m -> m == null || !(m > 0) || m.isInfinite())) {
                throw new IllegalArgumentException(FILE + ": int8's inputMaxima must be one finite number > 0 per convolution, got " + inputMaxima);
            }
            inputMaxima = List.copyOf(inputMaxima);
            calibration = calibration == null ? Map.of() : Map.copyOf(calibration);
        }

        float[] maxima() {
            float[] out = new float[inputMaxima.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = inputMaxima.get(i).floatValue();
            }
            return out;
        }
    }

    /** This metadata with {@code scales} as its int8 scales (null: none). */
    public ModelMetadata withInt8(Int8Scales scales) {
        return new ModelMetadata(name, version, imageWidth, imageHeight, acquisition, preprocessing, tasks, training, scales);
    }

    /**
     * The conditions the training images were taken in.
     *
     * @param pixelSizeNm the side of a pixel
     * @param dose        expected counts per pixel per nm of gold (the simulator's dose)
     * @param filmGoldNm  the carbon film under the training particles, in nm of gold equivalent
     *                    (its mean thickness x its contrast against gold; 0: no film), by whose
     *                    counts an image that states no dose has its dose estimated; null (a
     *                    metadata file written before this field): such images are taken as they come
     */
    public record Acquisition(double pixelSizeNm, double dose, Double filmGoldNm) {
        public Acquisition {
            if (!(pixelSizeNm > 0 && Double.isFinite(pixelSizeNm)) || !(dose > 0 && Double.isFinite(dose))) {
                throw new IllegalArgumentException(FILE + ": acquisition needs a pixel size and a dose > 0, got " + pixelSizeNm + " nm and " + dose);
            }
            if (filmGoldNm != null && !(filmGoldNm >= 0 && Double.isFinite(filmGoldNm))) {
                throw new IllegalArgumentException(FILE + ": acquisition's filmGoldNm must be a finite number >= 0, got " + filmGoldNm);
            }
        }

        /** Conditions that estimate no unknown dose: images that state none are taken as they come. */
        public Acquisition(double pixelSizeNm, double dose) {
            this(pixelSizeNm, dose, null);
        }
    }

    /** This metadata with {@code conditions} as its acquisition. */
    public ModelMetadata withAcquisition(Acquisition conditions) {
        return new ModelMetadata(name, version, imageWidth, imageHeight, conditions, preprocessing, tasks, training, int8);
    }

    /**
     * One task answered by a softmax output of the graph.
     *
     * @param trainingPrior each class's share among the training images that taught the head, in
     *                      the order of {@code classes}; when present, the served probabilities are
     *                      the net's divided by it and renormalised: the answer under equal priors
     *                      ({@link #flatPrior}). Null (metadata written before this field, or a model
     *                      of another kind): the net's probabilities as they come
     */
    public record TaskHead(String task, String output, List<String> classes, List<Double> trainingPrior) {
        public TaskHead {
            if (task == null || task.isBlank() || output == null || output.isBlank()) {
                throw new IllegalArgumentException("a task head needs a task and an output, got task " + task + ", output " + output);
            }
            if (classes == null || classes.size() < 2) {
                throw new IllegalArgumentException("task " + task + " needs at least 2 classes, got " + classes);
            }
            classes = List.copyOf(classes);
            if (trainingPrior != null) {
                double sum = 0;
                for (Double share : trainingPrior) {
                    if (share == null || !(share > 0 && share <= 1)) {
                        throw new IllegalArgumentException("task " + task + ": every class's training prior must be in (0, 1], got " + trainingPrior);
                    }
                    sum += share;
                }
                if (trainingPrior.size() != classes.size() || Math.abs(sum - 1) > 1e-6) {
                    throw new IllegalArgumentException("task " + task + ": the training prior " + trainingPrior + " needs one share per class ("
                            + classes.size() + ") summing to 1");
                }
                trainingPrior = List.copyOf(trainingPrior);
            }
        }

        /** Without a training prior: probabilities as the net gives them. */
        public TaskHead(String task, String output, List<String> classes) {
            this(task, output, classes, null);
        }

        /** This head with {@code prior} as its training prior. */
        public TaskHead withTrainingPrior(List<Double> prior) {
            return new TaskHead(task, output, classes, prior);
        }

        /**
         * {@code p} (this head's probabilities, as the net gives them) under equal priors, in place:
         * each divided by its class's training prior, then renormalised. By Bayes' rule the net's
         * posterior is the likelihood times the training prior, so this is the posterior of a flat
         * prior, the class balance of every task's evaluation set, and what multi-view fusion, which
         * multiplies the views' answers, needs so as not to count the prior once per view.
         * Unchanged without a training prior.
         */
        public void flatPrior(float[] p) {
            if (trainingPrior == null) {
                return;
            }
            double total = 0;
            for (int c = 0; c < p.length; c++) {
                total += p[c] / trainingPrior.get(c);
            }
            for (int c = 0; c < p.length; c++) {
                p[c] = (float) (p[c] / trainingPrior.get(c) / total);
            }
        }
    }

    /** This metadata with {@code heads} as its tasks. */
    public ModelMetadata withTasks(List<TaskHead> heads) {
        return new ModelMetadata(name, version, imageWidth, imageHeight, acquisition, preprocessing, heads, training, int8);
    }

    /**
     * Checks what every result is stamped with and what inference needs, so that a misspelt or
     * missing field in a dropped-in {@value #FILE} is an error at load (the running model stays)
     * rather than a failure in the middle of the stream.
     */
    public ModelMetadata {
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException(FILE + " needs a name and a version, got name " + name + ", version " + version);
        }
        if (imageWidth <= 0 || imageHeight <= 0) {
            throw new IllegalArgumentException(FILE + " of " + name + " " + version + ": image size " + imageWidth + "x" + imageHeight);
        }
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException(FILE + " of " + name + " " + version + " names no task");
        }
        tasks = List.copyOf(tasks);
        training = training == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(training)); // in its order: a rewritten file stays diffable
    }

    /** Reads {@code file}; a file that is not JSON, or lacks what a model needs, fails with its path and the reason. */
    public static ModelMetadata read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), ModelMetadata.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // the records' own checks (a missing name, a task head without classes): say theirs, not Jackson's wrapping
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new IOException(file + ": " + (reason.startsWith(FILE + " ") ? reason.substring(FILE.length() + 1) : reason), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IOException(file + ": " + e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
    }

    public void write(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), this);
    }
}
