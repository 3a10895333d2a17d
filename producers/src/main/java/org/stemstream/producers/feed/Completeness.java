package org.stemstream.producers.feed;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides when a dropped image is completely written, by the stable-size convention: the image
 * (and its sidecar, if any) must show the same size and modification time on scans spanning at
 * least the quiet period. Empty images are never complete (acquisition software often creates
 * the file before the scan ends). Software that writes under a temporary name (for example
 * {@code x.tif.part}) and renames when done is always safe; software that pauses writing for
 * longer than the quiet period is not, so choose the poll interval accordingly. Not thread-safe:
 * the feed's one thread owns it.
 */
public final class Completeness {

    /** What a scan sees of one image; sidecar fields are -1 when there is no sidecar. */
    public record FileState(long size, long modifiedMillis, long sidecarSize, long sidecarModifiedMillis) {
        public FileState(long size, long modifiedMillis) {
            this(size, modifiedMillis, -1, -1);
        }
    }

    private record Seen(FileState state, long sinceMillis) {
    }

    private final long quietMillis;
    private final Map<Path, Seen> seen = new HashMap<>();

    public Completeness(long quietMillis) {
        if (quietMillis < 0) {
            throw new IllegalArgumentException("quiet period must be >= 0 ms, got " + quietMillis);
        }
        this.quietMillis = quietMillis;
    }

    /** Records what a scan saw of {@code file}; true once it has not changed for the quiet period. */
    public boolean isComplete(Path file, FileState state, long nowMillis) {
        Seen before = seen.get(file);
        if (before == null || !before.state().equals(state)) {
            seen.put(file, new Seen(state, nowMillis));
            return false;
        }
        return state.size() > 0 && nowMillis - before.sinceMillis() >= quietMillis;
    }

    /** Forgets files that are gone (sent, moved away or deleted), so that a new file of that name starts afresh. */
    public void retainOnly(Set<Path> present) {
        seen.keySet().retainAll(present);
    }

    public void forget(Path file) {
        seen.remove(file);
    }
}
