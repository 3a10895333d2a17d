package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What --help says: every option described, every environment variable it reads named. */
class HelpTextTest {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

    @Test
    void everyOptionOfEveryCommandHasADescription() {
        List<String> undescribed = new ArrayList<>();
        for (CommandLine c : commands()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (String.join("", o.description()).isBlank()) {
                    undescribed.add(c.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyEnvironmentVariableAnOptionReadsIsNamedInItsHelp() {
        List<String> unnamed = new ArrayList<>();
        for (CommandLine c : commands()) {
            c.getCommandSpec().interpolateVariables(false); // the ${env:...} expressions as written
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.defaultValue() == null) {
                    continue;
                }
                Matcher m = ENV.matcher(o.defaultValue());
                while (m.find()) {
                    if (!String.join(" ", o.description()).contains("env " + m.group(1))) {
                        unnamed.add(c.getCommandSpec().qualifiedName() + " " + o.longestName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(unnamed).isEmpty();
    }

    @Test
    void theLaunchersHelpNamesTheVariablesNoOptionReads() {
        assertThat(StemCli.commandLine().getUsageMessage()).contains("STEM_LOG_LEVEL").contains("STEM_KAFKA_").contains("STEM_HTTP_BIND");
    }

    @Test
    void theRolesConnectionHelpDoesNotTalkAboutTheDemo() {
        String noise = StemCli.commandLine().getSubcommands().get("noise").getUsageMessage().replaceAll("\\s+", " ");
        assertThat(noise).doesNotContain("Demo: unset").contains("Required by the pipeline roles");
    }

    @Test
    void ttaHelpStatesTheShippedModelsGains() {
        CommandLine cli = StemCli.commandLine();
        for (String command : new String[] {"classify", "evaluate", "demo", "predict"}) {
            String help = cli.getSubcommands().get(command).getUsageMessage().replaceAll("\\s+", " ");
            assertThat(help).as(command).contains("Version 8 (4 variants) gained").contains("T1 +0.65, T2 +3.3, T3 +3.5")
                    .contains("--orient canonical), as the shipped one's is: each image is then scored once");
        }
    }

    @Test
    void feedHelpListsTheSidecarsKeys() {
        String help = StemCli.commandLine().getSubcommands().get("feed").getUsageMessage();
        for (String key : new String[] {"pixelSizeNm", "dose", "e/A^2", "sampleId", "objectId", "countsPerNmGold"}) {
            assertThat(help).contains(key);
        }
    }

    static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        ArrayDeque<CommandLine> todo = new ArrayDeque<>(List.of(StemCli.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            all.add(c);
            todo.addAll(c.getSubcommands().values());
        }
        return all;
    }
}
