package org.stemstream.consumers.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.stemstream.concurrent.CallerRuns;
import org.stemstream.concurrent.DaemonThreads;

/**
 * Synchronous data-parallel training on copies of one graph: each step, replica i fits share i of
 * the minibatch on its own thread, then every replica takes the mean of the parameters (batch
 * normalisation's running statistics included) and of the updater's state (Adam's moments), so
 * they start the next step identical. The first replica is the caller's graph.
 *
 * <p>Why: on this 2-core machine DL4J trains the shipped net (random inputs, batch 64) at about 120
 * images/s on one thread and only about 160 on two OpenMP threads (its convolutions are too small
 * to split well), while two single-threaded copies in one process do 190-220 together. In the
 * trainer: 159-164 images/s against 137 for one copy on two threads. Run with
 * {@code OMP_NUM_THREADS=1} (the launcher sets it for {@code train --replicas N}, N > 1).
 * The result depends on the replica count, not on timing: the shares and the order of the mean
 * are fixed.
 */
final class Replicas implements AutoCloseable {
    private final List<ComputationGraph> graphs = new ArrayList<>();
    private final ExecutorService pool;

    Replicas(ComputationGraph master, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("replicas " + count + " < 1");
        }
        graphs.add(master);
        for (int i = 1; i < count; i++) {
            ComputationGraph copy = master.clone();
            // a clone's configuration starts its step and epoch counts at 0; Adam and the schedule read them (a resumed run's are not)
            copy.getConfiguration().setIterationCount(master.getConfiguration().getIterationCount());
            copy.getConfiguration().setEpochCount(master.getConfiguration().getEpochCount());
            graphs.add(copy);
        }
        pool = count > 1 ? Executors.newFixedThreadPool(count - 1, DaemonThreads.named("train-replica")) : null;
        synchronise();
    }

    int count() {
        return graphs.size();
    }

    /** Replica i (0: the caller's graph). */
    ComputationGraph replica(int i) {
        return graphs.get(i);
    }

    /** Fits replica i on {@code shares.get(i)}, then averages; returns the mean of their losses. */
    double fit(List<? extends MultiDataSet> shares) {
        if (shares.size() != graphs.size()) {
            throw new IllegalArgumentException(shares.size() + " shares for " + graphs.size() + " replicas");
        }
        List<Runnable> fits = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            ComputationGraph g = graphs.get(i);
            MultiDataSet share = shares.get(i);
            fits.add(() -> g.fit(share));
        }
        CallerRuns.all(pool, fits, "a training replica");
        double loss = 0;
        for (ComputationGraph g : graphs) {
            loss += g.score();
        }
        synchronise();
        return loss / graphs.size();
    }

    /** Counts an epoch on every replica (the learning-rate schedule counts epochs). */
    void incrementEpochCount() {
        graphs.forEach(ComputationGraph::incrementEpochCount);
    }

    private void synchronise() {
        if (graphs.size() == 1) {
            return;
        }
        average(graphs.stream().map(ComputationGraph::params).toList());
        average(graphs.stream().map(g -> g.getUpdater().getStateViewArray()).toList());
    }

    /** Writes the mean of {@code views} (in index order) into each of them. */
    static void average(List<INDArray> views) {
        if (views.get(0) == null) {
            return; // an updater without state
        }
        INDArray mean = views.get(0).dup();
        for (int i = 1; i < views.size(); i++) {
            mean.addi(views.get(i));
        }
        mean.divi(views.size());
        for (INDArray view : views) {
            view.assign(mean);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
