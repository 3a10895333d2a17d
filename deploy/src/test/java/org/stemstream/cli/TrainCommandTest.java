package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train refuses what it cannot train with before it renders an image (nothing lands in the cache). */
class TrainCommandTest {
    private static void refused(Path dir, String expected, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "train";
        args[1] = "--out";
        args[2] = dir.resolve("model").toString();
        args[3] = "--cache";
        args[4] = dir.resolve("cache").toString();
        System.arraycopy(options, 0, args, 5, options.length);
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", options)).isEqualTo(2);
        assertThat(run.errLines()).as(String.join(" ", options)).hasSize(1);
        assertThat(run.err()).as(String.join(" ", options)).startsWith("stem train: " + expected);
        assertThat(dir.resolve("cache")).as("nothing rendered").doesNotExist();
    }

    @Test
    void unknownScenariosAreRefusedBeforeRendering(@TempDir Path dir) {
        refused(dir, "--aux nope:100:T3: unknown scenario 'nope'; known: seed-benchmark", "--aux", "nope:100:T3");
        refused(dir, "--scenario: unknown scenario 'nope'", "--scenario", "nope");
        refused(dir, "--shape-scenario: unknown scenario 'nope'", "--shape-scenario", "nope");
        refused(dir, "--aux: auxiliary set 't3-two-corners:many:T3': count 'many' is not a number", "--aux", "t3-two-corners:many:T3");
        refused(dir, "--aux: unknown task T9", "--aux", "t3-two-corners:100:T9");
    }

    @Test
    void valuesOutOfRangeAreRefused(@TempDir Path dir) throws Exception {
        refused(dir, "--binning must be >= 1, got 0", "--binning", "0");
        refused(dir, "--count must be >= 10, got 5", "--count", "5");
        refused(dir, "--epochs must be >= 1, got 0", "--epochs", "0");
        refused(dir, "--replicas must be 1..64, got 65", "--replicas", "65");
        refused(dir, "--learning-rate must be > 0, got 0.0", "--learning-rate", "0");
        refused(dir, "--decay must be in (0, 1], got 1.5", "--decay", "1.5");
        refused(dir, "--fresh-every must be >= 1, got 0", "--fresh-every", "0", "--fresh-data");
        refused(dir, "--fresh-every 2 goes with --fresh-data", "--fresh-every", "2");
        refused(dir, "--channels must each be >= 1, got [16, 0]", "--channels", "16,0");
        refused(dir, "--orient must be none, principal, principal-scaled, canonical or canonical-scaled, got upright", "--orient", "upright");
        refused(dir, "--zoom must be in [0.5, 2], got 3.0", "--zoom", "3", "--orient", "canonical-scaled");
        refused(dir, "--zoom goes with --orient principal-scaled or canonical-scaled, got --orient canonical", "--zoom", "1.25",
                "--orient", "canonical");
        Files.writeString(dir.resolve("checkpoint"), "not a folder");
        refused(dir, "--checkpoint " + dir.resolve("checkpoint") + " is a file", "--checkpoint", dir.resolve("checkpoint").toString(), "--resume");
        Files.writeString(dir.resolve("model"), "not a folder");
        refused(dir, "--out " + dir.resolve("model") + " is a file", "--count", "100");
    }

    @Test
    void imagesOffATopicAreSplitAsAskedOrWhenShortNeverBeyondTheCounts() {
        assertThat(TrainCommand.split(500, 300, 100)).containsExactly(300, 100);
        // 30 on the topic, --count 20 --test-count 100: 3 to test, 20 (not 27) to train
        assertThat(TrainCommand.split(30, 20, 100)).containsExactly(20, 3);
        assertThat(TrainCommand.split(30, 200, 100)).containsExactly(27, 3);
        assertThat(TrainCommand.split(30, 200, 2)).containsExactly(28, 2);
        assertThat(TrainCommand.split(9, 200, 100)).containsExactly(9, 0);
    }
}
