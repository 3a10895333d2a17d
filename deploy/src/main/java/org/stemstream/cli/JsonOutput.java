package org.stemstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;

/** Writes a command's figures as JSON (the {@code --json FILE} contract). */
final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
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
