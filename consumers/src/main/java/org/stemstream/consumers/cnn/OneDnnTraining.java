package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.stemstream.concurrent.CallerRuns;
import org.stemstream.concurrent.DaemonThreads;

/**
 * Trains a batch-normalised {@link MultiTaskNet} on oneDNN directly, about four times as fast per
 * core as DL4J's own training step on the same oneDNN (docs/research/classifier-scaling.md): each
 * convolution, and each batch normalisation with its ReLU fused, runs forward and backward as a
 * oneDNN primitive, with the activations kept in oneDNN's blocked layouts from one layer to the
 * next; the global average pooling, the heads, their losses and Adam run in Java.
 *
 * <p>It computes what DL4J's {@code fit} computes ({@code OneDnnTrainingTest} checks one step
 * against it): the graph's score, the sum over its outputs of each loss averaged over the
 * minibatch (multi-class cross-entropy on the softmax heads, squared error over nOut on the
 * identity head, each image weighted by its label mask), its gradient, and Adam's step with the
 * graph's hyper-parameters and learning-rate schedule; batch normalisation's running mean and
 * variance follow DL4J's moving average. The parameters start as the graph's and go back into it
 * with {@link #copyTo}.
 *
 * <p>With {@code workers > 1}, worker i takes share i of every minibatch on a thread of its own
 * (run with one OpenMP thread each), and the step uses the gradient of the whole minibatch (each
 * share's weighted by its size); only batch normalisation's statistics are per share. The result
 * depends on the worker count, not on timing.
 */
public final class OneDnnTraining implements AutoCloseable {
    /** Set to {@value OneDnnNet#DL4J} to train through DL4J's layers instead. */
    public static final String ENGINE_PROPERTY = "stem.training.engine";

    /** A convolution and the batch normalisation and ReLU after it. */
    record Layer(String conv, String bn, int in, int out, int kernel, int stride, int side, int outSide, int padLow,
                 int padHigh, float eps, double decay, boolean logStd) {
    }

    /** A dense output head: softmax with cross-entropy, or identity with squared error. */
    record Head(String name, int nIn, int nOut, boolean softmax) {
    }

    /** One parameter array, in DL4J's order (c-order of the layer's parameter): its values and Adam's moments. */
    static final class Param {
        final String layer;
        final String key;
        final float[] value;
        final float[] m;
        final float[] v;
        /** The last step's gradient (of the minibatch's score). */
        final float[] gradient;

        Param(String layer, String key, float[] value) {
            this.layer = layer;
            this.key = key;
            this.value = value;
            this.gradient = new float[value.length];
            this.m = new float[value.length];
            this.v = new float[value.length];
        }
    }

    private final List<Layer> layers;
    private final List<Head> heads;
    /** Per layer: W, b, gamma, beta; then per head: W, b. */
    private final List<Param> params = new ArrayList<>();
    private final float[][] runningMean;
    private final float[][] runningVar;
    private final Adam adam;
    private final List<OneDnnTrainingWorker> workers = new ArrayList<>();
    private final ExecutorService pool;
    private int iteration;
    private int epoch;
    private double lastScore = Double.NaN;

    private OneDnnTraining(ComputationGraph graph, int side, List<Layer> layers, List<Head> heads, Adam adam, int workerCount) {
        this.layers = layers;
        this.heads = heads;
        this.adam = adam;
        this.runningMean = new float[layers.size()][];
        this.runningVar = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            params.add(param(graph, layer.conv(), "W"));
            params.add(param(graph, layer.conv(), "b"));
            params.add(param(graph, layer.bn(), "gamma"));
            params.add(param(graph, layer.bn(), "beta"));
            runningMean[l] = OneDnnNet.param(graph, layer.bn(), "mean");
            if (layer.logStd()) {
                float[] log10Std = OneDnnNet.param(graph, layer.bn(), "log10stdev");
                runningVar[l] = new float[log10Std.length];
                for (int c = 0; c < log10Std.length; c++) {
                    runningVar[l][c] = (float) (Math.pow(100, log10Std[c]) - layer.eps());
                }
            } else {
                runningVar[l] = OneDnnNet.param(graph, layer.bn(), "var");
            }
        }
        for (Head h : heads) {
            params.add(param(graph, h.name(), "W"));
            params.add(param(graph, h.name(), "b"));
        }
        this.iteration = graph.getConfiguration().getIterationCount();
        this.epoch = graph.getConfiguration().getEpochCount();
        for (int i = 0; i < workerCount; i++) {
            workers.add(new OneDnnTrainingWorker(side, layers, heads, params));
        }
        this.pool = workerCount > 1 ? Executors.newFixedThreadPool(workerCount - 1, DaemonThreads.named("train-onednn")) : null;
    }

    /**
     * The graph's training on oneDNN with {@code workers} threads, or null when its layers are not
     * the kind this trains (a convolution without batch normalisation, space-to-depth, corner
     * maps, another updater than Adam), when {@value #ENGINE_PROPERTY} asks for DL4J, or when
     * oneDNN's library does not load here.
     */
    public static OneDnnTraining compile(ComputationGraph graph, int side, int workers) {
        if (OneDnnNet.DL4J.equals(System.getProperty(ENGINE_PROPERTY)) || workers < 1) {
            return null;
        }
        Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
        List<Layer> layers = new ArrayList<>();
        String previous = MultiTaskNet.INPUT;
        int channels = 1;
        int size = side;
        Adam adam = null;
        while (true) {
            String conv = OneDnnNet.onlyConsumer(inputs, previous);
            if (conv != null && conf(graph, conv) instanceof GlobalPoolingLayer pool && pool.getPoolingType() == PoolingType.AVG
                    && !layers.isEmpty()) {
                previous = conv;
                break;
            }
            String bn = conv == null ? null : OneDnnNet.onlyConsumer(inputs, conv);
            String relu = bn == null ? null : OneDnnNet.onlyConsumer(inputs, bn);
            if (relu == null || !(conf(graph, conv) instanceof ConvolutionLayer c) || c.getClass() != ConvolutionLayer.class
                    || !(conf(graph, bn) instanceof BatchNormalization norm) || !(conf(graph, relu) instanceof ActivationLayer act)
                    || !(act.getActivationFn() instanceof ActivationReLU) || !(c.getActivationFn() instanceof ActivationIdentity)
                    || !(c.getIUpdater() instanceof Adam a) || norm.isLockGammaBeta() || !norm.isMinibatch()) {
                return null;
            }
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] d = c.getDilation();
            if (k[0] != k[1] || s[0] != s[1] || d[0] != 1 || d[1] != 1 || c.getConvolutionMode() != ConvolutionMode.Same
                    || !c.hasBias() || c.getNIn() != channels) {
                return null;
            }
            adam = a;
            int outSide = (size + s[0] - 1) / s[0];
            int pad = Math.max(0, (outSide - 1) * s[0] + k[0] - size); // DL4J's Same mode: the odd pixel goes to the bottom right
            layers.add(new Layer(conv, bn, channels, (int) c.getNOut(), k[0], s[0], size, outSide, pad / 2, pad - pad / 2,
                    (float) norm.getEps(), norm.getDecay(), graph.getLayer(bn).paramTable().containsKey("log10stdev")));
            channels = (int) c.getNOut();
            size = outSide;
            previous = relu;
        }
        List<Head> heads = new ArrayList<>();
        for (String output : graph.getConfiguration().getNetworkOutputs()) {
            if (!(conf(graph, output) instanceof OutputLayer dense) || !List.of(previous).equals(inputs.get(output))
                    || dense.getNIn() != channels || !dense.hasBias()) {
                return null;
            }
            boolean softmax = dense.getActivationFn() instanceof ActivationSoftmax && dense.getLossFn() instanceof LossMCXENT x
                    && x.getWeights() == null;
            boolean squares = dense.getActivationFn() instanceof ActivationIdentity && dense.getLossFn() instanceof LossMSE m
                    && m.getWeights() == null;
            if (!softmax && !squares) {
                return null;
            }
            heads.add(new Head(output, channels, (int) dense.getNOut(), softmax));
        }
        try {
            return new OneDnnTraining(graph, side, layers, heads, adam, workers);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError unavailable) {
            return null; // no oneDNN natives for this platform: DL4J trains
        }
    }

    private static Object conf(ComputationGraph graph, String vertex) {
        return graph.getLayer(vertex) == null ? null : graph.getLayer(vertex).conf().getLayer();
    }

    private static Param param(ComputationGraph graph, String layer, String key) {
        return new Param(layer, key, OneDnnNet.param(graph, layer, key));
    }

    public int workers() {
        return workers.size();
    }

    /**
     * One training step on {@code shares} (one per worker, together the minibatch; each with the
     * graph's inputs, labels and label masks): returns the minibatch's score.
     */
    public double fit(List<? extends MultiDataSet> shares) {
        if (shares.size() != workers.size()) {
            throw new IllegalArgumentException(shares.size() + " shares for " + workers.size() + " workers");
        }
        List<Runnable> steps = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            OneDnnTrainingWorker w = workers.get(i);
            MultiDataSet share = shares.get(i);
            steps.add(() -> w.step(share));
        }
        CallerRuns.all(pool, steps, "a training worker");
        long total = 0;
        for (OneDnnTrainingWorker w : workers) {
            total += w.size();
        }
        double score = 0;
        for (OneDnnTrainingWorker w : workers) {
            score += w.score() * w.size() / total;
        }
        update(total);
        lastScore = score;
        return score;
    }

    /** Adam's step on the minibatch's gradient, and batch normalisation's moving averages. */
    private void update(long total) {
        double lr = adam.getLearningRate(iteration, epoch);
        double b1 = adam.getBeta1();
        double b2 = adam.getBeta2();
        double eps = adam.getEpsilon();
        double alpha = lr * Math.sqrt(1 - Math.pow(b2, iteration + 1)) / (1 - Math.pow(b1, iteration + 1));
        for (int p = 0; p < params.size(); p++) {
            Param param = params.get(p);
            float[] g = workers.get(0).gradient(p);
            double w0 = (double) workers.get(0).size() / total;
            for (int i = 0; i < g.length; i++) {
                double grad = g[i] * w0;
                for (int k = 1; k < workers.size(); k++) {
                    grad += workers.get(k).gradient(p)[i] * ((double) workers.get(k).size() / total);
                }
                param.gradient[i] = (float) grad;
                double m = b1 * param.m[i] + (1 - b1) * grad;
                double v = b2 * param.v[i] + (1 - b2) * grad * grad;
                param.m[i] = (float) m;
                param.v[i] = (float) v;
                param.value[i] -= (float) (alpha * m / (Math.sqrt(v) + eps));
            }
        }
        for (int l = 0; l < layers.size(); l++) {
            double decay = layers.get(l).decay();
            for (int c = 0; c < runningMean[l].length; c++) {
                double mean = 0;
                double var = 0;
                for (OneDnnTrainingWorker w : workers) {
                    mean += w.batchMean(l)[c] * ((double) w.size() / total);
                    var += w.batchVariance(l)[c] * ((double) w.size() / total);
                }
                runningMean[l][c] = (float) (decay * runningMean[l][c] + (1 - decay) * mean);
                runningVar[l][c] = (float) (decay * runningVar[l][c] + (1 - decay) * var);
            }
        }
        iteration++;
    }

    /** The last step's gradient of a layer's parameter (of the minibatch's score), DL4J's shape in c order; null if it has none. */
    float[] gradient(String layer, String key) {
        return params.stream().filter(p -> p.layer.equals(layer) && p.key.equals(key)).map(p -> p.gradient).findFirst().orElse(null);
    }

    /** The score of the last step (NaN before the first). */
    public double score() {
        return lastScore;
    }

    /** Counts an epoch (the learning-rate schedule counts epochs). */
    public void incrementEpochCount() {
        epoch++;
    }

    /**
     * Writes what the next steps depend on, for a checkpoint: the step and epoch counts, each
     * parameter with Adam's moments, and batch normalisation's running statistics, as this holds them
     * ({@link #copyTo} rounds the variances through DL4J's log10 of the deviation).
     */
    public void writeState(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(iteration);
        out.writeInt(epoch);
        for (Param p : params) {
            CheckpointIO.write(out, p.value);
            CheckpointIO.write(out, p.m);
            CheckpointIO.write(out, p.v);
        }
        for (int l = 0; l < layers.size(); l++) {
            CheckpointIO.write(out, runningMean[l]);
            CheckpointIO.write(out, runningVar[l]);
        }
    }

    /** Restores what {@link #writeState} wrote, exactly; refuses the state of another net. */
    public void readState(java.io.DataInput in) throws java.io.IOException {
        iteration = in.readInt();
        epoch = in.readInt();
        for (Param p : params) {
            CheckpointIO.readInto(in, p.value, p.layer + " " + p.key);
            CheckpointIO.readInto(in, p.m, p.layer + " " + p.key + " first moment");
            CheckpointIO.readInto(in, p.v, p.layer + " " + p.key + " second moment");
        }
        for (int l = 0; l < layers.size(); l++) {
            CheckpointIO.readInto(in, runningMean[l], layers.get(l).bn() + " running mean");
            CheckpointIO.readInto(in, runningVar[l], layers.get(l).bn() + " running variance");
        }
    }

    /** Writes the parameters, the running statistics and the iteration and epoch counts into {@code graph}. */
    public void copyTo(ComputationGraph graph) {
        for (Param p : params) {
            set(graph, p.layer, p.key, p.value);
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            set(graph, layer.bn(), "mean", runningMean[l]);
            if (layer.logStd()) {
                float[] log10Std = new float[runningVar[l].length];
                for (int c = 0; c < log10Std.length; c++) {
                    log10Std[c] = (float) (0.5 * Math.log10(runningVar[l][c] + layer.eps()));
                }
                set(graph, layer.bn(), "log10stdev", log10Std);
            } else {
                set(graph, layer.bn(), "var", runningVar[l]);
            }
        }
        graph.getConfiguration().setIterationCount(iteration);
        graph.getConfiguration().setEpochCount(epoch);
    }

    private static void set(ComputationGraph graph, String layer, String key, float[] values) {
        graph.getLayer(layer).setParam(key, Nd4j.create(values, graph.getLayer(layer).getParam(key).shape(), 'c'));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
