package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.normalization_flags;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * One thread's share of {@link OneDnnTraining}'s step: the forward pass, the heads' losses and
 * their gradient, the backward pass, on primitives built once per share size. Reads the current
 * parameters at the start of every step and leaves its share's gradient (of the share's mean
 * score) and batch statistics for the caller.
 */
final class OneDnnTrainingWorker {
    private static final int FLAGS = normalization_flags.use_scale_shift.value | normalization_flags.fuse_norm_relu.value;

    /**
     * The primitives and buffers for one share size. The FloatPointers are what Java reads and
     * writes; memories point into them without owning them, so the plan holds them.
     */
    private record Plan(FloatPointer input, DnnlSteps load, DnnlSteps forward, DnnlSteps backward, FloatPointer features,
                        FloatPointer featureDiff, FloatPointer[] weights, FloatPointer[] bias, FloatPointer[] scaleShift,
                        FloatPointer[] mean, FloatPointer[] variance, FloatPointer[] weightDiff, FloatPointer[] biasDiff,
                        FloatPointer[] scaleShiftDiff) {
    }

    private final int side;
    private final List<OneDnnTraining.Layer> layers;
    private final List<OneDnnTraining.Head> heads;
    private final List<OneDnnTraining.Param> params;
    private final engine cpu = new engine(engine.kind.cpu, 0);
    private final stream stream = new stream(cpu);
    private final Map<Integer, Plan> plans = new HashMap<>();
    private final float[][] gradients;
    private final float[][] batchMean;
    private final float[][] batchVariance;
    private int size;
    private double score;

    OneDnnTrainingWorker(int side, List<OneDnnTraining.Layer> layers, List<OneDnnTraining.Head> heads, List<OneDnnTraining.Param> params) {
        this.side = side;
        this.layers = layers;
        this.heads = heads;
        this.params = params;
        this.gradients = new float[params.size()][];
        for (int p = 0; p < params.size(); p++) {
            gradients[p] = new float[params.get(p).value.length];
        }
        this.batchMean = new float[layers.size()][];
        this.batchVariance = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            batchMean[l] = new float[layers.get(l).out()];
            batchVariance[l] = new float[layers.get(l).out()];
        }
    }

    int size() {
        return size;
    }

    double score() {
        return score;
    }

    /** The last step's gradient of parameter {@code p} ({@link OneDnnTraining}'s order). */
    float[] gradient(int p) {
        return gradients[p];
    }

    float[] batchMean(int layer) {
        return batchMean[layer];
    }

    float[] batchVariance(int layer) {
        return batchVariance[layer];
    }

    /** Forward and backward on {@code share}: its score, gradient and batch statistics. */
    void step(MultiDataSet share) {
        INDArray x = share.getFeatures(0);
        int n = (int) x.size(0);
        if (x.length() != (long) n * side * side) {
            throw new IllegalArgumentException("inputs " + java.util.Arrays.toString(x.shape()) + " for a net of side " + side);
        }
        size = n;
        Plan plan = plans.computeIfAbsent(n, this::plan);
        plan.input().put(floats(x));
        for (int l = 0; l < layers.size(); l++) {
            plan.weights()[l].put(params.get(4 * l).value);
            plan.bias()[l].put(params.get(4 * l + 1).value);
            plan.scaleShift()[l].put(params.get(4 * l + 2).value);
            plan.scaleShift()[l].position(layers.get(l).out()).put(params.get(4 * l + 3).value).position(0);
        }
        plan.load().run(stream);
        plan.forward().run(stream);
        stream._wait();
        OneDnnTraining.Layer last = layers.get(layers.size() - 1);
        int channels = last.out();
        int cells = last.outSide() * last.outSide();
        float[] features = new float[n * channels * cells];
        plan.features().get(features);
        float[] featureDiff = heads(share, features, n, channels, cells);
        plan.featureDiff().put(featureDiff);
        plan.backward().run(stream);
        stream._wait();
        for (int l = 0; l < layers.size(); l++) {
            int out = layers.get(l).out();
            plan.weightDiff()[l].get(gradients[4 * l]);
            plan.biasDiff()[l].get(gradients[4 * l + 1]);
            plan.scaleShiftDiff()[l].get(gradients[4 * l + 2]);
            plan.scaleShiftDiff()[l].position(out).get(gradients[4 * l + 3]);
            plan.scaleShiftDiff()[l].position(0);
            plan.mean()[l].get(batchMean[l]);
            plan.variance()[l].get(batchVariance[l]);
        }
        // the share's gradient is of its mean score; the convolutions' came back summed over the images
        for (int p = 0; p < 4 * layers.size(); p++) {
            float[] g = gradients[p];
            for (int i = 0; i < g.length; i++) {
                g[i] /= n;
            }
        }
    }

    /**
     * Global average pooling and the heads: the share's score (the sum over heads of the
     * mask-weighted loss, averaged over the share) and the heads' gradients, which are of the
     * summed score (divided by n at the end of the step, with the convolutions'); returns the
     * gradient with respect to the last activation, NCHW.
     */
    private float[] heads(MultiDataSet share, float[] features, int n, int channels, int cells) {
        float[] pooled = new float[n * channels];
        for (int i = 0; i < n * channels; i++) {
            double sum = 0;
            for (int j = 0; j < cells; j++) {
                sum += features[i * cells + j];
            }
            pooled[i] = (float) (sum / cells);
        }
        float[] pooledDiff = new float[n * channels];
        double total = 0;
        int p = 4 * layers.size();
        for (int h = 0; h < heads.size(); h++, p += 2) {
            OneDnnTraining.Head head = heads.get(h);
            int k = head.nOut();
            float[] w = params.get(p).value;
            float[] b = params.get(p + 1).value;
            float[] dw = gradients[p];
            float[] db = gradients[p + 1];
            java.util.Arrays.fill(dw, 0);
            java.util.Arrays.fill(db, 0);
            float[] labels = floats(share.getLabels(h));
            INDArray maskArray = share.getLabelsMaskArray(h);
            float[] mask = maskArray == null ? null : floats(maskArray);
            double[] z = new double[k];
            for (int i = 0; i < n; i++) {
                float m = mask == null ? 1 : mask[i];
                if (m == 0) {
                    continue;
                }
                for (int j = 0; j < k; j++) {
                    z[j] = b[j];
                }
                for (int c = 0; c < channels; c++) {
                    double x = pooled[i * channels + c];
                    for (int j = 0; j < k; j++) {
                        z[j] += x * w[c * k + j];
                    }
                }
                if (head.softmax()) {
                    double max = java.util.Arrays.stream(z).max().orElse(0);
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        z[j] = Math.exp(z[j] - max);
                        sum += z[j];
                    }
                    for (int j = 0; j < k; j++) {
                        double prob = z[j] / sum;
                        double y = labels[i * k + j];
                        total -= m * y * Math.log(Math.min(Math.max(prob, 1e-10), 1 - 1e-10));
                        z[j] = m * (prob - y); // dL/dz
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        double e = z[j] - labels[i * k + j];
                        total += m * e * e / k;
                        z[j] = m * 2 * e / k;
                    }
                }
                for (int j = 0; j < k; j++) {
                    db[j] += (float) z[j];
                }
                for (int c = 0; c < channels; c++) {
                    double x = pooled[i * channels + c];
                    double back = 0;
                    for (int j = 0; j < k; j++) {
                        dw[c * k + j] += (float) (x * z[j]);
                        back += z[j] * w[c * k + j];
                    }
                    pooledDiff[i * channels + c] += (float) back;
                }
            }
            for (int j = 0; j < dw.length; j++) {
                dw[j] /= n;
            }
            for (int j = 0; j < k; j++) {
                db[j] /= n;
            }
        }
        score = total / n;
        // the convolutions' gradients are divided by n after the backward pass: spread the summed score's
        float[] diff = new float[features.length];
        for (int i = 0; i < n * channels; i++) {
            float d = pooledDiff[i] / cells;
            java.util.Arrays.fill(diff, i * cells, (i + 1) * cells, d);
        }
        return diff;
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    private Plan plan(int n) {
        int count = layers.size();
        FloatPointer input = new FloatPointer((long) n * side * side);
        FloatPointer[] weights = new FloatPointer[count];
        FloatPointer[] bias = new FloatPointer[count];
        FloatPointer[] scaleShift = new FloatPointer[count];
        FloatPointer[] mean = new FloatPointer[count];
        FloatPointer[] variance = new FloatPointer[count];
        FloatPointer[] weightDiff = new FloatPointer[count];
        FloatPointer[] biasDiff = new FloatPointer[count];
        FloatPointer[] scaleShiftDiff = new FloatPointer[count];
        DnnlSteps load = new DnnlSteps(cpu);
        DnnlSteps forward = new DnnlSteps(cpu);
        DnnlSteps backward = new DnnlSteps(cpu);
        convolution_forward.primitive_desc[] convPd = new convolution_forward.primitive_desc[count];
        batch_normalization_forward.primitive_desc[] normPd = new batch_normalization_forward.primitive_desc[count];
        memory[] convSrc = new memory[count];
        memory[] convWeights = new memory[count];
        memory[] convDst = new memory[count];
        memory[] normMemories = new memory[4 * count]; // mean, variance, workspace, scale-shift
        memory current = new memory(plain(n, 1, side), cpu, input);
        for (int l = 0; l < count; l++) {
            OneDnnTraining.Layer c = layers.get(l);
            convolution_forward.desc desc = new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct,
                    OneDnnNet.any(n, c.in(), c.side()), weightsAny(c), biasDesc(c), OneDnnNet.any(n, c.out(), c.outSide()),
                    strides(c), new long[] {c.padLow(), c.padLow()}, new long[] {c.padHigh(), c.padHigh()});
            convPd[l] = new convolution_forward.primitive_desc(desc, DnnlSteps.userScratchpad(), cpu);
            convSrc[l] = forward.convert(current, convPd[l].src_desc());
            weights[l] = new FloatPointer((long) c.out() * c.in() * c.kernel() * c.kernel());
            convWeights[l] = load.convert(new memory(weightsPlain(c), cpu, weights[l]), convPd[l].weights_desc());
            bias[l] = new FloatPointer(c.out());
            convDst[l] = new memory(convPd[l].dst_desc(), cpu);
            IntMemoryMap conv = new IntMemoryMap();
            conv.put(DNNL_ARG_SRC, convSrc[l]);
            conv.put(DNNL_ARG_WEIGHTS, convWeights[l]);
            conv.put(DNNL_ARG_BIAS, new memory(biasDesc(c), cpu, bias[l]));
            conv.put(DNNL_ARG_DST, convDst[l]);
            forward.add(new convolution_forward(convPd[l]), convPd[l], conv);

            normPd[l] = new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(
                    prop_kind.forward_training.value, convPd[l].dst_desc(), c.eps(), FLAGS), DnnlSteps.userScratchpad(), cpu);
            mean[l] = new FloatPointer(c.out());
            variance[l] = new FloatPointer(c.out());
            scaleShift[l] = new FloatPointer(2L * c.out());
            normMemories[4 * l] = new memory(normPd[l].mean_desc(), cpu, mean[l]);
            normMemories[4 * l + 1] = new memory(normPd[l].variance_desc(), cpu, variance[l]);
            normMemories[4 * l + 2] = new memory(normPd[l].workspace_desc(), cpu);
            normMemories[4 * l + 3] = new memory(normPd[l].weights_desc(), cpu, scaleShift[l]);
            memory normDst = new memory(normPd[l].dst_desc(), cpu);
            IntMemoryMap norm = new IntMemoryMap();
            norm.put(DNNL_ARG_SRC, convDst[l]);
            norm.put(DNNL_ARG_DST, normDst);
            norm.put(DNNL_ARG_MEAN, normMemories[4 * l]);
            norm.put(DNNL_ARG_VARIANCE, normMemories[4 * l + 1]);
            norm.put(DNNL_ARG_WORKSPACE, normMemories[4 * l + 2]);
            norm.put(DNNL_ARG_SCALE_SHIFT, normMemories[4 * l + 3]);
            forward.add(new batch_normalization_forward(normPd[l]), normPd[l], norm);
            current = normDst;
        }
        OneDnnTraining.Layer last = layers.get(count - 1);
        long featureCount = (long) n * last.out() * last.outSide() * last.outSide();
        FloatPointer features = new FloatPointer(featureCount);
        forward.convertInto(current, new memory(plain(n, last.out(), last.outSide()), cpu, features));

        FloatPointer featureDiff = new FloatPointer(featureCount);
        memory diff = new memory(plain(n, last.out(), last.outSide()), cpu, featureDiff);
        for (int l = count - 1; l >= 0; l--) {
            OneDnnTraining.Layer c = layers.get(l);
            batch_normalization_backward.primitive_desc normBack = new batch_normalization_backward.primitive_desc(
                    new batch_normalization_backward.desc(prop_kind.backward.value, normPd[l].dst_desc(), convPd[l].dst_desc(), c.eps(), FLAGS),
                    DnnlSteps.userScratchpad(), cpu, normPd[l]);
            memory convDstDiff = new memory(normBack.diff_src_desc(), cpu);
            scaleShiftDiff[l] = new FloatPointer(2L * c.out());
            IntMemoryMap norm = new IntMemoryMap();
            norm.put(DNNL_ARG_SRC, convDst[l]);
            norm.put(DNNL_ARG_MEAN, normMemories[4 * l]);
            norm.put(DNNL_ARG_VARIANCE, normMemories[4 * l + 1]);
            norm.put(DNNL_ARG_WORKSPACE, normMemories[4 * l + 2]);
            norm.put(DNNL_ARG_SCALE_SHIFT, normMemories[4 * l + 3]);
            norm.put(DNNL_ARG_DIFF_DST, backward.convert(diff, normBack.diff_dst_desc()));
            norm.put(DNNL_ARG_DIFF_SRC, convDstDiff);
            norm.put(DNNL_ARG_DIFF_SCALE_SHIFT, new memory(normBack.diff_weights_desc(), cpu, scaleShiftDiff[l]));
            backward.add(new batch_normalization_backward(normBack), normBack, norm);

            convolution_backward_weights.primitive_desc weightsBack = new convolution_backward_weights.primitive_desc(
                    new convolution_backward_weights.desc(algorithm.convolution_direct, OneDnnNet.any(n, c.in(), c.side()), weightsAny(c),
                            biasDesc(c), OneDnnNet.any(n, c.out(), c.outSide()), strides(c), new long[] {c.padLow(), c.padLow()},
                            new long[] {c.padHigh(), c.padHigh()}), DnnlSteps.userScratchpad(), cpu, convPd[l]);
            weightDiff[l] = new FloatPointer((long) c.out() * c.in() * c.kernel() * c.kernel());
            biasDiff[l] = new FloatPointer(c.out());
            memory weightDiffPlain = new memory(weightsPlain(c), cpu, weightDiff[l]);
            boolean plainWeights = weightsBack.diff_weights_desc().equals(weightDiffPlain.get_desc());
            memory weightDiffMemory = plainWeights ? weightDiffPlain : new memory(weightsBack.diff_weights_desc(), cpu);
            IntMemoryMap w = new IntMemoryMap();
            w.put(DNNL_ARG_SRC, backward.convert(convSrc[l], weightsBack.src_desc()));
            w.put(DNNL_ARG_DIFF_DST, backward.convert(convDstDiff, weightsBack.diff_dst_desc()));
            w.put(DNNL_ARG_DIFF_WEIGHTS, weightDiffMemory);
            w.put(DNNL_ARG_DIFF_BIAS, new memory(weightsBack.diff_bias_desc(), cpu, biasDiff[l]));
            backward.add(new convolution_backward_weights(weightsBack), weightsBack, w);
            if (!plainWeights) {
                backward.convertInto(weightDiffMemory, weightDiffPlain);
            }
            if (l == 0) {
                break; // nothing learns the input
            }
            convolution_backward_data.primitive_desc dataBack = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, OneDnnNet.any(n, c.in(), c.side()), weightsAny(c),
                            OneDnnNet.any(n, c.out(), c.outSide()), strides(c), new long[] {c.padLow(), c.padLow()},
                            new long[] {c.padHigh(), c.padHigh()}), DnnlSteps.userScratchpad(), cpu, convPd[l]);
            memory srcDiff = new memory(dataBack.diff_src_desc(), cpu);
            IntMemoryMap d = new IntMemoryMap();
            d.put(DNNL_ARG_DIFF_DST, backward.convert(convDstDiff, dataBack.diff_dst_desc()));
            d.put(DNNL_ARG_WEIGHTS, backward.convert(convWeights[l], dataBack.weights_desc()));
            d.put(DNNL_ARG_DIFF_SRC, srcDiff);
            backward.add(new convolution_backward_data(dataBack), dataBack, d);
            diff = srcDiff;
        }
        return new Plan(input, load, forward, backward, features, featureDiff, weights, bias, scaleShift, mean, variance,
                weightDiff, biasDiff, scaleShiftDiff);
    }

    private static memory.desc plain(int n, int channels, int side) {
        return new memory.desc(new long[] {n, channels, side, side}, memory.data_type.f32, memory.format_tag.nchw);
    }

    private static memory.desc weightsAny(OneDnnTraining.Layer c) {
        return new memory.desc(new long[] {c.out(), c.in(), c.kernel(), c.kernel()}, memory.data_type.f32, memory.format_tag.any);
    }

    private static memory.desc weightsPlain(OneDnnTraining.Layer c) {
        return new memory.desc(new long[] {c.out(), c.in(), c.kernel(), c.kernel()}, memory.data_type.f32, memory.format_tag.oihw);
    }

    private static memory.desc biasDesc(OneDnnTraining.Layer c) {
        return new memory.desc(new long[] {c.out()}, memory.data_type.f32, memory.format_tag.x);
    }

    private static long[] strides(OneDnnTraining.Layer c) {
        return new long[] {c.stride(), c.stride()};
    }
}
