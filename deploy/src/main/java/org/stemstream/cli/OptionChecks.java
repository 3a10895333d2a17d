package org.stemstream.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that commands make before they start anything (a broker, a render, a
 * consumer), failing as a command line that does not parse fails: one line naming the option,
 * the allowed range and the value given, and exit code 2.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw invalid(spec, option + " must be >= " + min + ", got " + value);
        }
    }

    static void between(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(spec, option + " must be " + min + ".." + max + ", got " + value);
        }
    }

    static void positive(CommandSpec spec, String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw invalid(spec, option + " must be > 0, got " + value);
        }
    }

    static void nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw invalid(spec, option + " must be >= 0, got " + value);
        }
    }

    /**
     * Refuses a file path that a command's output could not be written to: a folder, a path under
     * a file, a file that cannot be created or written. Creates the missing parent folders, as
     * writing the file would.
     */
    static void writableFile(CommandSpec spec, String option, Path file) {
        Path path = file.toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw invalid(spec, option + " " + file + " is a folder; give a file name");
        }
        Path existing = path.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw invalid(spec, option + " " + file + " cannot be written: " + existing + " is a file, not a folder");
        }
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (Files.exists(path)) {
                if (!Files.isWritable(path)) {
                    throw new AccessDeniedException(path.toString());
                }
            } else {
                Files.delete(Files.createFile(path)); // can it be created? (permissions, read-only file systems)
            }
        } catch (IOException e) {
            throw invalid(spec, option + " " + file + " cannot be written: " + FailureMessage.of(e));
        }
    }

    /** Refuses a scenario name that none of the named scenarios has. */
    static void scenario(CommandSpec spec, String option, String name) {
        try {
            org.stemstream.simulator.Scenarios.named(name);
        } catch (IllegalArgumentException unknown) {
            throw invalid(spec, option + ": " + unknown.getMessage());
        }
    }

    /** Whether {@code option} was given on the command line, rather than left at its default. */
    static boolean given(CommandSpec spec, String option) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    static ParameterException invalid(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
