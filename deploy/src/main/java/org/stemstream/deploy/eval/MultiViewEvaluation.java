package org.stemstream.deploy.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stemstream.consumers.cnn.CnnModel;
import org.stemstream.consumers.cnn.ProbabilityModel;
import org.stemstream.consumers.train.DatasetCache;
import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.consumers.train.TaskScore;
import org.stemstream.producers.Campaign;
import org.stemstream.producers.ViewPlan;
import org.stemstream.schemas.avro.Classification;
import org.stemstream.schemas.avro.ObjectClassification;
import org.stemstream.schemas.avro.TaskPrediction;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Scenarios;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.streams.FuseFunction;
import org.stemstream.streams.FuseSettings;

/**
 * A task scored on particles seen in several views, fused as the pipeline fuses them: the views
 * come from a {@link Campaign} with {@link ViewPlan.Independent} orientations (the requests a
 * multi-view campaign sends), are rendered with the pipeline's projection and noise, classified
 * by the model, and fused by the fusion stage's {@link FuseFunction}.
 */
public final class MultiViewEvaluation {
    private MultiViewEvaluation() {
    }

    /** The fused score and, for comparison, the single-view score on the same images. */
    public record Result(TaskScore fused, TaskScore singleView, int particles, int views) {
    }

    public static Result evaluate(ProbabilityModel model, String task, String scenario, int particles, int views, long seed,
                                  DatasetCache.Progress progress) {
        Campaign campaign = new Campaign("eval-" + seed, Scenarios.named(scenario), particles, seed, new ViewPlan.Independent(views));
        List<SimulationSpec> specs = campaign.requests(Instant.EPOCH).map(r -> RequestMapper.toSpec(r, Imaging.defaults())).toList();
        LabelledImages images = DatasetCache.render(scenario + "-" + views + "-views", seed, specs.size(), specs::get, progress);
        int head = headIndex(model, task);
        List<String> classes = model.metadata().tasks().get(head).classes();
        FuseFunction fuse = new FuseFunction(FuseSettings.DEFAULT_EPSILON);
        long[][] fused = new long[classes.size()][classes.size()];
        long[][] single = new long[classes.size()][classes.size()];
        int chunk = 100; // particles classified per call
        for (int from = 0; from < particles; from += chunk) {
            int to = Math.min(particles, from + chunk);
            List<float[]> pixels = new ArrayList<>((to - from) * views);
            for (int i = from * views; i < to * views; i++) {
                pixels.add(images.image(i));
            }
            float[][] probabilities = model.probabilities(pixels)[head];
            for (int p = from; p < to; p++) {
                String truth = images.label(task, p * views);
                if (truth == null) {
                    continue;
                }
                int row = classes.indexOf(truth);
                List<Classification> classified = new ArrayList<>(views);
                for (int v = 0; v < views; v++) {
                    float[] pv = probabilities[(p - from) * views + v];
                    single[row][CnnModel.argmax(pv)]++;
                    classified.add(view(model, task, classes, pv, "particle-" + p, v, views));
                }
                ObjectClassification object = fuse.fuse(classified, Instant.EPOCH);
                fused[row][classes.indexOf(object.getPredictions().get(0).getPredicted())]++;
            }
        }
        return new Result(TaskScore.of(task + "-multi", classes, fused), TaskScore.of(task, classes, single), particles, views);
    }

    private static int headIndex(ProbabilityModel model, String task) {
        for (int t = 0; t < model.metadata().tasks().size(); t++) {
            if (model.metadata().tasks().get(t).task().equals(task)) {
                return t;
            }
        }
        throw new IllegalArgumentException("model " + model.name() + " does not answer " + task);
    }

    private static Classification view(ProbabilityModel model, String task, List<String> classes, float[] p, String objectId, int v, int views) {
        List<Double> probabilities = new ArrayList<>(p.length);
        for (float x : p) {
            probabilities.add((double) x);
        }
        return Classification.newBuilder().setImageId(objectId + "-v" + v).setObjectId(objectId).setCampaignId("evaluation")
                .setModelName(model.name()).setModelVersion(model.version())
                .setPredictions(List.of(new TaskPrediction(task, classes, probabilities, classes.get(CnnModel.argmax(p)))))
                .setLatencyMs(0).setViewIndex(v).setViewsExpected(views).build();
    }
}
