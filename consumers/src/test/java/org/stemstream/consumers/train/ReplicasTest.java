package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ReplicasTest {

    private static ComputationGraph net(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(updater)
                .graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(5).nOut(2).activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    private static MultiDataSet data(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        return new MultiDataSet(Nd4j.rand(DataType.DOUBLE, n, 4), Nd4j.rand(DataType.DOUBLE, n, 2));
    }

    /** A resumed run's graph has stepped and counted epochs: its copies must too, for Adam's bias correction and the schedule. */
    @Test
    void copiesOfAGraphThatHasTrainedTakeItsStepAndEpochCounts() {
        ComputationGraph g = net(new Adam(1e-2));
        for (int step = 0; step < 5; step++) {
            g.fit(data(step, 4));
        }
        g.incrementEpochCount();
        g.incrementEpochCount();

        try (Replicas replicas = new Replicas(g, 3)) {
            for (int i = 1; i < 3; i++) {
                assertThat(replicas.replica(i).getConfiguration().getIterationCount()).isEqualTo(5);
                assertThat(replicas.replica(i).getConfiguration().getEpochCount()).isEqualTo(2);
                assertThat(replicas.replica(i).getUpdater().getStateViewArray()).isEqualTo(g.getUpdater().getStateViewArray());
            }
        }
    }

    @Test
    void twoReplicasOfPlainGradientDescentTakeTheStepOfTheWholeMinibatch() {
        // SGD: the mean of theta - lr g_A and theta - lr g_B is theta - lr (g_A + g_B) / 2, the gradient
        // of the whole minibatch when the shares are the same size (the loss is a mean over examples)
        MultiDataSet a = data(1, 6);
        MultiDataSet b = data(2, 6);
        MultiDataSet both = new MultiDataSet(Nd4j.vstack(a.getFeatures(0), b.getFeatures(0)), Nd4j.vstack(a.getLabels(0), b.getLabels(0)));
        ComputationGraph whole = net(new Sgd(0.1));
        ComputationGraph shared = net(new Sgd(0.1));
        assertThat(shared.params()).isEqualTo(whole.params());

        try (Replicas replicas = new Replicas(shared, 2)) {
            for (int step = 0; step < 3; step++) {
                whole.fit(both);
                replicas.fit(List.of(a, b));
            }
        }

        assertThat(shared.params().equalsWithEps(whole.params(), 1e-10)).as("%s vs %s", shared.params(), whole.params()).isTrue();
        assertThat(shared.params().equalsWithEps(net(new Sgd(0.1)).params(), 1e-3)).as("it trained").isFalse();
    }

    @Test
    void everyReplicaLeavesAStepWithTheSameParametersAndAdamState() {
        ComputationGraph master = net(new Adam(0.01));
        try (Replicas replicas = new Replicas(master, 3)) {
            replicas.fit(List.of(data(1, 4), data(2, 4), data(3, 5)));
            INDArray state = master.getUpdater().getStateViewArray();
            assertThat(state.sumNumber().doubleValue()).isNotZero();
            for (int i = 1; i < 3; i++) {
                ComputationGraph g = replicas.replica(i);
                assertThat(g.params()).isEqualTo(master.params());
                assertThat(g.getUpdater().getStateViewArray()).isEqualTo(state);
            }
        }
    }

    @Test
    void averageWritesTheMeanIntoEveryView() {
        INDArray x = Nd4j.createFromArray(1.0, 2.0);
        INDArray y = Nd4j.createFromArray(3.0, 6.0);
        Replicas.average(List.of(x, y));
        assertThat(x.toDoubleVector()).containsExactly(2.0, 4.0);
        assertThat(y.toDoubleVector()).containsExactly(2.0, 4.0);
    }
}
