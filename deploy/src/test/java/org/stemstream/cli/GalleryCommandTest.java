package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryCommandTest {
    /** Before, a missing folder printed ImageIO's stack trace and "Can't create an ImageOutputStream!". */
    @Test
    void missingFoldersAreCreated(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("a").resolve("b").resolve("g.png");
        CliRun run = CliRun.of("gallery", "--seed", "3", "--out", png.toString());
        assertThat(run.code()).isZero();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(run.out()).contains("gallery written to " + png);
    }

    @Test
    void aFolderOrAPathUnderAFileIsAClearError(@TempDir Path dir) throws Exception {
        CliRun folder = CliRun.of("gallery", "--out", dir.toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.errLines()).containsExactly("stem gallery: --out " + dir + " is a folder; give a file name");

        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        CliRun underAFile = CliRun.of("gallery", "--out", file.resolve("g.png").toString());
        assertThat(underAFile.code()).isEqualTo(2);
        assertThat(underAFile.errLines()).containsExactly("stem gallery: --out " + file.resolve("g.png") + " cannot be written: "
                + file + " is a file, not a folder");
    }
}
