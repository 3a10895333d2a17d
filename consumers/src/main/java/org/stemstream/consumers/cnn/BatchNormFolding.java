package org.stemstream.consumers.cnn;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * For inference, a batch-normalised {@link MultiTaskNet} becomes the same net without batch
 * normalisation: each convolution's weights and bias absorb the following normalisation
 * (W' = W * g / s, b' = (b - mean) * g / s + beta, s the running standard deviation), and the ReLU
 * moves into the convolution. Same outputs (to float rounding), about twice the speed (the speed
 * notes measured batch normalisation at half the speed). The result is
 * {@link MultiTaskNet#buildForInference}'s NHWC net; a net without batch normalisation has its
 * parameters copied into one.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** Whether the graph has batch-normalisation layers named as {@link MultiTaskNet} names them. */
    public static boolean hasBatchNorm(ComputationGraph graph) {
        for (Layer l : graph.getLayers()) {
            if (l.conf().getLayer() instanceof BatchNormalization) {
                return true;
            }
        }
        return false;
    }

    /** The inference graph of {@code trained}, a net that {@link MultiTaskNet#build} built with this architecture. */
    public static ComputationGraph fold(ComputationGraph trained, int side, int spaceToDepth, int[] channels, int convsPerStage) {
        ComputationGraph plain = MultiTaskNet.buildForInference(side, spaceToDepth, channels, convsPerStage);
        for (Layer target : plain.getLayers()) {
            String name = target.conf().getLayer().getLayerName();
            Map<String, INDArray> source = trained.getLayer(name).paramTable();
            if (trained.getVertex(name + "_bn") == null) {
                source.forEach((key, value) -> target.setParam(key, value.dup()));
                continue;
            }
            Layer bnLayer = trained.getLayer(name + "_bn");
            Map<String, INDArray> bn = bnLayer.paramTable();
            INDArray std;
            if (bn.containsKey("log10stdev")) {
                std = Transforms.pow(Nd4j.valueArrayOf(bn.get("log10stdev").shape(), 10.0, bn.get("log10stdev").dataType()), bn.get("log10stdev"), true);
            } else {
                double eps = ((BatchNormalization) bnLayer.conf().getLayer()).getEps();
                std = Transforms.sqrt(bn.get("var").add(eps), true);
            }
            INDArray scale = bn.get("gamma").reshape(-1).div(std.reshape(-1)); // [nOut]
            INDArray w = source.get("W").dup(); // [nOut, nIn, kH, kW]
            for (int o = 0; o < w.size(0); o++) {
                w.slice(o).muli(scale.getDouble(o));
            }
            INDArray b = source.get("b").reshape(-1).sub(bn.get("mean").reshape(-1)).mul(scale).add(bn.get("beta").reshape(-1));
            target.setParam("W", w);
            target.setParam("b", b.reshape(target.getParam("b").shape()));
        }
        return plain;
    }
}
