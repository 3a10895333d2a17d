package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class TrainingStateTest {
    private static final Map<String, Object> RUN = Map.of("scenario", "seed-benchmark", "learningRate", 6e-3, "channels", new int[] {16, 32});

    /** A step whose state is one number, to see it written and read back. */
    private static final class Counter implements TrainingState.StepState {
        int value;

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeInt(value);
        }

        @Override
        public void read(DataInput in) throws IOException {
            value = in.readInt();
        }
    }

    @Test
    void aSavedStateReopensAsItWasAndItsRandomStreamGoesOn(@TempDir Path dir) throws IOException {
        TrainingState state = TrainingState.open(dir, RUN, 5, 99, false);
        state.random.nextInt(3);
        state.order[0] = 4;
        state.order[4] = 0;
        state.finish(1, point(1, 0.9), 0.8, Nd4j.create(new float[] {1, 2, 3}), 10, 5, 12);
        state.finish(2, point(2, Double.NaN), Double.NaN, Nd4j.create(new float[] {7, 8, 9}), 11, 5, 25);
        Counter step = new Counter();
        step.value = 17;
        state.save(step);
        long next = ResumableRandom.at(state.random.state()).nextLong();

        TrainingState resumed = TrainingState.open(dir, RUN, 5, 99, true);
        Counter restored = new Counter();
        resumed.restore(restored);

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.epoch).isEqualTo(2);
        assertThat(resumed.bestEpoch).as("a NaN loss is never the best").isEqualTo(1);
        assertThat(resumed.bestLoss).isEqualTo(0.8);
        assertThat(resumed.best).containsExactly(1, 2, 3);
        assertThat(resumed.order).containsExactly(4, 1, 2, 3, 0);
        assertThat(resumed.random.nextLong()).isEqualTo(next);
        assertThat(resumed.trainSeconds).isEqualTo(21);
        assertThat(resumed.trainImages).isEqualTo(10);
        assertThat(resumed.lastEpochSeconds).isEqualTo(11);
        assertThat(resumed.elapsedSeconds).isEqualTo(25);
        assertThat(resumed.points()).extracting(ReportPlots.Point::epoch).containsExactly(1, 2);
        assertThat(resumed.points().get(1).validationLoss()).isNaN();
        assertThat(resumed.points().get(0).accuracy()).containsEntry("T2", 0.5);
        assertThat(restored.value).isEqualTo(17);
    }

    @Test
    void theClockTellsTheTimeLeftAtTheMeanEpochsPaceWithinTheBudget(@TempDir Path dir) throws IOException {
        TrainingState state = TrainingState.open(dir, RUN, 3, 1, false);
        state.finish(1, point(1, 1), 1, Nd4j.create(new float[] {1}), 10, 3, 10);
        state.finish(2, point(2, 1), 1, Nd4j.create(new float[] {1}), 14, 3, 25); // 12.5 s an epoch

        assertThat(state.clock(10, java.time.Duration.ZERO)).isEqualTo("run 25 s in, about 2 min left"); // 100 s
        assertThat(state.clock(40, java.time.Duration.ZERO)).isEqualTo("run 25 s in, about 8 min left"); // 475 s
        assertThat(state.clock(40, java.time.Duration.ofMinutes(1))).isEqualTo("run 25 s in, about 35 s left");
        assertThat(state.clock(40, java.time.Duration.ofSeconds(20))).isEqualTo("run 25 s in, about 0 s left");
    }

    @Test
    void onlyTheLastFinishedEpochIsKeptAndAHalfWrittenOneIsIgnored(@TempDir Path dir) throws IOException {
        TrainingState state = TrainingState.open(dir, RUN, 3, 1, false);
        Counter step = new Counter();
        for (int epoch = 1; epoch <= 3; epoch++) {
            state.finish(epoch, point(epoch, 1.0 / epoch), 1.0 / epoch, Nd4j.create(new float[] {epoch}), 1, 3, epoch);
            state.save(step);
        }
        Files.createDirectories(dir.resolve("epoch-4.partial")); // a stop while writing epoch 4's
        Files.writeString(dir.resolve("epoch-4.partial").resolve(TrainingState.JSON_FILE), "{\"epoch\": 4, \"trunc");

        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("epoch-3", "epoch-4.partial");
        }
        assertThat(TrainingState.latest(dir)).isEqualTo(dir.resolve("epoch-3"));
        assertThat(TrainingState.open(dir, RUN, 3, 1, true).best).containsExactly(3);
        assertThat(TrainingState.open(dir, RUN, 3, 1, false).resumed()).as("without --resume: a fresh start").isFalse();

        Files.writeString(dir.resolve("notes.txt"), "the user's, in a folder --checkpoint named");
        state.delete();
        assertThat(dir.resolve("notes.txt")).as("only the checkpoints go").isRegularFile();
        try (var entries = Files.list(dir)) {
            assertThat(entries).hasSize(1);
        }
        Files.delete(dir.resolve("notes.txt"));
        state.delete();
        assertThat(dir).as("an emptied folder goes too").doesNotExist();
        assertThat(TrainingState.open(dir, RUN, 3, 1, true).resumed()).as("--resume without a checkpoint: epoch 1").isFalse();
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedNamingThem(@TempDir Path dir) throws IOException {
        TrainingState state = TrainingState.open(dir, RUN, 3, 1, false);
        state.finish(1, point(1, 1), 1, Nd4j.create(new float[] {1}), 1, 3, 1);
        state.save(new Counter());
        Map<String, Object> other = new LinkedHashMap<>(RUN);
        other.put("learningRate", 4e-3);
        other.put("epochs", 40);

        assertThatThrownBy(() -> TrainingState.open(dir, other, 3, 1, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate 0.006 there, 0.004 here").hasMessageContaining("epochs null there, 40 here")
                .hasMessageContaining("without --resume");
        assertThatThrownBy(() -> TrainingState.open(dir, RUN, 4, 1, true)).as("another number of training images")
                .hasMessageContaining("order").hasMessageContaining("3 values, this run 4");
    }

    private static Map<String, Object> point(int epoch, double loss) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epoch", epoch);
        p.put("trainLoss", loss);
        p.put("validationLoss", loss);
        p.put("validationAccuracy", Map.of("T2", 0.5));
        p.put("seconds", 1.0);
        return p;
    }
}
