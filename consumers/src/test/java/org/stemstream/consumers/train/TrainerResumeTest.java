package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.consumers.cnn.CnnModel;

/**
 * A run that stops after an epoch and goes on with {@code --resume} makes the model that a run
 * which never stopped makes: same weights, same curve. On both training steps: oneDNN's (a
 * batch-normalised net) and DL4J's (space-to-depth, two averaged replicas). Fresh images every
 * second epoch, stopped after epoch 3, so that the resumed run must render epoch 3's set again for
 * epoch 4.
 */
@SuppressWarnings("unchecked")
class TrainerResumeTest {
    /** Thrown by the progress callback at the end of an epoch, as a crash there would. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("stopped for the test");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onednn", "dl4j"})
    void aRunStoppedAfterAnEpochAndResumedMakesTheModelOfOneThatNeverStopped(String engine, @TempDir Path dir) throws Exception {
        TrainerConfig base = config(engine, dir);
        Map<String, Object> whole = Trainer.train(base.withCheckpoint(dir.resolve("whole-checkpoint"), false).withOut(dir.resolve("whole")),
                (phase, done, total) -> { });
        assertThat(dir.resolve("whole-checkpoint")).as("deleted once the model is saved").doesNotExist();
        assertThat((Map<String, Object>) whole.get("speed")).containsEntry("trainingEngine", engine);

        TrainerConfig stopping = base.withCheckpoint(dir.resolve("checkpoint"), false).withOut(dir.resolve("resumed"));
        assertThatThrownBy(() -> Trainer.train(stopping, stopAfter(3))).isInstanceOf(Stop.class);
        assertThat(dir.resolve("resumed")).as("no model from a run that stopped").doesNotExist();
        assertThat(TrainingState.latest(dir.resolve("checkpoint"))).isEqualTo(dir.resolve("checkpoint").resolve("epoch-3"));
        assertThatThrownBy(() -> Trainer.train(stopping.withTraining(8, 3e-3, 0.9, 4).withCheckpoint(dir.resolve("checkpoint"), true),
                (phase, done, total) -> { })).hasMessageContaining("learningRate 0.002 there, 0.003 here");

        Map<String, Object> resumed = Trainer.train(stopping.withCheckpoint(dir.resolve("checkpoint"), true), (phase, done, total) -> { });

        assertThat(validationLosses(resumed)).hasSize(4).containsExactlyElementsOf(validationLosses(whole));
        assertThat(resumed.get("bestEpoch")).isEqualTo(whole.get("bestEpoch"));
        assertThat(CnnModel.load(dir.resolve("resumed")).graph().params().toFloatVector())
                .containsExactly(CnnModel.load(dir.resolve("whole")).graph().params().toFloatVector());
        assertThat(dir.resolve("checkpoint")).doesNotExist();
    }

    private static TrainerConfig config(String engine, Path dir) {
        TrainerConfig c = TrainerConfig.defaults("seed-benchmark", 40, 4, 7, dir.resolve("model"))
                .withTestCount(8).withShapes("mixed-shapes", 8).withTraining(8, 2e-3, 0.9, 4).withCacheDir(dir.resolve("cache"))
                .withFreshData(true).withFreshEvery(2).withReplicas(2);
        return engine.equals("onednn") ? c.withNetwork(new int[] {4, 8}, 1, true, 112, 4)
                : c.withNetwork(new int[] {4, 8}, 1, true, 112, 4).withSpaceToDepth(2);
    }

    private static Progress stopAfter(int epoch) {
        return new Progress() {
            @Override
            public void update(String phase, long done, long total) {
            }

            @Override
            public void epochDone(String line) {
                if (line.startsWith("epoch " + epoch + ":")) {
                    throw new Stop();
                }
            }
        };
    }

    private static List<Object> validationLosses(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("curve")).stream().map(p -> p.get("validationLoss")).toList();
    }
}
