package org.stemstream.consumers.cnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where models live: a folder that is itself a model ({@value ModelMetadata#MODEL_FILE} plus
 * {@value ModelMetadata#FILE}), or a folder of such model folders, of which the one with the
 * highest version wins (versions compare number by number: 1.10 after 1.9; then the newer
 * metadata file). A new version is dropped in as a new subfolder, metadata written last.
 */
public final class ModelFolder {
    private ModelFolder() {
    }

    /** The model folder to load from {@code dir}, if any is complete. */
    public static Optional<Candidate> best(Path dir) throws IOException {
        if (isModel(dir)) {
            return Optional.of(Candidate.of(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("models folder " + dir + " does not exist");
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Candidate> models = children.filter(ModelFolder::isModel).map(Candidate::of).toList();
            return models.stream().max(Comparator.comparing(Candidate::version, ModelFolder::compareVersions)
                    .thenComparingLong(Candidate::modified));
        }
    }

    static boolean isModel(Path dir) {
        return Files.isRegularFile(dir.resolve(ModelMetadata.MODEL_FILE)) && Files.isRegularFile(dir.resolve(ModelMetadata.FILE));
    }

    /** Dotted versions compared part by part, numerically where both parts are numbers. */
    public static int compareVersions(String a, String b) {
        String[] pa = a.split("[.-]");
        String[] pb = b.split("[.-]");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            String x = i < pa.length ? pa[i] : "0";
            String y = i < pb.length ? pb[i] : "0";
            int c = x.matches("\\d{1,18}") && y.matches("\\d{1,18}") ? Long.compare(Long.parseLong(x), Long.parseLong(y)) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * A complete model folder, its version (from the metadata) and a fingerprint of its files: a
     * changed fingerprint means the files were replaced.
     */
    public record Candidate(Path dir, String version, long modified, String fingerprint) {
        static Candidate of(Path dir) {
            try {
                Path meta = dir.resolve(ModelMetadata.FILE);
                Path model = dir.resolve(ModelMetadata.MODEL_FILE);
                String version = ModelMetadata.read(meta).version();
                long modified = Math.max(Files.getLastModifiedTime(meta).toMillis(), Files.getLastModifiedTime(model).toMillis());
                return new Candidate(dir, version, modified, dir.toAbsolutePath() + "@" + modified + "/" + Files.size(model));
            } catch (IOException | RuntimeException e) {
                // unreadable metadata: a folder being written; it sorts last and loads once complete
                return new Candidate(dir, "", 0, dir.toAbsolutePath() + "@unreadable");
            }
        }
    }
}
