package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureMessageTest {
    @Test
    void fileExceptionsSayWhatHappenedToThePath() {
        assertThat(FailureMessage.of(new NoSuchFileException("/x"))).isEqualTo("no such file or folder: /x");
        assertThat(FailureMessage.of(new AccessDeniedException("/x"))).isEqualTo("permission denied: /x");
        assertThat(FailureMessage.of(new FileAlreadyExistsException("/x"))).isEqualTo("already exists: /x");
        assertThat(FailureMessage.of(new NotDirectoryException("/x"))).isEqualTo("not a folder: /x");
        assertThat(FailureMessage.of(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo("FileSystemException: /x (Read-only file system)");
        assertThat(FailureMessage.of(new UncheckedIOException(new NoSuchFileException("/x")))).isEqualTo("no such file or folder: /x");
    }

    @Test
    void aRealMissingFileIsDescribed(@TempDir Path dir) {
        Path missing = dir.resolve("nope").resolve("a.txt");
        try {
            Files.writeString(missing, "x");
        } catch (java.io.IOException e) {
            assertThat(FailureMessage.of(e)).isEqualTo("no such file or folder: " + missing);
        }
    }

    @Test
    void messagesThatSayNothingGetTheExceptionsName() {
        assertThat(FailureMessage.of(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(FailureMessage.of(new java.io.IOException("/data/in"))).isEqualTo("IOException: /data/in");
        assertThat(FailureMessage.of(new IllegalStateException(null, new ArithmeticException("/ by zero"))))
                .isEqualTo("IllegalStateException: / by zero");
    }

    @Test
    void aClearMessageIsKeptAndCutToItsFirstLine() {
        assertThat(FailureMessage.of(new IllegalArgumentException("unknown scenario 'x'"))).isEqualTo("unknown scenario 'x'");
        assertThat(FailureMessage.of(new IllegalArgumentException("bad value\n at [Source: x; line: 1]"))).isEqualTo("bad value");
    }
}
