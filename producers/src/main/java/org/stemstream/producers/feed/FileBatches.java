package org.stemstream.producers.feed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The feed's transactions: the files ready in a scan, in order, cut into batches of at most
 * {@link #FILES} files that end once they reach {@link #BYTES} bytes of files (so large acquisitions
 * go a few at a time: a batch's files, their frames and their records are in memory together).
 */
final class FileBatches {
    /** Files per transaction. */
    static final int FILES = 16;
    /** A batch ends once its files reach this many bytes. */
    static final long BYTES = 128L * 1024 * 1024;

    private FileBatches() {
    }

    static List<List<Path>> of(List<Path> ready, ToLongFunction<Path> size) {
        List<List<Path>> batches = new ArrayList<>();
        List<Path> batch = new ArrayList<>();
        long bytes = 0;
        for (Path file : ready) {
            batch.add(file);
            bytes += size.applyAsLong(file);
            if (batch.size() == FILES || bytes >= BYTES) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
