package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jRuntimeTest {

    @Test
    void convolutionsOfASmallNetRunThroughOneDnn() {
        Dl4jRuntime.configure();
        ComputationGraph graph = MultiTaskNet.build(16, new int[] {4, 8}, 2, false, 1e-3, 0.9, 1);
        graph.output(Nd4j.rand(2, 1, 16, 16));

        assertThat(Dl4jRuntime.oneDnnActive()).as("BaseMKLDNNHelper.mklDnnEnabled()").isTrue();
        assertThat(Dl4jRuntime.helpers(graph)).contains("conv1_1:MKLDNNConvHelper", "conv1_2:MKLDNNConvHelper", "conv2_2:MKLDNNConvHelper");
    }

    @Test
    void javaCppIsToldNotToReadTheProcessSizeOnEveryAllocationUnlessTheUserSaidOtherwise() {
        String before = System.getProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES);
        try {
            System.clearProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES);
            Dl4jRuntime.configure();
            assertThat(System.getProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES)).isEqualTo("0");

            System.setProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES, "8G");
            Dl4jRuntime.configure();
            assertThat(System.getProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES)).isEqualTo("8G");
        } finally {
            if (before == null) {
                System.clearProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES);
            } else {
                System.setProperty(Dl4jRuntime.MAX_PHYSICAL_BYTES, before);
            }
        }
    }
}
