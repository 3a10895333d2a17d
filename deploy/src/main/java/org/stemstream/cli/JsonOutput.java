package org.stemstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a command's figures as JSON (the {@code --json FILE} contract). */
final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /**
     * Refuses a {@code --json} path the figures could not be written to, before the command's
     * work (a render, a training run) rather than after it: a folder, a parent that is a file or
     * cannot be created, a file that cannot be written. Creates the missing parent folders, as
     * {@link #write} would.
     */
    static void check(CommandSpec spec, File file) {
        if (file == null) {
            return;
        }
        Path path = file.toPath().toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw OptionChecks.invalid(spec, "--json " + file + " is a folder; give a file name");
        }
        Path existing = path.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw OptionChecks.invalid(spec, "--json " + file + " cannot be written: " + existing + " is a file, not a folder");
        }
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (Files.exists(path)) {
                if (!Files.isWritable(path)) {
                    throw new java.nio.file.AccessDeniedException(path.toString());
                }
            } else {
                Files.delete(Files.createFile(path)); // can it be created? (permissions, read-only file systems)
            }
        } catch (IOException e) {
            throw OptionChecks.invalid(spec, "--json " + file + " cannot be written: " + FailureMessage.of(e));
        }
    }

    static void write(File file, Object figures) throws IOException {
        if (file != null) {
            File parent = file.getAbsoluteFile().getParentFile();
            if (parent != null) {
                parent.mkdirs();
            }
            MAPPER.writeValue(file, figures);
        }
    }
}
