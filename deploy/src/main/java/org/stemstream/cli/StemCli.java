package org.stemstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./stem} launcher: one subcommand per job and per role. */
@Command(name = "stem", mixinStandardHelpOptions = true, version = "stem-stream 0.1.0",
        description = "Simulated STEM images of nanoparticles, streamed through Kafka, classified and monitored.",
        subcommands = {DemoCommand.class, RoleCommands.Produce.class, FeedCommand.class, RoleCommands.SimulatorWorkerRole.class,
                RoleCommands.Noise.class, RoleCommands.Augment.class, RoleCommands.Classify.class, RoleCommands.Fuse.class, RoleCommands.MonitorRole.class, ScenarioCommand.class, SimulateCommand.class,
                GalleryCommand.class, BenchCommand.class, TrainCommand.class, EvaluateCommand.class})
public final class StemCli {
    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.stemstream");
        System.exit(commandLine().execute(args));
    }

    /** The launcher's command line: a failing command prints one clear line and exits with 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new StemCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof InterruptedException) {
                        cmd.getErr().println("stem " + cmd.getCommandName() + ": stopped");
                        return 130; // as a shell reports a command ended by Ctrl-C
                    }
                    cmd.getErr().println("stem " + cmd.getCommandName() + ": " + e.getMessage());
                    org.slf4j.LoggerFactory.getLogger(StemCli.class).debug("failure", e);
                    return 2;
                });
    }
}
