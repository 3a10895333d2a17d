package org.stemstream.consumers.cnn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What travels beside a saved network ({@value #FILE} next to {@value #MODEL_FILE}): its name and
 * version (stamped on every classification), the image size it expects, the preprocessing, and
 * for each task the graph output that answers it and the output's class labels (the labels of
 * {@link org.stemstream.consumers.TaskLabels}). {@code training} records how it was made.
 */
public record ModelMetadata(String name, String version, int imageWidth, int imageHeight,
                            Preprocessing preprocessing, List<TaskHead> tasks, Map<String, Object> training) {
    public static final String FILE = "metadata.json";
    public static final String MODEL_FILE = "model.zip";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One task answered by a softmax output of the graph. */
    public record TaskHead(String task, String output, List<String> classes) {
    }

    public ModelMetadata {
        tasks = List.copyOf(tasks);
        training = training == null ? Map.of() : Map.copyOf(training);
    }

    public static ModelMetadata read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), ModelMetadata.class);
    }

    public void write(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), this);
    }
}
