package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that cannot be loaded says which file and why (DL4J's and Jackson's own messages named neither). */
class ModelLoadErrorsTest {
    private static final Path SHIPPED = Path.of("..", "models", "stem-cnn");

    @Test
    void aModelZipOfSomethingElseNamesTheFile(@TempDir Path dir) throws Exception {
        Files.copy(SHIPPED.resolve(ModelMetadata.FILE), dir.resolve(ModelMetadata.FILE));
        Files.writeString(dir.resolve(ModelMetadata.MODEL_FILE), "not a zip");
        assertThatThrownBy(() -> CnnModel.load(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir.resolve(ModelMetadata.MODEL_FILE) + ": cannot be read as a saved network "
                        + "(no network configuration or weights inside; a zip of something else?)");
    }

    @Test
    void aTruncatedModelZipNamesTheFile(@TempDir Path dir) throws Exception {
        Files.copy(SHIPPED.resolve(ModelMetadata.FILE), dir.resolve(ModelMetadata.FILE));
        byte[] zip = Files.readAllBytes(SHIPPED.resolve(ModelMetadata.MODEL_FILE));
        Files.write(dir.resolve(ModelMetadata.MODEL_FILE), Arrays.copyOf(zip, 5000));
        assertThatThrownBy(() -> CnnModel.load(dir)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(dir.resolve(ModelMetadata.MODEL_FILE) + ": cannot be read as a saved network (");
    }

    @Test
    void metadataWithoutANameSaysSoPlainly(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(SHIPPED.resolve(ModelMetadata.FILE));
        String version = ModelMetadata.read(SHIPPED.resolve(ModelMetadata.FILE)).version();
        Path file = Files.writeString(dir.resolve(ModelMetadata.FILE), shipped.replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\",", ""));
        assertThatThrownBy(() -> ModelMetadata.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": needs a name and a version, got name null, version " + version);
    }

    @Test
    void metadataThatIsNotJsonSaysWhere(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(ModelMetadata.FILE), "{\n  \"name\": stem\n}");
        assertThatThrownBy(() -> ModelMetadata.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": Unrecognized token 'stem'").hasMessageContaining("(line 2, column ");
    }

    @Test
    void aModelsFolderThatIsAFileSaysSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("models"), "x");
        assertThatThrownBy(() -> ModelFolder.best(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("models folder " + file + " is a file, not a folder");
        assertThatThrownBy(() -> ModelFolder.best(dir.resolve("nope"))).hasMessage("models folder " + dir.resolve("nope") + " does not exist");
    }
}
