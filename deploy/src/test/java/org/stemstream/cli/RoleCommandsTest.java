package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The roles refuse option values they cannot run with before they start anything (no broker is given here). */
class RoleCommandsTest {
    private static void refused(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.errLines()).as(String.join(" ", args)).containsExactly(expected);
    }

    /** Kafka Streams with no stream thread consumes nothing: the role sat there silently. */
    @Test
    void streamsRolesRefuseFewerThanOneThread() {
        for (String role : new String[] {"noise", "augment", "fuse"}) {
            refused("stem " + role + ": --threads must be >= 1, got 0", role, "--threads", "0");
            refused("stem " + role + ": --threads must be >= 1, got -1", role, "--threads", "-1");
        }
        refused("stem simulator-worker: --threads must be 1..256, got 0", "simulator-worker", "--threads", "0");
        refused("stem simulator-worker: --max-batch must be 1..10000, got 0", "simulator-worker", "--max-batch", "0");
    }

    @Test
    void classifyRefusesAnEmptyBatchAndAPoolLargerThanThePartitions() {
        refused("stem classify: --batch must be >= 1, got 0", "classify", "--batch", "0");
        refused("stem classify: --max-members must be 1..12, got 20", "classify", "--autoscale", "--max-members", "20");
        refused("stem simulator-worker: --min-members must be 0..4, got 5", "simulator-worker", "--autoscale", "--min-members", "5");
        refused("stem classify: --lag-threshold must be >= 1, got 0", "classify", "--lag-threshold", "0");
    }

    @Test
    void theFitRefusesTheNetworksOptions() {
        refused("stem classify: --models applies to --method cnn; the fit has no trained model", "classify", "--method", "fit", "--models", "/tmp");
        refused("stem classify: --tta applies to --method cnn; the fit has no trained model", "classify", "--method", "fit", "--tta");
        refused("stem demo: --tta applies to --method cnn; the fit has no trained model", "demo", "--method", "fit", "--tta");
        refused("stem demo: --fit-turn applies to --method fit", "demo", "--fit-turn");
        refused("stem classify: --fit-turn applies to --method fit", "classify", "--fit-turn");
        refused("stem evaluate: --model applies to --method cnn; the fit has no trained model", "evaluate", "--task", "T2", "--method", "fit", "--model", "/tmp");
        refused("stem classify: Invalid value for option '--method': expected one of [cnn, fit] (case-sensitive) but was 'svm'", "classify", "--method", "svm");
    }

    @Test
    void portsAndIntervalsOutOfRangeAreRefused() {
        refused("stem monitor: --dashboard-port must be 0..65535, got 99999", "monitor", "--dashboard-port", "99999");
        refused("stem noise: --metrics-port must be -1..65535, got 70000", "noise", "--metrics-port", "70000");
        refused("stem monitor: --poll-interval must be > 0", "monitor", "--poll-interval", "0s");
        refused("stem fuse: --idle-timeout must be > 0", "fuse", "--idle-timeout", "0");
        refused("stem feed: --poll must be > 0", "feed", "--folder", "/tmp", "--poll", "0s");
        refused("stem feed: --dark-counts must be >= 0, got -3.0", "feed", "--folder", "/tmp", "--pixel-size-nm", "0.2", "--dark-counts", "-3");
        refused("stem feed: --pixel-size-nm must be > 0, got 0.0", "feed", "--folder", "/tmp", "--pixel-size-nm", "0");
        refused("stem simulate: --format must be files or npy, got hdf5", "simulate", "--out", "/tmp/stem-never-written", "--format", "hdf5");
        refused("stem inspect: --pixel-size-nm must be > 0, got -1.0", "inspect", "/tmp", "--pixel-size-nm", "-1");
        refused("stem predict: --dark-counts must be >= 0, got NaN", "predict", "/tmp", "--dark-counts", "NaN");
        refused("stem classify: --model-scan-interval must be > 0", "classify", "--model-scan-interval", "0ms");
        refused("stem augment: --preset must be none, label-preserving or training, got all", "augment", "--preset", "all");
    }

    @Test
    void aStreamsRoleSaysWhatItRuns() {
        assertThat(RoleCommands.streamsStarted("noise", "images-raw -> images-noisy", 1, "/tmp/s"))
                .isEqualTo("noise: images-raw -> images-noisy, 1 Kafka Streams thread, state in /tmp/s");
        assertThat(RoleCommands.streamsStarted("fuse", "a -> b", 3, "/s")).contains("3 Kafka Streams threads");
    }
}
