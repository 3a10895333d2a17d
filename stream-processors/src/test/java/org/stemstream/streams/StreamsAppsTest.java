package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;

class StreamsAppsTest {
    @Test
    void commitsEvery50MsUnlessTheUserSaysOtherwise() {
        var defaults = StreamsApps.config(new KafkaConnection("localhost:9092", "http://localhost:8081"),
                Topics.NOISE_APP, Topics.NOISE_DLQ, 1, "/tmp/state");
        assertThat(defaults.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("50");
        assertThat(defaults.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);

        var overridden = StreamsApps.config(new KafkaConnection("localhost:9092", "http://localhost:8081",
                        Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200")),
                Topics.NOISE_APP, Topics.NOISE_DLQ, 1, "/tmp/state");
        assertThat(overridden.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("200");
    }
}
