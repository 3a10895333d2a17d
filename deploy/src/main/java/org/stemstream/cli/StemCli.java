package org.stemstream.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./stem} launcher: one subcommand per job and per role. */
@Command(name = "stem", mixinStandardHelpOptions = true, version = StemCli.VERSION,
        description = "Simulated STEM images of nanoparticles, streamed through Kafka, classified and monitored.",
        footerHeading = "%nEnvironment (besides the variables each command's help names):%n",
        footer = {"  STEM_LOG_LEVEL    level of the project's own log messages (default WARN)",
                "  STEM_KAFKA_<PROP> a Kafka client property, e.g. STEM_KAFKA_SECURITY_PROTOCOL=SSL",
                "  STEM_HTTP_BIND    address the metrics and dashboard endpoints bind to (default 127.0.0.1)",
                "  STEM_JAVA_OPTS    JVM options the ./stem launcher adds (e.g. -Xmx8g)"},
        subcommands = {DemoCommand.class, RoleCommands.Produce.class, FeedCommand.class, RoleCommands.SimulatorWorkerRole.class,
                RoleCommands.Noise.class, RoleCommands.Augment.class, RoleCommands.Classify.class, RoleCommands.Fuse.class, RoleCommands.MonitorRole.class, ScenarioCommand.class, SimulateCommand.class,
                GalleryCommand.class, BenchCommand.class, TrainCommand.class, EvaluateCommand.class, QuantizeCommand.class, PredictCommand.class, InspectCommand.class})
public final class StemCli {
    static final String VERSION = "stem-stream 0.1.0";

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.stemstream");
        System.exit(commandLine().execute(args));
    }

    /**
     * The launcher's command line: a failing command prints one clear line, named by its full
     * command ({@code stem bench classifier: ...}), and exits with 2 (130 when interrupted). Every
     * duration option reads the same forms ({@link DurationConverter}).
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StemCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    String name = cmd.getCommandSpec().qualifiedName();
                    if (e instanceof InterruptedException) {
                        cmd.getErr().println(name + ": stopped");
                        return 130; // as a shell reports a command ended by Ctrl-C
                    }
                    cmd.getErr().println(name + ": " + FailureMessage.of(e));
                    org.slf4j.LoggerFactory.getLogger(StemCli.class).debug("failure", e);
                    return 2;
                })
                .setParameterExceptionHandler(StemCli::invalidInput);
        cli.registerConverter(Duration.class, new DurationConverter());
        withVersion(cli);
        return cli;
    }

    /**
     * A command line that does not parse, or an option value out of range: one line, not the
     * whole usage (train's fills a screen above the error); picocli's suggestions for a misspelt
     * option and a pointer to the help where an option is unknown or missing.
     */
    private static int invalidInput(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + FailureMessage.of(e));
        if (e instanceof CommandLine.UnmatchedArgumentException || e instanceof CommandLine.MissingParameterException) {
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.getErr().println("See '" + name + " --help'.");
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Every subcommand's -V prints the launcher's version (picocli's own -V printed nothing there). */
    private static void withVersion(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().version(VERSION);
            withVersion(sub);
        }
    }
}
