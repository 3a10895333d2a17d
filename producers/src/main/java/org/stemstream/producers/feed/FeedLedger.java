package org.stemstream.producers.feed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's durable memory of what it has published, so that a restart never sends a file twice.
 * An append-only text file ({@code <folder>/.feed-ledger}), fsynced after every append, one
 * tab-separated line per event:
 *
 * <pre>
 * P  imageId  outcome  topic  partition  offset  fileName   published in a transaction not yet known to be committed
 * C  imageId  outcome  fileName                             that transaction committed
 * A  imageId                                                that transaction aborted
 * I  imageId  imageOnlyId                                   an image with a sidecar: its id without the sidecar
 * D  imageId                                                its files have left the folder (images with a sidecar only)
 * </pre>
 *
 * {@code outcome} is {@link Outcome#SENT} (an image on {@code images-raw}) or {@link Outcome#FAILED}
 * (a dead letter). A P line without its C or A line is what a crash between produce and commit
 * leaves; the feed settles it at start-up by reading the record back at its topic, partition and
 * offset ({@link AcquisitionFeed}). A torn last line (crash mid-append) is skipped. The ledger
 * holds an exclusive file lock while open: two feeds on one folder refuse to run together.
 *
 * <p>An I line goes, in the same append, just before the P line of an image that has a sidecar
 * ({@code imageOnlyId} is the id that image has without it). A sidecar leaves the folder before its
 * image ({@link FeedFolder}), so a crash or a failed move between the two leaves the image alone,
 * with that id: from its C line to its D line the ledger knows the image by it too
 * ({@link #known}), and the feed moves it on without publishing it again. A D line lost to a crash
 * just after the move keeps that id known: at worst a later copy of just that image, without its
 * sidecar, counts as a duplicate. The ledger grows by about 100 bytes per file (200 with a
 * sidecar); the ids of a year at one image per second fit in memory.
 *
 * <p>P, C and A lines keep the fields of the first ledgers, and what was added since has lines of
 * its own: a feed of an older version, rolled back to, skips I and D lines with a warning each and
 * still knows every file this version published or dead-lettered, and every transaction it left
 * open. New information goes on new line types, never in new fields of these three, which older
 * readers would skip whole. What an older feed cannot know is an image that a crash left without
 * its sidecar: it would publish that image again.
 */
public final class FeedLedger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedLedger.class);
    public static final String FILE_NAME = ".feed-ledger";

    public enum Outcome { SENT, FAILED }

    /**
     * A record produced in the open transaction, where it can be found again.
     *
     * @param imageOnlyId the id of the image without its sidecar; {@code imageId} when it has none
     */
    public record Entry(String imageId, Outcome outcome, String topic, int partition, long offset, String fileName, String imageOnlyId) {
        /** An image without a sidecar. */
        public Entry(String imageId, Outcome outcome, String topic, int partition, long offset, String fileName) {
            this(imageId, outcome, topic, partition, offset, fileName, imageId);
        }
    }

    /**
     * A file a committed transaction carried: by its id, or ({@code sidecarGone}) by the id of an
     * image whose sidecar has left the folder ahead of it.
     */
    public record Known(String imageId, Outcome outcome, boolean sidecarGone) {
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, Outcome> committed = new HashMap<>();
    private final Map<String, Entry> unresolved = new LinkedHashMap<>();
    /** Image id to image-only id, from I line to P line (then the unresolved entry carries it). */
    private final Map<String, String> imageOnlyIds = new HashMap<>();
    /** Image-only id to image id, from C line to D line, of images with a sidecar. */
    private final Map<String, String> unmoved = new HashMap<>();

    private FeedLedger(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Opens (or creates) the ledger, locks it and loads it; fails if another feed holds it. */
    public static FeedLedger open(Path file) throws IOException {
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another feed is running on " + file.getParent() + " (it holds " + file + ")");
        }
        FeedLedger ledger = new FeedLedger(file, channel, lock);
        try {
            ledger.load();
            if (created) {
                syncDirectory(file.toAbsolutePath().getParent());
            }
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
        return ledger;
    }

    private void load() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isEmpty() && !apply(lines[i])) {
                log.warn("{} line {} is not a ledger line, skipped: {}", file, i + 1, lines[i]);
            }
        }
        channel.position(channel.size());
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            append("\n"); // a torn last line must not swallow the next one
        }
    }

    private boolean apply(String line) {
        String[] f = line.split("\t", -1);
        try {
            switch (f[0]) {
                case "P" -> {
                    if (f.length != 7) {
                        return false;
                    }
                    unresolved.put(f[1], new Entry(f[1], Outcome.valueOf(f[2]), f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]), f[6],
                            imageOnlyIds.getOrDefault(f[1], f[1])));
                    imageOnlyIds.remove(f[1]);
                }
                case "C" -> {
                    if (f.length != 4) {
                        return false;
                    }
                    Entry published = unresolved.get(f[1]); // which carries the image-only id of its I line
                    commit(f[1], Outcome.valueOf(f[2]), published == null ? f[1] : published.imageOnlyId());
                }
                case "A" -> {
                    if (f.length != 2) {
                        return false;
                    }
                    unresolved.remove(f[1]);
                }
                case "I" -> {
                    if (f.length != 3) {
                        return false;
                    }
                    imageOnlyIds.put(f[1], f[2]);
                }
                case "D" -> {
                    if (f.length != 2) {
                        return false;
                    }
                    unmoved.values().removeIf(f[1]::equals);
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void commit(String imageId, Outcome outcome, String imageOnlyId) {
        committed.put(imageId, outcome);
        unresolved.remove(imageId);
        if (!imageOnlyId.equals(imageId)) {
            unmoved.put(imageOnlyId, imageId);
        }
    }

    /** What became of this image id, if a committed transaction carried it. */
    public Optional<Outcome> outcome(String imageId) {
        return Optional.ofNullable(committed.get(imageId));
    }

    /**
     * What became of a file, if a committed transaction carried it: known by its id, or, until
     * {@link #moved}, as the image of a file whose sidecar has left the folder ahead of it (a
     * sidecar beside it now is another one).
     */
    public Optional<Known> known(String imageId, String imageOnlyId) {
        Outcome outcome = committed.get(imageId);
        if (outcome != null) {
            return Optional.of(new Known(imageId, outcome, false));
        }
        String moving = unmoved.get(imageOnlyId);
        return moving == null ? Optional.empty() : Optional.of(new Known(moving, committed.get(moving), true));
    }

    /** Records published in transactions whose fate this ledger does not know (after a crash). */
    public List<Entry> unresolved() {
        return List.copyOf(unresolved.values());
    }

    public int size() {
        return committed.size();
    }

    /** Before the commit: where each record of the transaction went (and the image-only ids of those with a sidecar). */
    public void published(Collection<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!e.imageOnlyId().equals(e.imageId())) {
                // before its P line: a P line that made it to disk always has its I line
                sb.append("I\t").append(e.imageId()).append('\t').append(e.imageOnlyId()).append('\n');
            }
            sb.append("P\t").append(e.imageId()).append('\t').append(e.outcome()).append('\t').append(e.topic()).append('\t')
                    .append(e.partition()).append('\t').append(e.offset()).append('\t').append(clean(e.fileName())).append('\n');
        }
        append(sb.toString());
        entries.forEach(e -> unresolved.put(e.imageId(), e));
    }

    /** After the commit: these are sent (or dead-lettered) for good. */
    public void committed(Collection<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append("C\t").append(e.imageId()).append('\t').append(e.outcome()).append('\t').append(clean(e.fileName())).append('\n');
        }
        append(sb.toString());
        entries.forEach(e -> commit(e.imageId(), e.outcome(), e.imageOnlyId()));
    }

    /** After an abort: these were never visible; their files will be published again. */
    public void aborted(Collection<Entry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append("A\t").append(e.imageId()).append('\n'));
        append(sb.toString());
        entries.forEach(e -> unresolved.remove(e.imageId()));
    }

    /** After the move: these images (and their sidecars) have left the folder; ids the ledger is not waiting for are skipped. */
    /**
     * Asks Kafka ({@code check}) whether each of these open entries' transactions committed, and
     * records the answers; returns the committed ones.
     */
    List<Entry> settle(List<Entry> open, CommitCheck check) throws IOException {
        List<Entry> committed = new ArrayList<>();
        List<Entry> aborted = new ArrayList<>();
        for (Entry e : open) {
            (check.isCommitted(e.topic(), e.partition(), e.offset()) ? committed : aborted).add(e);
        }
        committed(committed);
        aborted(aborted);
        return committed;
    }

    public void moved(Collection<String> imageIds) throws IOException {
        List<String> gone = imageIds.stream().filter(unmoved::containsValue).toList();
        StringBuilder sb = new StringBuilder();
        gone.forEach(id -> sb.append("D\t").append(id).append('\n'));
        append(sb.toString());
        unmoved.values().removeAll(gone);
    }

    private void append(String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    /** File names are informational here; tabs and line breaks would break the format. */
    private static String clean(String name) {
        return name.replace('\t', '?').replace('\n', '?').replace('\r', '?');
    }

    /** Makes a new file's directory entry durable (Linux; a no-op where directories cannot be opened). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
