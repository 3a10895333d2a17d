package org.stemstream.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.stemstream.schemas.serde.SchemaRegistryConfig;

/**
 * Where the cluster and the registry are, shared by every application: the bootstrap servers,
 * the registry URL and any further client properties (TLS, SASL, ...), which are handed to every
 * producer, consumer, admin client and Streams app unchanged.
 *
 * <p>Environment: {@code STEM_BOOTSTRAP_SERVERS}, {@code STEM_SCHEMA_REGISTRY_URL}; further
 * client properties as {@code STEM_KAFKA_<PROPERTY_WITH_UNDERSCORES>} (for example
 * {@code STEM_KAFKA_SECURITY_PROTOCOL=SSL}).
 */
public record KafkaConnection(String bootstrapServers, String schemaRegistryUrl, Map<String, String> clientProperties) {
    public static final String ENV_BOOTSTRAP = "STEM_BOOTSTRAP_SERVERS";
    public static final String ENV_REGISTRY = "STEM_SCHEMA_REGISTRY_URL";
    public static final String ENV_CLIENT_PREFIX = "STEM_KAFKA_";

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are required (--bootstrap-servers or " + ENV_BOOTSTRAP + ")");
        }
        if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
            throw new IllegalArgumentException("a schema registry URL is required (--schema-registry-url or " + ENV_REGISTRY + ")");
        }
        SchemaRegistryConfig.of(schemaRegistryUrl); // validates the URL
        clientProperties = Map.copyOf(clientProperties);
    }

    public KafkaConnection(String bootstrapServers, String schemaRegistryUrl) {
        this(bootstrapServers, schemaRegistryUrl, Map.of());
    }

    /** Client properties taken from {@code STEM_KAFKA_*} environment variables. */
    public static Map<String, String> clientPropertiesFromEnv(Map<String, String> env) {
        Map<String, String> props = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_CLIENT_PREFIX)) {
                props.put(k.substring(ENV_CLIENT_PREFIX.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
            }
        });
        return props;
    }

    /** Configuration for {@link Topic#valueSerde}: the registry URL plus the client properties. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return config;
    }

    /** Bootstrap servers, then the user's client properties (which win, as for producers and consumers). */
    public Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(clientProperties);
        return p;
    }

    /** An idempotent producer; pass a transactional id for exactly-once stages. */
    public Properties producer(String clientId, String transactionalId) {
        Properties p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        // An image is ~32-64 KiB: with the default 16 KiB batches every image is a batch of its own,
        // which halved the worker pool's throughput here (bench pool: ~430 -> ~790 images/s).
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        // When a partition leader's broker vanishes, batches wait for fresh metadata; the default
        // refresh (5 min) outlasts delivery.timeout.ms (2 min), and the send fails (ClusterFailoverIT).
        p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
        if (transactionalId == null) {
            // An idempotent (non-transactional) producer whose batch fails renumbers the batches
            // in flight behind it; if the failed batch was in fact written, the broker refuses
            // the renumbered one as out of order until it expires (ClusterFailoverIT: "0 (incoming
            // seq. number), 5 (current end sequence number)"). One request in flight per broker
            // leaves nothing to renumber; requests and feed images are small, so little is lost.
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        } else {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // A crashed member's open transaction blocks read_committed readers until it times out:
            // keep that short (a batch takes well under a second).
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        }
        p.putAll(clientProperties); // the user's settings win
        return p;
    }

    /** A read_committed consumer in the group, committing offsets itself (or through a transaction). */
    public Properties consumer(String groupId, String clientId) {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_MESSAGE_BYTES);
        // A crashed member's partitions move to the others after this long. Under the consumer
        // group protocol (KIP-848: group.protocol=consumer) the broker sets both, and the client
        // refuses them.
        if (!"consumer".equalsIgnoreCase(String.valueOf(clientProperties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        }
        p.putAll(clientProperties); // the user's settings win
        return p;
    }

    /** Creates the topics that do not exist yet (replication factor: the broker's default). */
    public void ensureTopics(Collection<Topic<?, ?>> topics) {
        try (Admin admin = Admin.create(common())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> t.newTopic((short) -1)).toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, f) -> {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating topic " + name, e);
                }
            });
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing topics", e);
        }
    }

    /**
     * Waits until every partition of {@code names} has a leader, so that the first producers on
     * fresh topics do not start with a round of NOT_LEADER_OR_FOLLOWER retries (seen on every
     * bench pipeline start before this wait). Once, such a start ended with a request batch unsent
     * until delivery.timeout.ms expired it; whether the retries caused that is not established.
     */
    static void awaitLeaders(Admin admin, Collection<String> names, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> waiting = new java.util.ArrayList<>();
            try {
                admin.describeTopics(names).allTopicNames().get().forEach((name, description) -> {
                    if (description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                        waiting.add(name);
                    }
                });
            } catch (ExecutionException e) {
                waiting.add(e.getCause().getMessage()); // not yet visible: ask again
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions without a leader " + timeout.toSeconds() + " s after creating them: " + waiting);
            }
            Thread.sleep(100);
        }
    }
}
