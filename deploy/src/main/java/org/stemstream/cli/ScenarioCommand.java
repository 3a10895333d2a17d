package org.stemstream.cli;

import java.util.concurrent.Callable;
import org.stemstream.simulator.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stem scenario show NAME} / {@code stem scenario list}. */
@Command(name = "scenario", mixinStandardHelpOptions = true, description = "Show the named scenarios and their parameters.",
        subcommands = {ScenarioCommand.Show.class, ScenarioCommand.ListNames.class})
final class ScenarioCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a scenario's parameters as JSON.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Scenario name (see 'stem scenario list').")
        String name;

        @Override
        public Integer call() throws Exception {
            System.out.println(JsonOutput.MAPPER.writeValueAsString(Scenarios.named(name).parameters()));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenario names.")
    static final class ListNames implements Callable<Integer> {
        @Override
        public Integer call() {
            Scenarios.names().forEach(System.out::println);
            return 0;
        }
    }
}
