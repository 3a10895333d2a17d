package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The multi-task CNN (after shared/design/dl4j-speed.md's fast design): stages of 3x3
 * convolutions, the last of each stage with stride 2, global average pooling, then one head per
 * task: {@value #T1} (2 classes), {@value #T2} (9 classes), {@value #T3} (3 classes, trained with
 * a label mask so only k = 2 images count), {@value #T4} (shape: 3 classes) and {@value #K}, a
 * regression on k/8 that teaches the trunk to count (a 9-class softmax alone stayed at chance in
 * the reference run). The deformation heads are masked for non-cuboids. Adam's learning rate
 * decays by {@code decay} per epoch. Trained in NCHW (per the speed notes), served in NHWC
 * ({@link #buildForInference}); batch normalisation optional.
 *
 * <p>Optionally the net starts with a space-to-depth step of block b: each b x b block of input
 * pixels becomes b^2 channels of one cell, so the convolutions run at 1/b of the input's side (the
 * cost of a b-times binned input) and still see every input pixel: binning averages the block
 * away, and with it the smallest cut corners (about 3 pixels across after 2x binning).
 */
public final class MultiTaskNet {
    public static final String INPUT = "image";
    public static final String T1 = "t1";
    public static final String T2 = "t2";
    public static final String T3 = "t3";
    public static final String T4 = "t4";
    public static final String K = "k";
    /**
     * Training-only heads ({@link #build(int, int, int[], int, boolean, boolean, boolean, ISchedule, long)}'s
     * {@code cutHeads}): how many cut corners lie hidden inside the particle's outline (0-2), and
     * how many on it (0-8: six in a general view, all eight where a face or an edge faces the beam).
     */
    public static final String HIDDEN_CUTS = "hidden_cuts";
    public static final String OUTLINE_CUTS = "outline_cuts";
    /** The corner-map output (training only): see {@link #build(int, int, int[], int, boolean, boolean, ISchedule, long)}. */
    public static final String CORNERS = "corners";
    /** Corner maps come off the output of this stage (0-based): a quarter of the side after space-to-depth. */
    public static final int CORNER_STAGE = 1;
    /** The space-to-depth layer's name, when there is one. */
    public static final String SPACE_TO_DEPTH = "space_to_depth";

    private MultiTaskNet() {
    }

    /**
     * @param convsPerStage convolutions per stage: {@code convsPerStage - 1} at stride 1, then one at stride 2
     * @param batchNorm     batch normalisation after each convolution (before its ReLU)
     * @param decay         learning-rate factor per epoch (the caller counts epochs with incrementEpochCount)
     */
    public static ComputationGraph build(int side, int[] channels, int convsPerStage, boolean batchNorm, double learningRate,
                                         double decay, long seed) {
        return build(side, 1, channels, convsPerStage, batchNorm, false, new ExponentialSchedule(ScheduleType.EPOCH, learningRate, decay), seed);
    }

    /**
     * @param spaceToDepth block of the space-to-depth step before the first convolution (1: none);
     *                     it must divide {@code side}
     * @param cornerMaps adds the output {@value #CORNERS}: two sigmoid maps of side
     *                   {@link #cornerMapSide} off stage {@value #CORNER_STAGE}, trained (binary
     *                   cross-entropy) to peak where the cuboid's cut corners (map 0) and all its
     *                   corners (map 1) project. It tells the early stages where the evidence is,
     *                   which a count label alone does not; inference ignores it (batch-norm
     *                   folding drops it).
     * @param learningRate Adam's learning rate, by epoch or by iteration
     */
    public static ComputationGraph build(int side, int spaceToDepth, int[] channels, int convsPerStage, boolean batchNorm,
                                         boolean cornerMaps, ISchedule learningRate, long seed) {
        return build(side, spaceToDepth, channels, convsPerStage, batchNorm, false, cornerMaps, learningRate, seed);
    }

    /**
     * @param cutHeads adds the outputs {@value #HIDDEN_CUTS} (3 classes) and {@value #OUTLINE_CUTS}
     *                 (9 classes), after {@value #K}: the count split into the cuts that show only as
     *                 a thickness deficit and those that notch the silhouette. They name the hard
     *                 part of the count to the trunk; inference ignores them (batch-norm folding
     *                 drops them), as it does the corner maps.
     */
    public static ComputationGraph build(int side, int spaceToDepth, int[] channels, int convsPerStage, boolean batchNorm,
                                         boolean cutHeads, boolean cornerMaps, ISchedule learningRate, long seed) {
        return build(side, spaceToDepth, channels, convsPerStage, batchNorm, cutHeads, cornerMaps, learningRate, seed, CNN2DFormat.NCHW);
    }

    /**
     * The net without batch normalisation or corner maps, for inference only, in NHWC: its input
     * is {@code [n, side, side, 1]}, which holds a single-channel NCHW batch's floats in the same
     * order, and it takes a plain NCHW net's parameters unchanged. oneDNN's AVX-512 convolutions
     * run in NHWC either way, and an NCHW net reorders every activation into NHWC and back around
     * each convolution: those reorders took most of the shipped net's inference time. Never train
     * it: with the oneDNN helpers on, NHWC convolution gradients are wrong in DL4J 1.0.0-M2.1
     * (shared/design/dl4j-speed.md).
     */
    public static ComputationGraph buildForInference(int side, int spaceToDepth, int[] channels, int convsPerStage) {
        return build(side, spaceToDepth, channels, convsPerStage, false, false, false, new FixedSchedule(1e-3), 1, CNN2DFormat.NHWC);
    }

    /** The layout of a graph's convolutions (the first one's; NCHW when it has none). */
    public static CNN2DFormat format(ComputationGraph graph) {
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof ConvolutionLayer conv) {
                return conv.getCnn2dDataFormat();
            }
        }
        return CNN2DFormat.NCHW;
    }

    private static ComputationGraph build(int side, int spaceToDepth, int[] channels, int convsPerStage, boolean batchNorm,
                                          boolean cutHeads, boolean cornerMaps, ISchedule learningRate, long seed, CNN2DFormat format) {
        if (spaceToDepth < 1 || side % spaceToDepth != 0) {
            throw new IllegalArgumentException("space-to-depth block " + spaceToDepth + " does not divide the input side " + side);
        }
        if (cornerMaps && channels.length <= CORNER_STAGE) {
            throw new IllegalArgumentException("corner maps need more than " + CORNER_STAGE + " stages, got " + channels.length);
        }
        Dl4jRuntime.configure();
        if (convsPerStage < 1) {
            throw new IllegalArgumentException("convsPerStage " + convsPerStage + " < 1");
        }
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(side, side, 1, format));
        String previous = INPUT;
        if (spaceToDepth > 1) {
            g.addLayer(SPACE_TO_DEPTH, new SpaceToDepthLayer.Builder(spaceToDepth, format).build(), previous);
            previous = SPACE_TO_DEPTH;
        }
        for (int i = 0; i < channels.length; i++) {
            for (int j = 1; j <= convsPerStage; j++) {
                String name = "conv" + (i + 1) + (convsPerStage > 1 ? "_" + j : "");
                int stride = j == convsPerStage ? 2 : 1;
                g.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(stride, stride).convolutionMode(ConvolutionMode.Same)
                        .dataFormat(format).nOut(channels[i]).activation(batchNorm ? Activation.IDENTITY : Activation.RELU).build(), previous);
                previous = name;
                if (batchNorm) {
                    g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), previous);
                    g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
                    previous = name + "_relu";
                }
            }
            if (cornerMaps && i == CORNER_STAGE) {
                g.addLayer("corners_conv", new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Same)
                        .nOut(16).activation(Activation.RELU).build(), previous);
                g.addLayer("corners_map", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.XAVIER).build(), "corners_conv");
                g.addLayer(CORNERS, new CnnLossLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).build(),
                        "corners_map");
            }
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous);
        g.addLayer(T1, softmax(2), "gap");
        g.addLayer(T2, softmax(9), "gap");
        g.addLayer(T3, softmax(3), "gap");
        g.addLayer(T4, softmax(3), "gap");
        g.addLayer(K, new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), "gap");
        List<String> outputs = new ArrayList<>(List.of(T1, T2, T3, T4, K));
        if (cutHeads) {
            g.addLayer(HIDDEN_CUTS, softmax(3), "gap");
            g.addLayer(OUTLINE_CUTS, softmax(9), "gap");
            outputs.addAll(List.of(HIDDEN_CUTS, OUTLINE_CUTS));
        }
        if (cornerMaps) {
            outputs.add(CORNERS);
        }
        g.setOutputs(outputs.toArray(String[]::new));
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** Side of the corner maps for an input of side {@code side} (space-to-depth block, then stride-2 stages, same padding). */
    public static int cornerMapSide(int side, int spaceToDepth) {
        int s = side / spaceToDepth;
        for (int i = 0; i <= CORNER_STAGE; i++) {
            s = (s + 1) / 2;
        }
        return s;
    }

    private static OutputLayer softmax(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }
}
