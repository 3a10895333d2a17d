package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * produce refuses options the campaign it sends would ignore, before it connects: the broker
 * given (127.0.0.1:1) answers nothing, so a command that got past its checks would fail on it.
 */
class ProduceOptionsTest {
    private static final String[] NO_BROKER = {"--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1"};

    private static CliRun produce(String... args) {
        String[] all = new String[1 + args.length + NO_BROKER.length];
        all[0] = "produce";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(NO_BROKER, 0, all, 1 + args.length, NO_BROKER.length);
        return CliRun.of(all);
    }

    private static void refused(String expected, String... args) {
        CliRun run = produce(args);
        assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.errLines()).as(String.join(" ", args)).hasSize(1);
        assertThat(run.err()).as(String.join(" ", args)).startsWith("stem produce: " + expected);
    }

    @Test
    void conflictingCampaignOptionsAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.csv");
        Files.writeString(file, "k\n2\n");
        refused("--from sends one request per row of the file; --count does not apply", "--from", file.toString(), "--count", "50");
        refused("--from takes each row's views from the file", "--from", file.toString(), "--views", "3");
        refused("--grid-counts sends --grid-orientations particles per count; --count does not apply", "--grid-counts", "0,2", "--count", "7");
        refused("--grid-orientations sizes a grid sweep: it needs --grid-counts", "--grid-orientations", "5");
        refused("--tilt-step makes a particle's views a tilt series: it needs --views 2 or more, got 1", "--tilt-step", "10");
        refused("--tilt-axis is the axis of a tilt series: it needs --tilt-step", "--tilt-axis", "z");
        refused("--tilt-axis must be x or y (in the image plane), got z", "--tilt-step", "10", "--views", "3", "--tilt-axis", "z");
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        refused("--count must be >= 1, got 0", "--count", "0");
        refused("--views must be >= 1, got 0", "--views", "0");
        refused("--rate must be >= 0 (0 = unlimited), got -1.0", "--rate", "-1");
        refused("--grid-orientations must be >= 1, got 0", "--grid-counts", "0,2", "--grid-orientations", "0");
    }

    /** The defaults of the options refused above are not taken as given. */
    @Test
    void optionsLeftAtTheirDefaultsAreNotRefused() {
        checked("--grid-counts", "0,2", "--grid-orientations", "3", "--views", "2", "--tilt-step", "15", "--tilt-axis", "x");
        checked("--grid-counts", "0,2");
        checked("--count", "5", "--views", "3");
        checked("--from", "plan.csv", "--seed", "4");
        checked();
    }

    /** Parses a produce command line and runs its checks (no connection). */
    private static void checked(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "produce";
        System.arraycopy(args, 0, all, 1, args.length);
        var parsed = StemCli.commandLine().parseArgs(all);
        ((RoleCommands.Produce) parsed.subcommand().commandSpec().userObject()).check();
    }
}
