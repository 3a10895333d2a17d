package org.stemstream.consumers.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingModelTest {

    /** An untrained network with metadata: enough to load, swap and predict. */
    static void writeModel(Path dir, String version) throws IOException {
        Preprocessing pre = Preprocessing.unnormalised(16, 2, "sqrt");
        ModelMetadata metadata = new ModelMetadata("test-net", version, 16, 16, pre, List.of(
                new ModelMetadata.TaskHead("T1", MultiTaskNet.T1, List.of("not-deformed", "deformed"))), Map.of());
        new CnnModel(MultiTaskNet.build(pre.outputSize(), new int[] {2}, 1, false, 1e-3, 1, 1), metadata).save(dir);
    }

    @Test
    void versionsCompareNumberByNumber() {
        assertThat(ModelFolder.compareVersions("1.10", "1.9")).isPositive();
        assertThat(ModelFolder.compareVersions("2", "1.9.9")).isPositive();
        assertThat(ModelFolder.compareVersions("1.0", "1")).isZero();
        assertThat(ModelFolder.compareVersions("1", "1.1")).isNegative();
        assertThat(ModelFolder.compareVersions("v10", "v9")).as("numbers inside a part").isPositive();
        assertThat(ModelFolder.compareVersions("stem-cnn-10", "stem-cnn-9")).isPositive();
        assertThat(ModelFolder.compareVersions("1.0-rc1", "1.0")).as("a pre-release").isNegative();
        assertThat(ModelFolder.compareVersions("1.0", "1.0-SNAPSHOT")).isPositive();
        assertThat(ModelFolder.compareVersions("1.0-rc2", "1.0-rc10")).isNegative();
        assertThat(ModelFolder.compareVersions("1.0.1", "1.0")).isPositive();
        assertThat(ModelFolder.compareVersions("2", "1.0-rc1")).isPositive();
        assertThat(ModelFolder.compareVersions("1.0.0", "1")).isZero();
        assertThat(ModelFolder.compareVersions("18446744073709551617", "18446744073709551616")).as("beyond a long").isPositive();
    }

    @Test
    void metadataWithoutAVersionIsRejectedAndLaterScansStillWork(@TempDir Path models) throws Exception {
        writeModel(models.resolve("a"), "1");
        try (ReloadingModel model = new ReloadingModel(models, Duration.ofHours(1), new SimpleMeterRegistry())) {
            Path noVersion = models.resolve("b");
            writeModel(noVersion, "2");
            Path meta = noVersion.resolve(ModelMetadata.FILE);
            Files.writeString(meta, Files.readString(meta).replace("\"version\"", "\"versoin\""));
            assertThat(model.scan()).as("metadata without a version").isFalse();
            assertThat(model.version()).isEqualTo("1");

            writeModel(models.resolve("c"), "3");
            assertThat(model.scan()).as("a good model dropped in later").isTrue();
            assertThat(model.version()).isEqualTo("3");
        }
    }

    @Test
    void aHalfCopiedModelIsSkippedAndLoadedOnceTheCopyCompletes(@TempDir Path models) throws Exception {
        writeModel(models.resolve("a"), "1");
        try (ReloadingModel model = new ReloadingModel(models, Duration.ofHours(1), new SimpleMeterRegistry())) {
            Path b = models.resolve("b");
            writeModel(b, "2");
            byte[] complete = Files.readAllBytes(b.resolve(ModelMetadata.MODEL_FILE));
            Files.write(b.resolve(ModelMetadata.MODEL_FILE), java.util.Arrays.copyOf(complete, complete.length / 2)); // half copied
            assertThat(model.scan()).as("half a model").isFalse();
            Files.write(b.resolve(ModelMetadata.MODEL_FILE), complete); // the copy completes
            Files.setLastModifiedTime(b.resolve(ModelMetadata.MODEL_FILE), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            assertThat(model.scan()).as("the completed copy").isTrue();
            assertThat(model.version()).isEqualTo("2");
        }
    }

    @Test
    void aHigherVersionDroppedInIsSwappedInAndABrokenOneIsSkipped(@TempDir Path models) throws Exception {
        writeModel(models.resolve("a"), "1");
        try (ReloadingModel model = new ReloadingModel(models, Duration.ofHours(1), new SimpleMeterRegistry())) {
            assertThat(model.version()).isEqualTo("1");
            assertThat(model.scan()).as("nothing new").isFalse();

            writeModel(models.resolve("b"), "1.10");
            writeModel(models.resolve("c"), "1.9");
            CnnModel before = model.current();
            assertThat(model.scan()).isTrue();
            assertThat(model.version()).isEqualTo("1.10");
            assertThat(model.current()).isNotSameAs(before);

            Path broken = models.resolve("d");
            writeModel(broken, "2");
            Files.write(broken.resolve(ModelMetadata.MODEL_FILE), new byte[] {1, 2, 3});
            assertThat(model.scan()).as("a model that cannot load").isFalse();
            assertThat(model.version()).isEqualTo("1.10");
            assertThat(model.scan()).as("not retried until its files change").isFalse();
        }
    }

    @Test
    void aFolderWithoutAModelIsAClearError(@TempDir Path empty) {
        assertThatThrownBy(() -> new ReloadingModel(empty, Duration.ofSeconds(1), new SimpleMeterRegistry()))
                .hasMessageContaining("no model in " + empty);
    }
}
