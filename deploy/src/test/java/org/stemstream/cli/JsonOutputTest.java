package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --json path that cannot be written fails before the command's work, not after it. */
class JsonOutputTest {
    @Test
    void aFolderOrAPathUnderAFileIsRefusedBeforeAnythingIsRendered(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("images");
        CliRun folder = CliRun.of("simulate", "--count", "2", "--out", out.toString(), "--json", dir.toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.errLines()).containsExactly("stem simulate: --json " + dir + " is a folder; give a file name");
        assertThat(out).doesNotExist();

        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        CliRun underAFile = CliRun.of("simulate", "--count", "2", "--out", out.toString(), "--json", file.resolve("f.json").toString());
        assertThat(underAFile.code()).isEqualTo(2);
        assertThat(underAFile.err()).contains("--json " + file.resolve("f.json") + " cannot be written: " + file + " is a file, not a folder");
        assertThat(out).doesNotExist();
    }

    @Test
    void everyCommandWithJsonChecksItFirst(@TempDir Path dir) {
        String folder = dir.toString();
        String[][] commands = {
            {"evaluate", "--task", "T1", "--count", "5", "--cache", dir.resolve("cache").toString(), "--json", folder},
            {"train", "--out", dir.resolve("model").toString(), "--count", "10", "--cache", dir.resolve("cache").toString(), "--json", folder},
            {"bench", "simulator", "--json", folder},
            {"bench", "classifier", "--cache", dir.resolve("cache").toString(), "--json", folder},
            {"bench", "pool", "--json", folder},
            {"bench", "pipeline", "--json", folder},
            {"demo", "--json", folder},
            {"produce", "--bootstrap-servers", "127.0.0.1:1", "--json", folder},
        };
        for (String[] args : commands) {
            CliRun run = CliRun.of(args);
            assertThat(run.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).contains("--json " + folder + " is a folder");
        }
        assertThat(dir.resolve("cache")).as("nothing rendered").doesNotExist();
        assertThat(dir.resolve("model")).doesNotExist();
    }

    @Test
    void missingParentFoldersAreCreatedAndNothingIsLeftBehind(@TempDir Path dir) {
        Path json = dir.resolve("a").resolve("b").resolve("f.json");
        JsonOutput.check(StemCli.commandLine().getSubcommands().get("simulate").getCommandSpec(), json.toFile());
        assertThat(json.getParent()).isDirectory();
        assertThat(json).doesNotExist();
    }
}
