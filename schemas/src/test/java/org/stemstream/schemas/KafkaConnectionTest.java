package org.stemstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void clientPropertiesFromTheEnvironmentWinInEveryClientAlike() {
        Map<String, String> props = KafkaConnection.clientPropertiesFromEnv(Map.of(
                "STEM_KAFKA_BOOTSTRAP_SERVERS", "other:9092", "STEM_KAFKA_SECURITY_PROTOCOL", "SSL", "PATH", "/bin"));
        assertThat(props).containsOnly(Map.entry("bootstrap.servers", "other:9092"), Map.entry("security.protocol", "SSL"));
        KafkaConnection kafka = new KafkaConnection("flag:9092", "mock://k", props);
        assertThat(kafka.common().getProperty("bootstrap.servers")).isEqualTo("other:9092");
        assertThat(kafka.producer("p", null).getProperty("bootstrap.servers")).isEqualTo("other:9092");
        assertThat(kafka.consumer("g", "c").getProperty("bootstrap.servers")).isEqualTo("other:9092");
    }

    @Test
    void theConsumerGroupProtocolGetsNoClientSideSessionSettings() {
        assertThat(new KafkaConnection("b:9092", "mock://k").consumer("g", "c"))
                .containsKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        var consumer = new KafkaConnection("b:9092", "mock://k", Map.of("group.protocol", "consumer")).consumer("g", "c");
        assertThat(consumer).doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        // what the client itself checks: these settings are refused under the consumer protocol
        new ConsumerConfig(withDeserializers(consumer));
    }

    private static java.util.Properties withDeserializers(java.util.Properties p) {
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        return p;
    }
}
