package org.stemstream.cli;

import org.stemstream.schemas.KafkaConnection;
import picocli.CommandLine.Option;

/** Where the cluster and the registry are; shared by every command that talks to Kafka. */
public final class ConnectionOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:STEM_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env STEM_BOOTSTRAP_SERVERS). Required by the pipeline roles; demo and "
                    + "bench pool/pipeline start an embedded broker when it is unset.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            defaultValue = "${env:STEM_SCHEMA_REGISTRY_URL}",
            description = "Confluent-compatible schema registry URL (env STEM_SCHEMA_REGISTRY_URL). Required by the pipeline "
                    + "roles; demo and bench pool/pipeline start a local registry when it is unset.")
    String schemaRegistryUrl;

    java.util.Map<String, String> clientProperties() {
        return KafkaConnection.clientPropertiesFromEnv(System.getenv());
    }

    /** For role commands: both addresses are required. */
    KafkaConnection connection() {
        return new KafkaConnection(bootstrapServers, schemaRegistryUrl, clientProperties());
    }
}
