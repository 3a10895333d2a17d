package org.stemstream.consumers.train;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.consumers.cnn.CheckpointIO;
import org.stemstream.consumers.cnn.OneDnnTraining;

/**
 * Where a training run stands after an epoch, and its checkpoint: the run's settings, the last
 * finished epoch, the curve, the best epoch with its weights and validation loss, the clock, the
 * order of the training images and the random stream that shuffles and augments them, plus what
 * the training step holds ({@link StepState}: the weights with Adam's moments and step count).
 * {@link #save} writes it after every epoch into {@code DIR/epoch-N/}, built under a temporary
 * name and then renamed, so that a stop while writing leaves the previous epoch's checkpoint whole.
 * A run that stops (an exception, a kill) goes on from its last finished epoch with
 * {@code train --resume}, to the model it would have made without stopping (same engine, thread
 * count and machine). The trainer deletes the checkpoint once the model is saved. It belongs
 * outside the models folder: a classifier watching that folder must never load a half-trained net.
 */
final class TrainingState {
    static final String JSON_FILE = "checkpoint.json";
    static final String LOOP_FILE = "loop.bin";
    static final String STEP_FILE = "step.bin";
    private static final Pattern EPOCH_FOLDER = Pattern.compile("epoch-(\\d+)");
    private static final String PARTIAL = ".partial";
    private static final Logger LOG = LoggerFactory.getLogger(TrainingState.class);
    /** Losses may be NaN (a diverging run) and the best loss starts infinite. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    /** What a training step holds between epochs, written into a checkpoint and read back exactly. */
    interface StepState {
        void write(DataOutput out) throws IOException;

        void read(DataInput in) throws IOException;
    }

    private final Path dir;
    private final JsonNode run;
    /** The checkpoint this resumed (null: a fresh start). */
    private Path resumedFrom;
    /** The training images' order, shuffled anew (from the last order) each epoch. */
    final int[] order;
    final List<Map<String, Object>> curve = new ArrayList<>();
    ResumableRandom random;
    /** The last finished epoch (0: none). */
    int epoch;
    int bestEpoch;
    double bestLoss = Double.POSITIVE_INFINITY;
    /** The best epoch's parameters (DL4J's flattened order); null before the first. */
    float[] best;
    double trainSeconds;
    long trainImages;
    double lastEpochSeconds;
    /** Seconds since the first epoch began, at the end of the last (the time budget counts them). */
    double elapsedSeconds;

    private TrainingState(Path dir, JsonNode run, int nTrain, long seed) {
        this.dir = dir;
        this.run = run;
        this.order = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            order[i] = i;
        }
        this.random = new ResumableRandom(seed);
    }

    /**
     * A run's state: the checkpoint in {@code dir} when {@code resume} and there is one, which must
     * be of the same {@code run} settings; else a fresh start ({@code seed} starts the random
     * stream), whose first {@link #save} replaces any checkpoint there.
     */
    static TrainingState open(Path dir, Map<String, Object> run, int nTrain, long seed, boolean resume) throws IOException {
        JsonNode settings = JSON.readTree(JSON.writeValueAsString(run)); // as a checkpoint's read back: same node types
        TrainingState state = new TrainingState(dir, settings, nTrain, seed);
        Path last = latest(dir);
        if (last == null) {
            if (resume) {
                LOG.warn("no checkpoint in {}: training starts at epoch 1", dir);
            }
            return state;
        }
        if (!resume) {
            LOG.warn("training starts afresh; the checkpoint in {} will be replaced (train --resume continues it)", last);
            return state;
        }
        JsonNode saved = JSON.readTree(last.resolve(JSON_FILE).toFile());
        List<String> differences = differences(saved.get("run"), settings);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint in " + last + " is of another run (" + String.join("; ", differences)
                    + "): resume it with the command that started it, or start afresh without --resume");
        }
        state.epoch = saved.get("epoch").asInt();
        state.bestEpoch = saved.get("bestEpoch").asInt();
        state.bestLoss = saved.get("bestLoss").asDouble();
        state.trainSeconds = saved.get("trainSeconds").asDouble();
        state.trainImages = saved.get("trainImages").asLong();
        state.lastEpochSeconds = saved.get("lastEpochSeconds").asDouble();
        state.elapsedSeconds = saved.get("elapsedSeconds").asDouble();
        for (JsonNode point : saved.get("curve")) {
            state.curve.add(JSON.convertValue(point, Map.class));
        }
        try (DataInputStream in = input(last.resolve(LOOP_FILE))) {
            state.random = ResumableRandom.at(in.readLong());
            CheckpointIO.readInto(in, state.order, "the training images' order");
            float[] best = CheckpointIO.readFloats(in);
            state.best = best.length == 0 ? null : best;
        }
        state.resumedFrom = last;
        return state;
    }

    /** Whether this continues a checkpoint (its step state still to be {@linkplain #restore restored}). */
    boolean resumed() {
        return epoch > 0;
    }

    /** Restores the training step's state from the checkpoint this resumed. */
    void restore(StepState step) throws IOException {
        try (DataInputStream in = input(resumedFrom.resolve(STEP_FILE))) {
            step.read(in);
        }
    }

    /** Records a finished epoch: its curve point, and the parameters when its validation loss is the best yet. */
    void finish(int finished, Map<String, Object> point, double validationLoss, INDArray params, double seconds, long images,
                double elapsed) {
        epoch = finished;
        curve.add(point);
        trainSeconds += seconds;
        trainImages += images;
        lastEpochSeconds = seconds;
        elapsedSeconds = elapsed;
        if (validationLoss < bestLoss) {
            bestLoss = validationLoss;
            bestEpoch = finished;
            best = params.toFloatVector();
        }
    }

    /**
     * The run's clock after an epoch: how long its epochs have taken (rendering and validation
     * included) and, at their mean pace, about how long the ones left take, within {@code budget}
     * (zero: none).
     */
    String clock(int epochs, java.time.Duration budget) {
        double left = elapsedSeconds / epoch * (epochs - epoch);
        if (!budget.isZero()) {
            left = Math.max(0, Math.min(left, budget.toMillis() / 1e3 - elapsedSeconds));
        }
        return "run " + duration(elapsedSeconds) + " in, about " + duration(left) + " left";
    }

    private static String duration(double seconds) {
        return seconds < 90 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " min";
    }

    /** Writes the checkpoint of the last finished epoch and deletes older ones. */
    void save(StepState step) throws IOException {
        Files.createDirectories(dir);
        Path partial = dir.resolve("epoch-" + epoch + PARTIAL);
        deleteTree(partial);
        Files.createDirectories(partial);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epoch", epoch);
        json.put("bestEpoch", bestEpoch);
        json.put("bestLoss", bestLoss);
        json.put("trainSeconds", trainSeconds);
        json.put("trainImages", trainImages);
        json.put("lastEpochSeconds", lastEpochSeconds);
        json.put("elapsedSeconds", elapsedSeconds);
        json.put("run", run);
        json.put("curve", curve);
        JSON.writerWithDefaultPrettyPrinter().writeValue(partial.resolve(JSON_FILE).toFile(), json);
        try (DataOutputStream out = output(partial.resolve(LOOP_FILE))) {
            out.writeLong(random.state());
            CheckpointIO.write(out, order);
            CheckpointIO.write(out, best == null ? new float[0] : best);
        }
        try (DataOutputStream out = output(partial.resolve(STEP_FILE))) {
            step.write(out);
        }
        Path done = dir.resolve("epoch-" + epoch);
        deleteTree(done);
        Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
        for (Path old : ours(dir)) {
            if (!old.equals(done)) {
                deleteTree(old);
            }
        }
    }

    /**
     * Deletes the checkpoints, and their folder if nothing else is left in it: the run is done and
     * its model saved. Only what {@link #save} wrote goes, whatever else {@code --checkpoint} names.
     */
    void delete() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (Path p : ours(dir)) {
            deleteTree(p);
        }
        try (Stream<Path> left = Files.list(dir)) {
            if (left.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    /** The epoch folders in {@code dir}, finished or partial: what {@link #save} writes. */
    private static List<Path> ours(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> EPOCH_FOLDER.matcher(p.getFileName().toString().replace(PARTIAL, "")).matches()).toList();
        }
    }

    /** The curve as the report's plots take it. */
    List<ReportPlots.Point> points() {
        return curve.stream().map(p -> new ReportPlots.Point(((Number) p.get("epoch")).intValue(), ((Number) p.get("trainLoss")).doubleValue(),
                ((Number) p.get("validationLoss")).doubleValue(), accuracy(p.get("validationAccuracy")))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> accuracy(Object byTask) {
        Map<String, Double> out = new LinkedHashMap<>();
        ((Map<String, Object>) byTask).forEach((task, a) -> out.put(task, ((Number) a).doubleValue()));
        return out;
    }

    /** The state of DL4J's step on {@code graph}: step and epoch counts, parameters (running statistics included), updater state. */
    static StepState graphState(ComputationGraph graph) {
        return new StepState() {
            @Override
            public void write(DataOutput out) throws IOException {
                out.writeInt(graph.getConfiguration().getIterationCount());
                out.writeInt(graph.getConfiguration().getEpochCount());
                CheckpointIO.write(out, graph.params().toFloatVector());
                INDArray updater = graph.getUpdater().getStateViewArray();
                CheckpointIO.write(out, updater == null ? new float[0] : updater.toFloatVector());
            }

            @Override
            public void read(DataInput in) throws IOException {
                graph.getConfiguration().setIterationCount(in.readInt());
                graph.getConfiguration().setEpochCount(in.readInt());
                float[] params = new float[(int) graph.numParams()];
                CheckpointIO.readInto(in, params, "the parameters");
                graph.setParams(Nd4j.create(params, graph.params().shape(), 'c'));
                INDArray updater = graph.getUpdater().getStateViewArray();
                float[] moments = new float[updater == null ? 0 : (int) updater.length()];
                CheckpointIO.readInto(in, moments, "the updater's state");
                if (updater != null) {
                    updater.assign(Nd4j.create(moments, updater.shape(), 'c'));
                }
            }
        };
    }

    /** The state of the step on oneDNN ({@link OneDnnTraining#writeState}). */
    static StepState oneDnnState(OneDnnTraining direct) {
        return new StepState() {
            @Override
            public void write(DataOutput out) throws IOException {
                direct.writeState(out);
            }

            @Override
            public void read(DataInput in) throws IOException {
                direct.readState(in);
            }
        };
    }

    /** A fingerprint of the images a run trains and validates on, so that a resume on other images is refused. */
    static String fingerprint(LabelledImages images) {
        return Integer.toHexString(Arrays.hashCode(images.k())) + "-" + Integer.toHexString(Arrays.hashCode(images.shape()))
                + "-" + Integer.toHexString(Arrays.hashCode(images.tasks())) + "-" + Integer.toHexString(Arrays.hashCode(images.pixels()));
    }

    /** The newest finished checkpoint in {@code dir}, or null. */
    static Path latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> EPOCH_FOLDER.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(JSON_FILE)))
                    .max(Comparator.comparingInt(TrainingState::epochOf)).orElse(null);
        }
    }

    private static int epochOf(Path folder) {
        Matcher m = EPOCH_FOLDER.matcher(folder.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static List<String> differences(JsonNode saved, JsonNode now) {
        List<String> out = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        saved.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        });
        for (String k : keys) {
            JsonNode a = saved.get(k);
            JsonNode b = now.get(k);
            if (a == null || !a.equals(b)) {
                out.add(k + " " + a + " there, " + b + " here");
            }
        }
        return out;
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    private static DataInputStream input(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
