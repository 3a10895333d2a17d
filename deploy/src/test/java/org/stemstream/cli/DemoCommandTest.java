package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo refuses what it could not run with before it starts the broker (it failed only after it, minutes in). */
class DemoCommandTest {
    private static void refused(String expected, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "demo";
        System.arraycopy(options, 0, args, 1, options.length);
        CliRun run = CliRun.of(args);
        assertThat(run.code()).as(String.join(" ", options)).isEqualTo(2);
        assertThat(run.errLines()).as(String.join(" ", options)).containsExactly("stem demo: " + expected);
        assertThat(run.out()).as("nothing started").doesNotContain("starting");
    }

    @Test
    void badPortsThreadsAndDurationsAreRefusedFirst() {
        refused("--dashboard-port must be 0..65535, got 99999", "--dashboard-port", "99999");
        refused("--metrics-port must be -1..65535, got -2", "--metrics-port", "-2");
        refused("--worker-threads must be 1..256, got 0", "--worker-threads", "0");
        refused("--stream-threads must be 1..12, got 13", "--stream-threads", "13");
        refused("--requests must be >= 1, got 0", "--requests", "0");
        refused("--requests must be >= 0, got -1", "--requests", "-1", "--watch", "/tmp");
        refused("--watch /no/such/folder is not a folder", "--watch", "/no/such/folder");
        refused("--pixel-size-nm applies to --watch", "--pixel-size-nm", "0.2");
        refused("--pixel-size-nm must be > 0, got -0.2", "--pixel-size-nm", "-0.2", "--watch", "/tmp");
        refused("--timeout must be > 0", "--timeout", "0s");
        refused("--scenario: unknown scenario 'nope'; known: seed-benchmark, t1-balanced, t3-two-corners, t1-easy, t1-one-corner, rotating, mixed-shapes",
                "--scenario", "nope");
    }

    @Test
    void aModelsFolderWithoutAModelIsRefusedFirst(@TempDir Path dir) throws Exception {
        refused("--models: models folder " + dir.resolve("nope") + " does not exist", "--models", dir.resolve("nope").toString());
        Path file = Files.writeString(dir.resolve("model.zip"), "x");
        refused("--models: models folder " + file + " is a file, not a folder: give the folder that holds model.zip and metadata.json, "
                + "or a folder of such folders", "--models", file.toString());
        refused("--models: no model in " + dir + " (a folder with model.zip and metadata.json, or a folder of such folders)",
                "--models", dir.toString());
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("model.zip"), "x");
        Files.writeString(broken.resolve("metadata.json"), "{}");
        CliRun run = CliRun.of("demo", "--models", broken.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("stem demo: --models: " + broken.resolve("metadata.json") + ": needs a name and a version");
    }
}
