package org.stemstream.consumers.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.stemstream.consumers.cnn.Dl4jRuntime;
import org.stemstream.consumers.cnn.MultiTaskNet;
import org.stemstream.consumers.cnn.OneDnnTraining;
import org.stemstream.consumers.cnn.Preprocessing;

/**
 * Training speed of the trainer's network (a benchmark, not a test): images/s of the training
 * step, on minibatches made up front from labelled images as the trainer makes them, on oneDNN
 * directly ({@link OneDnnTraining}) and through DL4J ({@link Replicas}), on 1 or more threads
 * that each take a share of every minibatch.
 */
public final class TrainingBenchmark {
    public static final String ONEDNN = "onednn";
    public static final String DL4J = "dl4j";

    private TrainingBenchmark() {
    }

    /** One measurement; {@code imagesPerSecond} is null where the engine does not take the net. */
    public record Result(String engine, int threads, int batch, long images, double seconds, Double imagesPerSecond) {
    }

    /** Runs each engine on each thread count for about {@code seconds}, after a warm-up of a third of that. */
    public static List<Result> run(TrainerConfig c, LabelledImages images, List<String> engines, List<Integer> threads, double seconds) {
        Dl4jRuntime.configure();
        int n = images.count();
        Preprocessing raw = Preprocessing.unnormalised(c.cropSize(), c.binning(), c.scaling()).withOrient(TrainerConfig.cropOrient(c.orient()));
        if (c.scaled()) {
            raw = raw.withRadius(c.zoom() * Trainer.medianRadius(raw, images, Math.min(n, 500)));
        }
        Preprocessing pre = Trainer.normalisation(raw, images, Math.min(n, 500));
        int side = pre.outputSize();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<Result> out = new ArrayList<>();
        for (int t : threads) {
            SplittableRandom rnd = new SplittableRandom(c.seed());
            List<List<MultiDataSet>> batches = new ArrayList<>();
            for (int start = 0; start + c.batchSize() <= n; start += c.batchSize()) {
                List<MultiDataSet> shares = new ArrayList<>();
                for (int i = 0, from = start; i < t; i++) {
                    int size = c.batchSize() / t + (i < c.batchSize() % t ? 1 : 0);
                    shares.add(NetworkInputs.minibatch(pre, false, null, images, order, from, size, rnd));
                    from += size;
                }
                batches.add(shares);
            }
            if (batches.isEmpty()) {
                throw new IllegalArgumentException(n + " images make no minibatch of " + c.batchSize());
            }
            for (String engine : engines) {
                ComputationGraph graph = MultiTaskNet.build(side, c.spaceToDepth(), c.channels(), c.convsPerStage(), c.batchNorm(),
                        c.cornerMaps(), Trainer.learningRate(c), c.seed());
                out.add(measure(engine, graph, side, t, batches, c.batchSize(), seconds));
            }
        }
        return out;
    }

    private static Result measure(String engine, ComputationGraph graph, int side, int threads, List<List<MultiDataSet>> batches, int batch,
                                  double seconds) {
        OneDnnTraining direct = ONEDNN.equals(engine) ? OneDnnTraining.compile(graph, side, threads) : null;
        if (ONEDNN.equals(engine) && direct == null) {
            return new Result(engine, threads, batch, 0, 0, null);
        }
        if (!ONEDNN.equals(engine) && !DL4J.equals(engine)) {
            throw new IllegalArgumentException("engine '" + engine + "': " + ONEDNN + " or " + DL4J);
        }
        Replicas replicas = direct == null ? new Replicas(graph, threads) : null;
        try {
            int next = runFor(direct, replicas, batches, 0, seconds / 3); // warm-up: JIT, primitives, workspaces
            long t0 = System.nanoTime();
            long steps = 0;
            long deadline = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                next = runFor(direct, replicas, batches, next, 0);
                steps++;
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            return new Result(engine, threads, batch, steps * batch, wall, (double) steps * batch / wall);
        } finally {
            if (direct != null) {
                direct.close();
            } else {
                replicas.close();
            }
        }
    }

    /** Steps through the minibatches from {@code next} for {@code seconds} (0: one step); returns the next one's index. */
    private static int runFor(OneDnnTraining direct, Replicas replicas, List<List<MultiDataSet>> batches, int next, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        do {
            double score = direct != null ? direct.fit(batches.get(next)) : replicas.fit(batches.get(next));
            if (Double.isNaN(score)) {
                throw new IllegalStateException("the score is not a number: training diverged");
            }
            next = (next + 1) % batches.size();
        } while (System.nanoTime() < deadline);
        return next;
    }
}
