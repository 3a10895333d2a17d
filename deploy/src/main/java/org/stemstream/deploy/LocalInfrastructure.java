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

    private LocalInfrastructure(EmbeddedKafka kafka, LocalSchemaRegistry registry, KafkaConnection connection) {
        this.kafka = kafka;
        this.registry = registry;
        this.connection = connection;
    }

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
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
