package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * The served CNN run on oneDNN directly: its chain of convolutions as oneDNN primitives with the
 * ReLU fused in, the activations left in whatever blocked layout oneDNN picks from one
 * convolution to the next, then global average pooling and the dense heads in Java.
 *
 * <p>Why: DL4J runs each convolution through the same oneDNN, but around every one of them it
 * copies the input into NCHW (a transposing copy it does not use, in NHWC), reorders it into
 * oneDNN's blocked layout and back, and applies the ReLU as an op of its own. On a 2-core AVX2
 * machine those took more than half of the shipped net's forward pass: 670 images/s per core
 * through DL4J, about 1,500 here (README). The parameters are the DL4J graph's, read once; the
 * outputs are the graph's to float rounding ({@code OneDnnNetTest}).
 *
 * <p>It takes the nets {@link MultiTaskNet#buildForInference} builds (batch normalisation already
 * folded): 3x3 or other square convolutions in {@link ConvolutionMode#Same} with ReLU or identity,
 * one global average pooling, dense output layers with softmax or identity on it.
 * {@link #compile} answers null for anything else, and the caller keeps DL4J. Primitives are built
 * for batch sizes rounded up to a power of two ({@link #bucket}); one instance is for one thread.
 *
 * <p>{@link #int8} gives the same net with every convolution but the first in 8-bit integers
 * ({@link Int8}), by scales that {@link #inputMaxima} measures in floats on calibration images.
 */
final class OneDnnNet {
    /** Set to {@value #DL4J} to serve through DL4J's layers instead (to compare). */
    static final String ENGINE_PROPERTY = "stem.inference.engine";
    static final String DL4J = "dl4j";

    private record Conv(int in, int out, int kernel, int stride, int side, int outSide, int padLow, int padHigh, boolean relu,
                        float[] weights, float[] bias) {
    }

    /** A dense output layer: DL4J's {@code W} is {@code [nIn, nOut]}. */
    private record Head(int nIn, int nOut, float[] weights, float[] bias, boolean softmax) {
        float[] apply(float[] x) {
            double[] z = new double[nOut];
            for (int j = 0; j < nOut; j++) {
                z[j] = bias[j];
            }
            for (int i = 0; i < nIn; i++) {
                float xi = x[i];
                int row = i * nOut;
                for (int j = 0; j < nOut; j++) {
                    z[j] += xi * weights[row + j];
                }
            }
            float[] out = new float[nOut];
            if (!softmax) {
                for (int j = 0; j < nOut; j++) {
                    out[j] = (float) z[j];
                }
                return out;
            }
            double max = java.util.Arrays.stream(z).max().orElse(0);
            double total = 0;
            for (int j = 0; j < nOut; j++) {
                z[j] = Math.exp(z[j] - max);
                total += z[j];
            }
            for (int j = 0; j < nOut; j++) {
                out[j] = (float) (z[j] / total);
            }
            return out;
        }
    }

    /**
     * The primitives and buffers for one batch size. {@code held}: native buffers that memories
     * point into without owning them (JavaCPP frees a pointer's memory when the pointer is
     * collected).
     */
    private record Plan(FloatPointer input, DnnlSteps steps, FloatPointer features, List<FloatPointer> held, List<FloatPointer> probes) {
    }

    private final int side;
    private final List<Conv> convs;
    private final List<Head> heads;
    private final engine cpu = new engine(engine.kind.cpu, 0);
    private final stream stream = new stream(cpu);
    private final Map<Integer, Plan> plans = new HashMap<>();
    /** Null: the convolutions run in floats. */
    private final Int8 int8;

    private OneDnnNet(int side, List<Conv> convs, List<Head> heads, Int8 int8) {
        this.side = side;
        this.convs = convs;
        this.heads = heads;
        this.int8 = int8;
    }

    /** This net with its convolutions in 8-bit integers, scaled by {@code inputMaxima} ({@link Int8}). */
    OneDnnNet int8(float[] inputMaxima) {
        return new OneDnnNet(side, convs, heads, new Int8(inputMaxima));
    }

    /** Whether the convolutions run in 8-bit integers. */
    boolean isInt8() {
        return int8 != null;
    }

    /**
     * Each convolution's largest input over {@code n} inputs laid end to end (the first: the
     * largest magnitude of the network input), computed in floats: what {@link #int8} scales by.
     */
    float[] inputMaxima(float[] input, int n) {
        if (int8 != null) {
            throw new IllegalStateException("calibrate the float net, not the quantised one");
        }
        float[] maxima = new float[convs.size()];
        for (int j = 0; j < n * side * side; j++) {
            maxima[0] = Math.max(maxima[0], Math.abs(input[j]));
        }
        Plan plan = plan(CALIBRATION_BATCH, true);
        for (int start = 0; start < n; start += CALIBRATION_BATCH) {
            int b = Math.min(CALIBRATION_BATCH, n - start);
            plan.input().zero();
            plan.input().put(input, start * side * side, b * side * side);
            plan.steps().run(stream);
            stream._wait();
            for (int i = 1; i < convs.size(); i++) {
                Conv c = convs.get(i - 1);
                int perImage = c.out() * c.outSide() * c.outSide();
                float[] values = new float[b * perImage];
                plan.probes().get(i - 1).get(values, 0, values.length);
                for (float v : values) {
                    maxima[i] = Math.max(maxima[i], c.relu() ? v : Math.abs(v));
                }
            }
        }
        for (int i = 0; i < maxima.length; i++) {
            maxima[i] = Math.max(maxima[i], SMALLEST_MAXIMUM);
        }
        return maxima;
    }

    private static final int CALIBRATION_BATCH = 64;
    /**
     * A convolution whose input was 0 on every calibration image (a channel set that never fires)
     * still needs a scale: this one keeps such inputs near 0 rather than failing the calibration.
     */
    static final float SMALLEST_MAXIMUM = 1e-3f;

    /**
     * The graph compiled for oneDNN, or null when its layers are not the kind this runs, when
     * {@value #ENGINE_PROPERTY} asks for DL4J, or when oneDNN's library does not load here.
     */
    static OneDnnNet compile(ComputationGraph graph, int side) {
        if (DL4J.equals(System.getProperty(ENGINE_PROPERTY))) {
            return null;
        }
        List<Conv> convs = new ArrayList<>();
        Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
        String previous = MultiTaskNet.INPUT;
        int channels = 1;
        int size = side;
        String pooled = null;
        while (pooled == null) {
            String next = onlyConsumer(inputs, previous);
            if (next == null) {
                return null;
            }
            Object conf = graph.getLayer(next) == null ? null : graph.getLayer(next).conf().getLayer();
            if (conf instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
                Conv c = convolution(graph, next, conv, channels, size);
                if (c == null) {
                    return null;
                }
                convs.add(c);
                channels = c.out();
                size = c.outSide();
            } else if (conf instanceof GlobalPoolingLayer pool && pool.getPoolingType() == PoolingType.AVG && !convs.isEmpty()) {
                pooled = next;
            } else {
                return null;
            }
            previous = next;
        }
        List<Head> heads = new ArrayList<>();
        for (String output : graph.getConfiguration().getNetworkOutputs()) {
            Head h = graph.getLayer(output) != null && graph.getLayer(output).conf().getLayer() instanceof OutputLayer dense
                    && List.of(pooled).equals(inputs.get(output)) ? head(graph, output, dense, channels) : null;
            if (h == null) {
                return null;
            }
            heads.add(h);
        }
        try {
            return new OneDnnNet(side, convs, heads, null);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError unavailable) {
            return null; // no oneDNN natives for this platform: DL4J serves
        }
    }

    /**
     * The instruction set oneDNN's kernels use here ("avx2", "avx512_core", ...; with
     * {@code DNNL_MAX_CPU_ISA} the capped one), or null when its library does not load.
     */
    static String instructionSet() {
        try {
            int isa = org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa();
            for (org.bytedeco.dnnl.global.dnnl.cpu_isa known : org.bytedeco.dnnl.global.dnnl.cpu_isa.values()) {
                if (known.value == isa) {
                    return known.name();
                }
            }
            return "0x" + Integer.toHexString(isa);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError unavailable) {
            return null;
        }
    }

    /** The one vertex that takes {@code vertex}'s output, or null when none or several do. */
    static String onlyConsumer(Map<String, List<String>> inputs, String vertex) {
        List<String> consumers = inputs.entrySet().stream().filter(e -> e.getValue().contains(vertex)).map(Map.Entry::getKey).toList();
        return consumers.size() == 1 ? consumers.get(0) : null;
    }

    private static Conv convolution(ComputationGraph graph, String name, ConvolutionLayer conv, int in, int size) {
        int[] k = conv.getKernelSize();
        int[] s = conv.getStride();
        int[] d = conv.getDilation();
        IActivation act = conv.getActivationFn();
        boolean relu = act instanceof ActivationReLU;
        if (k[0] != k[1] || s[0] != s[1] || d[0] != 1 || d[1] != 1 || conv.getConvolutionMode() != ConvolutionMode.Same
                || !(relu || act instanceof ActivationIdentity) || !conv.hasBias() || conv.getNIn() != in) {
            return null;
        }
        int out = (int) conv.getNOut();
        int outSide = (size + s[0] - 1) / s[0];
        int pad = Math.max(0, (outSide - 1) * s[0] + k[0] - size); // DL4J's Same mode: the odd pixel goes to the bottom right
        return new Conv(in, out, k[0], s[0], size, outSide, pad / 2, pad - pad / 2, relu, param(graph, name, "W"), param(graph, name, "b"));
    }

    private static Head head(ComputationGraph graph, String name, OutputLayer dense, int nIn) {
        IActivation act = dense.getActivationFn();
        if (dense.getNIn() != nIn || !(act instanceof ActivationSoftmax || act instanceof ActivationIdentity) || !dense.hasBias()) {
            return null;
        }
        return new Head(nIn, (int) dense.getNOut(), param(graph, name, "W"), param(graph, name, "b"), act instanceof ActivationSoftmax);
    }

    /** A layer's parameter array, row-major ("W" of a dense layer may be a column-major view). */
    static float[] param(ComputationGraph graph, String layer, String key) {
        return graph.getLayer(layer).getParam(key).dup('c').data().asFloat();
    }

    /** Batch sizes are rounded up to a power of two, so at most log2(max) + 1 sets of primitives are built. */
    static int bucket(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * The network's outputs for {@code n} inputs of {@code side x side} laid end to end from
     * {@code offset}: one {@code [n][width]} array per network output, in the graph's output order.
     */
    float[][][] forward(float[] input, int offset, int n) {
        Plan plan = plans.computeIfAbsent(bucket(n), batch -> plan(batch, false));
        int area = side * side;
        plan.input().put(input, offset, n * area);
        plan.steps().run(stream);
        stream._wait();
        Conv last = convs.get(convs.size() - 1);
        int channels = last.out();
        int cells = last.outSide() * last.outSide();
        float[] features = new float[n * channels * cells];
        plan.features().get(features, 0, features.length);
        float[][][] out = new float[heads.size()][n][];
        float[] pooled = new float[channels];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) { // NCHW: each channel's cells are contiguous
                double sum = 0;
                int base = (i * channels + c) * cells;
                for (int j = 0; j < cells; j++) {
                    sum += features[base + j];
                }
                pooled[c] = (float) (sum / cells);
            }
            for (int h = 0; h < heads.size(); h++) {
                out[h][i] = heads.get(h).apply(pooled);
            }
        }
        return out;
    }

    /** The steps for {@code batch} inputs; with {@code probe}, also every convolution's output but the last, in NCHW floats. */
    private Plan plan(int batch, boolean probe) {
        FloatPointer input = new FloatPointer((long) batch * side * side);
        input.zero();
        memory current = new memory(new memory.desc(new long[] {batch, 1, side, side}, memory.data_type.f32, memory.format_tag.nchw), cpu, input);
        DnnlSteps steps = new DnnlSteps(cpu);
        List<FloatPointer> held = new ArrayList<>();
        List<FloatPointer> probes = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            Conv c = convs.get(i);
            Int8.Layer q = int8 == null ? null : int8.layer(i, convs.size(), i > 0 && convs.get(i - 1).relu(), c.weights(), c.out(), c.relu());
            memory.desc src = any(batch, c.in(), c.side(), q == null ? memory.data_type.f32 : q.srcType());
            long[] weightDims = {c.out(), c.in(), c.kernel(), c.kernel()};
            memory.desc weights = new memory.desc(weightDims, q == null ? memory.data_type.f32 : memory.data_type.s8, memory.format_tag.any);
            memory.desc bias = new memory.desc(new long[] {c.out()}, memory.data_type.f32, memory.format_tag.x);
            memory.desc dst = any(batch, c.out(), c.outSide(), q == null ? memory.data_type.f32 : q.dstType());
            convolution_forward.desc desc = new convolution_forward.desc(prop_kind.forward_inference, algorithm.convolution_direct,
                    src, weights, bias, dst, new long[] {c.stride(), c.stride()}, new long[] {c.padLow(), c.padLow()},
                    new long[] {c.padHigh(), c.padHigh()});
            primitive_attr attr = DnnlSteps.userScratchpad();
            if (q != null) {
                attr.set_output_scales(1 << 1, q.outputScales()); // per output channel (dimension 1 of NCHW)
            }
            if (c.relu()) {
                post_ops relu = new post_ops();
                relu.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
                attr.set_post_ops(relu);
            }
            convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(desc, attr, cpu);
            boolean fromFloats = q != null && (i == 0 || !Int8.quantised(i - 1));
            current = fromFloats ? steps.convert(current, pd.src_desc(), q.srcScale()) : steps.convert(current, pd.src_desc());
            memory w = new memory(pd.weights_desc(), cpu);
            FloatPointer weightValues = new FloatPointer(c.weights());
            held.add(weightValues);
            memory user = new memory(new memory.desc(weightDims, memory.data_type.f32, memory.format_tag.oihw), cpu, weightValues);
            primitive_attr quantise = new primitive_attr();
            if (q != null) {
                quantise.set_output_scales(1, q.weightScales()); // per output channel (dimension 0 of OIHW)
            }
            new reorder(new reorder.primitive_desc(user, w, quantise, false)).execute(stream, user, w);
            FloatPointer biasValues = new FloatPointer(q == null ? c.bias() : q.bias(c.bias()));
            held.add(biasValues);
            memory b = new memory(bias, cpu, biasValues);
            memory out = new memory(pd.dst_desc(), cpu);
            IntMemoryMap map = new IntMemoryMap();
            map.put(DNNL_ARG_SRC, current);
            map.put(DNNL_ARG_WEIGHTS, w);
            map.put(DNNL_ARG_BIAS, b);
            map.put(DNNL_ARG_DST, out);
            steps.add(new convolution_forward(pd), pd, map);
            current = out;
            if (probe && i < convs.size() - 1) {
                FloatPointer values = new FloatPointer((long) batch * c.out() * c.outSide() * c.outSide());
                probes.add(values);
                steps.convertInto(out, new memory(new memory.desc(new long[] {batch, c.out(), c.outSide(), c.outSide()}, memory.data_type.f32,
                        memory.format_tag.nchw), cpu, values));
            }
        }
        stream._wait();
        Conv last = convs.get(convs.size() - 1);
        FloatPointer features = new FloatPointer((long) batch * last.out() * last.outSide() * last.outSide());
        memory plain = new memory(new memory.desc(new long[] {batch, last.out(), last.outSide(), last.outSide()}, memory.data_type.f32,
                memory.format_tag.nchw), cpu, features);
        steps.convertInto(current, plain);
        return new Plan(input, steps, features, held, probes);
    }

    static memory.desc any(int batch, int channels, int size) {
        return any(batch, channels, size, memory.data_type.f32);
    }

    static memory.desc any(int batch, int channels, int size, memory.data_type type) {
        return new memory.desc(new long[] {batch, channels, size, size}, type, memory.format_tag.any);
    }
}
