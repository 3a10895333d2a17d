package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;

/**
 * Makes DL4J fast on CPU (shared/design/dl4j-speed.md): turns DL4J's layer helpers on before ND4J
 * loads, so that convolutions run through oneDNN (with the nd4j-native {@code -onednn} build and
 * the {@link org.nd4j.nativeblas.Nd4jCpu} shim), turns JavaCPP's per-allocation memory check off
 * ({@link #MAX_PHYSICAL_BYTES}), and reports whether the helpers are on. Call
 * {@link #configure()} before the first DL4J/ND4J class is touched; it is idempotent and leaves
 * properties the user set alone. {@code OPENBLAS_CORETYPE} must be set before the JVM starts
 * (the {@code ./stem} launcher does).
 */
public final class Dl4jRuntime {
    /** DL4J keeps its layer helpers (oneDNN, cuDNN) off unless this is "false". */
    public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    /**
     * JavaCPP's cap on the process's resident memory, checked on every native allocation by reading
     * /proc/self/statm when above 0: ND4J allocates shape and offset buffers for every op, and the
     * reads took about 7 % of the classifier's thread in the pipeline (async-profiler). 0 turns
     * the check off; the cap on the bytes ND4J itself allocates outside the heap stays. JavaCPP
     * reads it once, when its Pointer class loads: the {@code ./stem} launcher passes it to the JVM,
     * and {@link #configure()} sets it for embedders that call it first.
     */
    public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private Dl4jRuntime() {
    }

    public static void configure() {
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase(java.util.Locale.ROOT)) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }

    /** Whether DL4J will give layers oneDNN helpers (loads ND4J). */
    public static boolean oneDnnActive() {
        configure();
        return BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** The helper class of each layer that has one ("none" otherwise), for checks and logs. */
    public static List<String> helpers(ComputationGraph graph) {
        List<String> out = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            Object helper = helperOf(layer);
            out.add(layer.conf().getLayer().getLayerName() + ":" + (helper == null ? "none" : helper.getClass().getSimpleName()));
        }
        return out;
    }

    private static Object helperOf(org.deeplearning4j.nn.api.Layer layer) {
        try {
            return layer.getClass().getMethod("getHelper").invoke(layer);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
