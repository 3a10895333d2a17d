package org.stemstream.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>In: a {@link Config} (ports, data folder, extra broker properties). Out: a PLAINTEXT listener
 * on 127.0.0.1 ({@link #bootstrapServers()}) for producers, consumers, admin clients and Kafka
 * Streams, transactions included (all internal topics use replication factor 1). Topics are not
 * auto-created: applications create theirs explicitly.
 *
 * <p>{@link #close()} stops the broker and deletes a temporary data folder; it is idempotent and
 * also runs from a JVM shutdown hook, so a broker is never left running.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";

    /**
     * How to start the broker.
     *
     * @param port           PLAINTEXT port, 0 for a free one
     * @param controllerPort CONTROLLER port, 0 for a free one
     * @param dataDir        the broker's log folder, kept on close; null for a temporary one, deleted on close
     * @param overrides      broker properties applied last (they win over the defaults here)
     */
    public record Config(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {

        public Config {
            checkPort("port", port);
            checkPort("controllerPort", controllerPort);
            overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
        }

        /** Free ports, a temporary data folder, no overrides. */
        public static Config defaults() {
            return new Config(0, 0, null, Map.of());
        }

        public Config withPort(int newPort) {
            return new Config(newPort, controllerPort, dataDir, overrides);
        }

        public Config withControllerPort(int newControllerPort) {
            return new Config(port, newControllerPort, dataDir, overrides);
        }

        public Config withDataDir(Path newDataDir) {
            return new Config(port, controllerPort, newDataDir, overrides);
        }

        public Config withProperty(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(overrides);
            copy.put(key, value);
            return new Config(port, controllerPort, dataDir, copy);
        }

        private static void checkPort(String name, int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException(name + " " + value + " not in [0, 65535]");
            }
        }
    }

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private final boolean deleteDataDir;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, int port, Path dataDir, boolean deleteDataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
        this.shutdownHook = new Thread(this::stop, "embedded-kafka-shutdown");
    }

    /** Starts a broker on free ports with a temporary data folder. */
    public static EmbeddedKafka start() {
        return start(Config.defaults());
    }

    /** Formats the data folder (unless already formatted) and starts the broker; returns when it is running. */
    public static EmbeddedKafka start(Config config) {
        long t0 = System.nanoTime();
        int[] ports = LocalResources.freePorts(HOST, config.port(), config.controllerPort());
        boolean temporary = config.dataDir() == null;
        Path dataDir;
        try {
            dataDir = temporary ? Files.createTempDirectory("stem-kafka-") : Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data folder " + config.dataDir(), e);
        }
        Properties props = brokerProperties(ports[0], ports[1], dataDir, config.overrides());
        KafkaRaftServer server = null;
        try {
            format(props);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
        } catch (RuntimeException e) {
            if (server != null) {
                shutdownQuietly(server);
            }
            if (temporary) {
                LocalResources.deleteRecursively(dataDir);
            }
            throw new IllegalStateException("embedded Kafka failed to start on " + HOST + ":" + ports[0]
                    + " (controller " + ports[1] + ", data " + dataDir + "): " + e.getMessage(), e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(server, ports[0], dataDir, temporary);
        Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        LOG.info("Kafka broker started at {} in {} ms (data {})",
                kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, dataDir);
        return kafka;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Hands the JVM-shutdown duty to the caller: this broker no longer stops itself from its own
     * shutdown hook, so an owner that must stop its clients first (they need the broker to close
     * cleanly) can order the shutdown itself. The owner must then call {@link #close()}.
     */
    public void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    /** Stops the broker (and deletes a temporary data folder). Safe to call more than once. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called during JVM shutdown: the hook is running or has run
        }
    }

    private void stop() {
        // KafkaRaftServer.shutdown() is not idempotent
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        shutdownQuietly(server);
        if (deleteDataDir) {
            LocalResources.deleteRecursively(dataDir);
        }
        LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The most a partition of a topic without a bound of its own keeps: its oldest segments go
     * beyond it. 1 GiB is about 60,000 raw 128 x 128 images; a reader further behind than that
     * loses the oldest. A cluster of one's own keeps its own settings.
     */
    public static final long RETENTION_BYTES = 1L << 30;
    /** Segment size: the unit in which old data is deleted. */
    public static final long SEGMENT_BYTES = 64L << 20;

    static Properties brokerProperties(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // one node: every internal topic with replication factor 1, few partitions (faster first group/transaction)
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Controlled shutdown hands partition leadership to another replica; a single node has
        // none, so the controller sets every leader to "none" while the broker still serves
        // requests. A transaction committed in that window loses its markers: Kafka 4.3/4.4's
        // coordinator reads "no leader" as "topic deleted" and skips them (KAFKA-20734), which
        // leaves the transaction open on those partitions for good and stalls read_committed
        // readers behind it (BrokerRestartIT). Without it the markers wait in the transaction
        // log and are written when the broker is back.
        p.put("controlled.shutdown.enable", "false");
        // the 128 MiB default is allocated on the heap
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        // applications create their topics explicitly
        p.put("auto.create.topics.enable", "false");
        // room for raw images; clients need max.request.size / max.partition.fetch.bytes to match
        p.put("message.max.bytes", String.valueOf(8 * 1024 * 1024));
        // where a topic's log is bounded (bench pool's raw images), old segments go within seconds,
        // not after the 5-minute check and the 1-minute delay: the pool writes 100 MB/s
        p.put("log.retention.check.interval.ms", "5000");
        p.put("log.segment.delete.delay.ms", "5000");
        // a topic without a bound of its own (the project's keep 7 days) keeps RETENTION_BYTES a partition, in
        // segments small enough to go one by one: a demo left running for hours would otherwise fill the disk
        p.put("log.retention.bytes", Long.toString(RETENTION_BYTES));
        p.put("log.segment.bytes", Long.toString(SEGMENT_BYTES));
        p.putAll(overrides);
        return p;
    }

    /**
     * StorageTool writes meta.properties; its console output is captured and shown only on failure.
     * A folder that holds meta.properties already is a broker's earlier life: it is kept as it is
     * (formatting it again with a new cluster id fails; --ignore-formatted does not cover that).
     */
    private static void format(Properties props) {
        format(props, Uuid.randomUuid().toString());
    }

    /** Formats the folder for cluster {@code clusterId} (all nodes of a cluster share it), unless formatted already. */
    static void format(Properties props, String clusterId) {
        if (Files.isRegularFile(Path.of(props.getProperty("log.dirs")).resolve("meta.properties"))) {
            return;
        }
        Path cfg = null;
        try {
            cfg = Files.createTempFile("stem-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(cfg)) {
                props.store(out, "embedded Kafka");
            }
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            int rc;
            try (PrintStream ps = new PrintStream(console, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(new String[] {"format", "-t", clusterId,
                        "-c", cfg.toString(), "--ignore-formatted"}, ps);
            }
            if (rc != 0) {
                throw new IllegalStateException("kafka-storage format exited with " + rc + ": "
                        + console.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration", e);
        } catch (Exception e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("kafka-storage format failed: " + e.getMessage(), e);
        } finally {
            if (cfg != null) {
                LocalResources.deleteRecursively(cfg);
            }
        }
    }

    static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka broker shutdown failed: {}", e.toString());
        }
    }
}
