package org.stemstream.deploy;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.infra.EmbeddedKafka;
import org.stemstream.infra.LocalSchemaRegistry;
import org.stemstream.schemas.KafkaConnection;

/**
 * The cluster a run talks to: an existing one (bootstrap servers and registry URL given), or an
 * embedded KRaft broker plus the local Apicurio registry started here and stopped on close.
 */
public final class LocalInfrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final EmbeddedKafka kafka;
    private final LocalSchemaRegistry registry;
    private final KafkaConnection connection;

    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final Thread shutdownHook = new Thread(this::closeAfterOwner, "local-infrastructure-shutdown");

    private LocalInfrastructure(EmbeddedKafka kafka, LocalSchemaRegistry registry, KafkaConnection connection) {
        this.kafka = kafka;
        this.registry = registry;
        this.connection = connection;
        // JVM shutdown hooks run concurrently: if the broker stopped itself at Ctrl-C, the stages
        // still closing on it would hang. So the broker and registry wait for this owner's close()
        // (which comes after the stages'), and are forced down only if it never comes.
        if (kafka != null) {
            kafka.removeShutdownHook();
        }
        if (registry != null) {
            registry.removeShutdownHook();
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void closeAfterOwner() {
        try {
            if (!closed.await(OWNER_GRACE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("stages did not close within {}; stopping the broker and registry anyway", OWNER_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopInfrastructure();
    }

    private static final java.time.Duration OWNER_GRACE = java.time.Duration.ofSeconds(45);

    /** Uses the given cluster where both addresses are set; starts the missing pieces otherwise. */
    public static LocalInfrastructure connectOrStart(String bootstrapServers, String registryUrl, Map<String, String> clientProperties) {
        EmbeddedKafka kafka = null;
        LocalSchemaRegistry registry = null;
        try {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                kafka = EmbeddedKafka.start();
                bootstrapServers = kafka.bootstrapServers();
                log.info("embedded Kafka broker at {}", bootstrapServers);
            }
            if (registryUrl == null || registryUrl.isBlank()) {
                registry = LocalSchemaRegistry.start();
                registryUrl = registry.url();
                log.info("local schema registry at {}", registryUrl);
            }
            return new LocalInfrastructure(kafka, registry, new KafkaConnection(bootstrapServers, registryUrl, clientProperties));
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    public KafkaConnection connection() {
        return connection;
    }

    public boolean embedded() {
        return kafka != null;
    }

    @Override
    public void close() {
        stopInfrastructure();
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is waiting for us and returns now
        }
    }

    private void stopInfrastructure() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
