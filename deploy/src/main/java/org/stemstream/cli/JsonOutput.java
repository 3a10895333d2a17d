package org.stemstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a command's figures as JSON (the {@code --json FILE} contract). */
final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** One object per line (JSON lines). */
    static final ObjectMapper LINES = new ObjectMapper();

    private JsonOutput() {
    }

    /**
     * Refuses a {@code --json} path the figures could not be written to, before the command's
     * work (a render, a training run) rather than after it: a folder, a parent that is a file or
     * cannot be created, a file that cannot be written. Creates the missing parent folders, as
     * {@link #write} would.
     */
    static void check(CommandSpec spec, File file) {
        if (file != null) {
            OptionChecks.writableFile(spec, "--json", file.toPath());
        }
    }

    /**
     * What the figures were measured on, for a benchmark's JSON: oneDNN's instruction set
     * ({@code cpuIsa}), the cores the JVM sees and {@code OMP_NUM_THREADS} (null when unset).
     */
    static java.util.Map<String, Object> machine(String isa) {
        java.util.Map<String, Object> machine = new java.util.LinkedHashMap<>();
        machine.put("cpuIsa", isa);
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
        return machine;
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
