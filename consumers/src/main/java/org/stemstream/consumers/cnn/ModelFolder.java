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
        if (Files.isRegularFile(dir)) {
            throw new IOException("models folder " + dir + " is a file, not a folder: give the folder that holds "
                    + ModelMetadata.MODEL_FILE + " and " + ModelMetadata.FILE + ", or a folder of such folders");
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

    /**
     * Versions compared part by part (parts split at '.', '-', '_' and '+'), and within a part run
     * by run, numerically where both runs are digits: 1.10 after 1.9, v10 after v9, 1.0 equal to
     * 1. A version that goes on where the other ends is newer when it goes on with a number
     * (1.0.1 after 1.0) and older when it goes on with a word, a pre-release (1.0-rc1 and
     * 1.0-SNAPSHOT before 1.0).
     */
    public static int compareVersions(String a, String b) {
        String[] pa = a.split("[.\\-_+]");
        String[] pb = b.split("[.\\-_+]");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            if (i >= pa.length || i >= pb.length) {
                String rest = i < pa.length ? pa[i] : pb[i];
                int sign = i < pa.length ? 1 : -1;
                boolean number = rest.isEmpty() || Character.isDigit(rest.charAt(0));
                if (number && rest.chars().allMatch(ch -> ch == '0')) {
                    continue; // 1.0 == 1
                }
                return number ? sign : -sign;
            }
            int c = comparePart(pa[i], pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Runs of digits compared as numbers, other runs as text. */
    private static int comparePart(String x, String y) {
        java.util.regex.Matcher mx = RUN.matcher(x);
        java.util.regex.Matcher my = RUN.matcher(y);
        while (true) {
            boolean hx = mx.find();
            boolean hy = my.find();
            if (!hx || !hy) {
                return Boolean.compare(hx, hy);
            }
            String rx = mx.group();
            String ry = my.group();
            boolean dx = Character.isDigit(rx.charAt(0));
            boolean dy = Character.isDigit(ry.charAt(0));
            int c = dx && dy ? new java.math.BigInteger(rx).compareTo(new java.math.BigInteger(ry))
                    : dx != dy ? (dx ? 1 : -1) : rx.compareTo(ry);
            if (c != 0) {
                return c;
            }
        }
    }

    private static final java.util.regex.Pattern RUN = java.util.regex.Pattern.compile("\\d+|\\D+");

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
