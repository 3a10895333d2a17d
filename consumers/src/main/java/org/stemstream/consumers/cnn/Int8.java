package org.stemstream.consumers.cnn;

import org.bytedeco.dnnl.memory;

/**
 * How {@link OneDnnNet} runs its convolutions in 8-bit integers. Each quantised convolution's
 * input has one scale, from the largest value it took on calibration images
 * ({@code inputMaxima[i]}: convolution i's input, {@link OneDnnNet#inputMaxima}); each output
 * channel's weights have a scale of their own; the sums are 32-bit integers, and the output goes
 * straight to the next convolution's scale (the last convolution's to floats, for the pooling).
 * Inputs after a ReLU are non-negative and take unsigned bytes (0..255), others signed ones
 * (-127..127).
 *
 * <p>The first convolution stays in floats: it has one input channel, so it costs about 1 % of the
 * pass, and oneDNN's integer kernel for it ran slower than the float one here. Quantising the
 * network input alone to 8 bits changed 3.2 % of version 15's counts on the held-out T2 images;
 * all other convolutions together, 1.6 %.
 *
 * <p>The weights keep 8 bits also where the processor lacks VNNI. There x86 adds two products of
 * an unsigned and a signed byte into 16 bits, which two products near the maximum (255 x 127)
 * overflow and saturate. Weights of 7 bits cannot overflow, but changed 2.8 % of the same counts
 * against 1.6 % with 8: the rare saturation costs less than the coarser weights.
 */
record Int8(float[] inputMaxima) {
    private static final float U8 = 255f;
    private static final float S8 = 127f;

    Int8 {
        for (int i = 1; i < inputMaxima.length; i++) {
            if (!(inputMaxima[i] > 0) || !Float.isFinite(inputMaxima[i])) {
                throw new IllegalArgumentException("every quantised convolution's calibrated input maximum must be finite and > 0, got "
                        + java.util.Arrays.toString(inputMaxima));
            }
        }
    }

    /** Whether convolution {@code i} runs in integers: all but the first. */
    static boolean quantised(int i) {
        return i > 0;
    }

    /**
     * The quantisation of convolution {@code i} of {@code count}, whose input follows a ReLU when
     * {@code afterRelu}; null when it runs in floats.
     */
    Layer layer(int i, int count, boolean afterRelu, float[] weights, int out, boolean relu) {
        if (count != inputMaxima.length) {
            throw new IllegalArgumentException("calibrated for " + inputMaxima.length + " convolutions, the net has " + count);
        }
        if (!quantised(i)) {
            return null;
        }
        memory.data_type src = afterRelu ? memory.data_type.u8 : memory.data_type.s8;
        float srcScale = levels(src) / inputMaxima[i];
        boolean last = i == count - 1;
        memory.data_type dst = last ? memory.data_type.f32 : relu ? memory.data_type.u8 : memory.data_type.s8;
        float dstScale = last ? 1f : levels(dst) / inputMaxima[i + 1];
        int perChannel = weights.length / out;
        float[] weightScales = new float[out];
        float[] outputScales = new float[out];
        for (int o = 0; o < out; o++) {
            float max = 0;
            for (int k = o * perChannel; k < (o + 1) * perChannel; k++) {
                max = Math.max(max, Math.abs(weights[k]));
            }
            weightScales[o] = max > 0 ? S8 / max : 1f;
            outputScales[o] = dstScale / (srcScale * weightScales[o]);
        }
        return new Layer(src, dst, srcScale, weightScales, outputScales);
    }

    private static float levels(memory.data_type type) {
        return type == memory.data_type.u8 ? U8 : S8;
    }

    /**
     * One convolution's types and scales (quantised = real x scale). {@code outputScales[o]} takes
     * channel o's integer sum, its {@link #bias} added, to the output's scale.
     */
    record Layer(memory.data_type srcType, memory.data_type dstType, float srcScale, float[] weightScales, float[] outputScales) {
        /** The bias in the integer sums' units: oneDNN 2 adds it before the output scale. */
        float[] bias(float[] bias) {
            float[] scaled = new float[bias.length];
            for (int o = 0; o < bias.length; o++) {
                scaled[o] = bias[o] * srcScale * weightScales[o];
            }
            return scaled;
        }
    }
}
