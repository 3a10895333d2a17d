package org.stemstream.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of {@code n} combined broker-controller nodes in this JVM, for fault-injection
 * tests: replication factor {@code n} and min ISR {@code n - 1} for every topic, the offsets topic
 * and the transaction log. {@link #stop(int)} takes one node down (its clients see it vanish),
 * {@link #restart(int)} brings it back on the same ports and data.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String HOST = "127.0.0.1";

    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Properties> nodes = new ArrayList<>();
    private final KafkaRaftServer[] servers;
    private final int[] ports;
    private final Path dataDir;

    public EmbeddedKafkaCluster(int n) {
        if (n < 1 || n > 9) {
            throw new IllegalArgumentException("1..9 nodes, got " + n);
        }
        try {
            dataDir = Files.createTempDirectory("stem-kafka-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] all = new int[2 * n];
        all = LocalResources.freePorts(HOST, all);
        ports = new int[n];
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ports[i] = all[2 * i];
            voters.append(i == 0 ? "" : ",").append(i + 1).append('@').append(HOST).append(':').append(all[2 * i + 1]);
        }
        String rf = Integer.toString(n);
        String minIsr = Integer.toString(Math.max(1, n - 1));
        for (int i = 0; i < n; i++) {
            Properties p = EmbeddedKafka.brokerProperties(ports[i], all[2 * i + 1], dataDir.resolve("node-" + (i + 1)), Map.of(
                    "node.id", Integer.toString(i + 1),
                    "controller.quorum.voters", voters.toString(),
                    "default.replication.factor", rf,
                    "min.insync.replicas", minIsr,
                    "offsets.topic.replication.factor", rf,
                    "transaction.state.log.replication.factor", rf,
                    "transaction.state.log.min.isr", minIsr,
                    "share.coordinator.state.topic.replication.factor", rf,
                    "share.coordinator.state.topic.min.isr", minIsr,
                    // a node taken down (or the last ones at close) must not wait minutes for a controller's approval
                    "controlled.shutdown.enable", "false"));
            nodes.add(p);
        }
        servers = new KafkaRaftServer[n];
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int node = i;
            // every node waits for a controller quorum: start them together
            starting.add(CompletableFuture.runAsync(() -> start(node)));
        }
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the " + n + "-node cluster did not start: " + e.getMessage(), e);
        }
        LOG.info("{}-node KRaft cluster at {}", n, bootstrapServers());
    }

    private void start(int node) {
        Properties p = nodes.get(node);
        try {
            Files.createDirectories(Path.of(p.getProperty("log.dirs")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafka.format(p, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        synchronized (this) {
            servers[node] = server;
        }
    }

    public String bootstrapServers() {
        StringBuilder b = new StringBuilder();
        for (int port : ports) {
            b.append(b.length() == 0 ? "" : ",").append(HOST).append(':').append(port);
        }
        return b.toString();
    }

    /** Takes node {@code i} (0-based) down. */
    public void stop(int i) {
        KafkaRaftServer server;
        synchronized (this) {
            server = servers[i];
            servers[i] = null;
        }
        if (server != null) {
            EmbeddedKafka.shutdownQuietly(server);
        }
    }

    /** Brings node {@code i} back on its ports and data. */
    public void restart(int i) {
        if (servers[i] == null) {
            start(i);
        }
    }

    /** Stops every node at once (one by one, the last would wait for a quorum that has gone). */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            int node = i;
            stopping.add(CompletableFuture.runAsync(() -> stop(node)));
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.warn("cluster shutdown: {}", e.toString());
        }
        LocalResources.deleteRecursively(dataDir);
    }
}
