package org.stemstream.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one line a failed command prints: the exception's message where it says what happened, and
 * otherwise words for it. java.nio's file exceptions carry only the path as their message
 * ({@code stem simulate: /x}); those say what went wrong with the path.
 */
final class FailureMessage {
    private FailureMessage() {
    }

    static String of(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof UncheckedIOException || e instanceof ExecutionException || e instanceof CompletionException)
                && e.getCause() != null) {
            e = e.getCause(); // wrappers whose message only repeats the cause's
        }
        String text = e instanceof FileSystemException f ? fileSystem(f)
                : e instanceof FileNotFoundException ? "cannot open " + e.getMessage()
                : e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() + causeOf(e)
                : onlyAPath(e.getMessage()) ? e.getClass().getSimpleName() + ": " + e.getMessage()
                : e.getMessage();
        return text.lines().findFirst().orElse(text).strip();
    }

    private static String fileSystem(FileSystemException e) {
        String what = e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "already exists"
                : e instanceof NotDirectoryException ? "not a folder"
                : e instanceof DirectoryNotEmptyException ? "folder not empty"
                : e.getClass().getSimpleName();
        String reason = e.getReason() == null || e.getReason().isBlank() ? "" : " (" + e.getReason() + ")";
        return what + ": " + e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile()) + reason;
    }

    private static String causeOf(Throwable e) {
        return e.getCause() == null || e.getCause() == e ? "" : ": " + of(e.getCause());
    }

    /** A message of one word that names a file ({@code /data/in} or {@code C:\data}) says nothing of what happened to it. */
    private static boolean onlyAPath(String message) {
        return !message.strip().contains(" ") && (message.contains("/") || message.contains("\\"));
    }
}
