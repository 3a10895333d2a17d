package org.stemstream.producers.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.kafka.Timeouts;
import org.stemstream.producers.feed.FeedLedger.Outcome;
import org.stemstream.producers.feed.FileRecords.Outgoing;
import org.stemstream.schemas.Topics;

/**
 * Acquisition feed: publishes the images that microscope software drops into a folder.
 *
 * <p>In: image files ({@link FeedFolder#IMAGE_EXTENSIONS}) in the watched folder, each with an
 * optional {@link Sidecar} ({@code <name>.json}). Out: {@code images-raw} (source ACQUIRED, no
 * truth; key = object id; a stack's frames a record each; see {@link AcquiredImages}); files that
 * can never be published to {@code feed-dlq} with the reason ({@link FeedDeadLetters},
 * {@link FileRecords}). Sent files move to {@code sent/}, rejected ones to {@code failed/}.
 *
 * <p>Finding files: a WatchService wakes the feed early, and a rescan every poll interval is the
 * source of truth (watch events are lost on network and some container filesystems). A file is
 * taken once it and its sidecar are unchanged for one poll interval ({@link Completeness}); the
 * sidecar must therefore be written before or together with its image.
 *
 * <p>Exactly once across restarts: up to {@value FileBatches#FILES} files per Kafka transaction
 * (transactional id {@code feed-<hash of the folder's real path>}, so a restarted feed fences and
 * finishes its predecessor's transaction). Image ids are deterministic (file name, size, SHA-256
 * of image and sidecar). Before the commit the {@link FeedLedger} records where each record went,
 * after it that the transaction committed, and only then are the files moved. A file found in the
 * folder whose id the ledger knows is not published again but moved (a duplicate, counted in
 * {@link #duplicates()}): this covers a crash between commit and move, files copied back, and an
 * image left alone by a crash between moving its sidecar and itself ({@link FeedFolder}). A
 * crash between produce and commit leaves open ledger entries, which start-up settles by reading
 * each record back read_committed. Transient troubles (unreadable for now, broker or registry
 * down) leave the file in place for the next scan; only a file's own content sends it to the DLQ.
 * The ledger's file lock keeps a second feed off the same folder.
 */
public final class AcquisitionFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AcquisitionFeed.class);
    public static final String STAGE = Topics.FEED_APP;

    private final FeedConfig config;
    private final FeedFolder folder;
    private final FeedLedger ledger;
    private final DoneFiles done;
    private final String transactionalId;
    private final Producer<byte[], byte[]> producer;
    private final FileRecords records;
    private final CommitCheck commitCheck;
    private final Clock clock;
    private final Completeness completeness;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean started = new AtomicBoolean(false);
    private final AtomicBoolean closed = new AtomicBoolean(false);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong imagesSent = new AtomicLong();
    private final AtomicLong stacksSent = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile FolderWatch watch;
    private volatile RuntimeException failure;

    /** Checks the folder, creates the done folders and locks the ledger; {@link #start()} begins watching. */
    public AcquisitionFeed(FeedConfig config) {
        this(config, new FeedFolder(config.folder(), config.sentFolder(), config.failedFolder()),
                id -> new KafkaProducer<>(config.connection().producer(id, id), new ByteArraySerializer(), new ByteArraySerializer()),
                new KafkaCommitCheck(config.connection()), Clock.systemUTC());
    }

    /** For tests: the config's folder (whose moves may crash), any transactional producer (given the transactional id) and commit check. */
    AcquisitionFeed(FeedConfig config, FeedFolder folder, Function<String, Producer<byte[], byte[]>> producers, CommitCheck commitCheck,
            Clock clock) {
        this.config = config;
        this.folder = folder;
        this.commitCheck = commitCheck;
        this.clock = clock;
        this.completeness = new Completeness(config.pollInterval().toMillis());
        this.records = new FileRecords(config, clock);
        try {
            folder.prepare();
            this.transactionalId = STAGE + "-" + HexFormat.of().formatHex(AcquiredImages.sha256()
                    .digest(config.folder().toRealPath().toString().getBytes(StandardCharsets.UTF_8)), 0, 6);
            this.ledger = FeedLedger.open(config.folder().resolve(FeedLedger.FILE_NAME));
            this.done = new DoneFiles(folder, ledger, transactionalId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare watched folder " + config.folder() + ": " + e.getMessage(), e);
        }
        try {
            this.producer = producers.apply(transactionalId);
        } catch (RuntimeException e) {
            closeQuietly(ledger);
            throw e;
        }
        this.thread = new Thread(this::run, transactionalId);
    }

    public AcquisitionFeed start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("feed on " + config.folder() + " already started");
        }
        thread.start();
        return this;
    }

    private void run() {
        try {
            initialize();
            watch = FolderWatch.open(config.folder(), config.pollInterval());
            log.info("feed {} watches {} (ledger: {} files)", transactionalId, config.folder().toAbsolutePath(), ledger.size());
            while (running.get()) {
                scanOnce();
                watch.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            // an Error (out of memory) too: unreported, the process would run on with a feed that publishes nothing
            failure = e instanceof RuntimeException r ? r
                    : e instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException("feed stopped by " + e, e);
            log.error("feed {} stops: {}", transactionalId, e.toString(), e);
        } finally {
            closeResources();
            stopped.countDown();
        }
    }

    /** Waits for the transaction coordinator, then settles what an interrupted run left open. */
    void initialize() throws IOException {
        while (true) {
            if (!running.get()) {
                return;
            }
            try {
                producer.initTransactions();
                break;
            } catch (TimeoutException e) {
                log.warn("feed {}: transaction coordinator not ready yet ({}), retrying", transactionalId, e.getMessage());
            }
        }
        List<FeedLedger.Entry> open = ledger.unresolved();
        if (!open.isEmpty()) {
            List<FeedLedger.Entry> done = ledger.settle(open, commitCheck);
            log.info("feed {}: settled {} ledger entries of an interrupted run: {} committed, the rest aborted", transactionalId,
                    open.size(), done.size());
        }
    }

    /** One pass over the folder: every complete file is published, dead-lettered or recognised as a duplicate. */
    void scanOnce() throws IOException {
        Map<Path, Completeness.FileState> files;
        try {
            files = folder.scan();
        } catch (IOException e) {
            log.warn("feed {}: cannot list {} ({}); trying again", transactionalId, config.folder(), e.toString());
            return;
        }
        completeness.retainOnly(files.keySet());
        long now = clock.millis();
        List<Path> ready = files.entrySet().stream().filter(e -> completeness.isComplete(e.getKey(), e.getValue(), now))
                .map(Map.Entry::getKey).toList();
        for (List<Path> batch : FileBatches.of(ready, f -> files.get(f).size())) {
            if (running.get()) { // closing: the rest wait for the next start
                publish(batch);
            }
        }
    }

    private void publish(List<Path> batch) throws IOException {
        List<Outgoing> out = new ArrayList<>();
        try {
            for (Path image : batch) {
                prepare(image).ifPresent(out::add);
            }
        } catch (SerializationException e) {
            log.warn("feed {}: cannot serialize images now ({}); trying again", transactionalId, e.getMessage());
            return;
        }
        if (out.isEmpty()) {
            return;
        }
        List<FeedLedger.Entry> entries = new ArrayList<>();
        try {
            producer.beginTransaction();
            // a stack's frames all go in this transaction; the ledger knows the file by its first
            List<List<Future<RecordMetadata>>> acks = out.stream().map(o -> o.records().stream().map(producer::send).toList()).toList();
            producer.flush();
            for (int i = 0; i < out.size(); i++) {
                RecordMetadata m = acks.get(i).get(0).get();
                for (Future<RecordMetadata> frame : acks.get(i)) {
                    frame.get(); // a frame that failed fails the file's transaction
                }
                Outgoing o = out.get(i);
                entries.add(new FeedLedger.Entry(o.file().imageId(), o.outcome(), m.topic(), m.partition(), m.offset(), o.file().name(),
                        o.file().imageOnlyId()));
            }
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException | ExecutionException e) {
            log.warn("feed {}: producing {} file(s) failed ({}); aborted, trying again", transactionalId, out.size(), e.toString());
            producer.abortTransaction();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.abortTransaction();
            running.set(false);
            return;
        }
        ledger.published(entries);
        List<FeedLedger.Entry> committed = entries;
        try {
            Timeouts.untilNoTimeout("feed " + transactionalId + ": commit", producer::commitTransaction, running::get, log);
            ledger.committed(entries);
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("feed {}: commit of {} file(s) failed ({}); aborting", transactionalId, out.size(), e.toString());
            // if this fails too the feed stops, and the next start settles the ledger
            Timeouts.untilNoTimeout("feed " + transactionalId + ": abort", producer::abortTransaction, running::get, log);
            committed = ledger.settle(entries, commitCheck);
        }
        finish(out, committed.stream().map(FeedLedger.Entry::imageId).toList());
    }

    /** Reads a complete file; empty when it vanished, cannot be read just now, or is a duplicate (then moved). */
    private Optional<Outgoing> prepare(Path image) throws IOException {
        DroppedFile file;
        try {
            file = DroppedFile.read(image, FeedFolder.sidecarOf(image), AcquiredImages.MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            completeness.forget(image);
            return Optional.empty();
        } catch (IOException e) {
            log.warn("feed {}: cannot read {} now ({}); trying again", transactionalId, image, e.toString());
            return Optional.empty();
        }
        Optional<FeedLedger.Known> known = ledger.known(file.imageId(), file.imageOnlyId());
        if (known.isPresent()) {
            FeedLedger.Known k = known.get();
            duplicates.incrementAndGet();
            log.info("feed {}: {} was already {} as {}; moved without publishing", transactionalId, file.name(),
                    k.outcome() == Outcome.SENT ? "sent" : "dead-lettered", k.imageId());
            completeness.forget(image);
            done.move(List.of(DoneFiles.Done.known(image, file.sidecar(), k)));
            return Optional.empty();
        }
        return Optional.of(records.of(file));
    }

    /** After the commit: counts and moves the files whose records are now visible. */
    private void finish(List<Outgoing> out, List<String> committedIds) throws IOException {
        int images = 0;
        List<DoneFiles.Done> files = new ArrayList<>();
        for (Outgoing o : out) {
            if (!committedIds.contains(o.file().imageId())) {
                continue;
            }
            if (o.outcome() == Outcome.SENT) {
                sent.incrementAndGet();
                images += o.records().size();
                stacksSent.addAndGet(o.records().size() > 1 ? 1 : 0);
            } else {
                deadLettered.incrementAndGet();
                log.warn("feed {}: {} sent to {}: {}", transactionalId, o.file().name(), Topics.FEED_DLQ.name(), o.reason());
            }
            completeness.forget(o.file().image());
            files.add(new DoneFiles.Done(o.file().image(), o.file().sidecar(), o.file().imageId(), o.outcome()));
        }
        done.move(files);
        imagesSent.addAndGet(images);
        if (images > 0) {
            log.info("feed {}: published {} image(s) to {}", transactionalId, images, Topics.IMAGES_RAW.name());
        }
    }

    public FeedConfig config() {
        return config;
    }

    /** The producer's transactional id: {@code feed-} and a hash of the watched folder's real path. */
    public String transactionalId() {
        return transactionalId;
    }

    /** Images published (transactions committed). */
    public long sent() {
        return sent.get();
    }

    /** Files sent as stacks of several frames. */
    public long stacksSent() {
        return stacksSent.get();
    }

    /** Images published (a stack's frames each count): the records the sent files became. */
    public long imagesSent() {
        return imagesSent.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Files recognised from the ledger and moved without publishing. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Why the feed stopped on its own, if it did; null while it runs or after a clean close. */
    public RuntimeException failure() {
        return failure;
    }

    /** Stops after the transaction in hand and releases the producer and the ledger (lock). */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            awaitStopped();
            return;
        }
        FolderWatch w = watch;
        if (w != null) {
            w.close(); // wakes the feed
        }
        if (started.compareAndSet(false, true)) {
            closeResources(); // never started
            stopped.countDown();
        }
        awaitStopped();
    }

    private void awaitStopped() {
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("feed {} did not stop within 30 s", transactionalId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeResources() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        FolderWatch w = watch;
        if (w != null) {
            w.close();
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("producer close", e);
        }
        closeQuietly(ledger);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close", e);
        }
    }

    @Override
    public String toString() {
        return "AcquisitionFeed[" + transactionalId + " on " + config.folder() + ", sent " + sent + ", dead-lettered " + deadLettered
                + ", duplicates " + duplicates + "]";
    }
}
