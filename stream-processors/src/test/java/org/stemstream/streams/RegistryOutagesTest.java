package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.serde.SchemaRegistryConfig;
import org.stemstream.schemas.serde.SchemaRegistryException;
import org.stemstream.simulator.Imaging;

/**
 * A record that fails because the schema registry is down is read again, not dead-lettered as bad
 * input; a record the registry has no schema for (404) is bad input.
 */
class RegistryOutagesTest {
    private static final ConsumerRecord<byte[], byte[]> RECORD = new ConsumerRecord<>(Topics.IMAGES_RAW.name(), 2, 7, new byte[] {1}, new byte[] {0, 0, 0, 0, 9});

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return RECORD.topic(); }
            public int partition() { return RECORD.partition(); }
            public long offset() { return RECORD.offset(); }
            public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "raw-images"; }
            public TaskId taskId() { return new TaskId(0, 2); }
            public long timestamp() { return 1000; }
            public byte[] sourceRawKey() { return RECORD.key(); }
            public byte[] sourceRawValue() { return RECORD.value(); }
        };
    }

    private static SerializationException failure(int status) {
        return new SerializationException("unknown schema id 9 on images-raw",
                new SchemaRegistryException("GET /schemas/ids/9 answered HTTP " + status, status, null));
    }

    @Test
    void anUnreachableOrFailingRegistryFailsTheThreadAndAnUnknownSchemaIsDeadLettered() {
        var handler = new RegistryOutages.Deserialization();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.NOISE_DLQ.name()));
        for (int status : new int[] {-1, 503, 401, 429}) {
            var r = handler.handleError(context(), RECORD, failure(status));
            assertThat(r.result()).as("HTTP %d", status).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
            assertThat(r.deadLetterQueueRecords()).isEmpty();
        }
        var unknown = handler.handleError(context(), RECORD, failure(404));
        assertThat(unknown.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(unknown.deadLetterQueueRecords()).singleElement()
                .satisfies(dead -> assertThat(DeadLetters.reason(dead.headers())).hasValueSatisfying(r -> assertThat(r).contains("unknown schema id 9")));
    }

    /** The production topology and configuration with a registry that answers nothing: the image stays unread, the DLQ empty. */
    @Test
    void theNoiseStageDoesNotDeadLetterImagesWhileTheRegistryIsDown() throws Exception {
        KafkaConnection mock = new KafkaConnection("unused:9092", "mock://" + UUID.randomUUID());
        byte[] image = Topics.IMAGES_RAW.valueSerde(mock.serdeConfig()).serializer().serialize(Topics.IMAGES_RAW.name(),
                NoiseTopologyTest.clean(1, ImagingParameters.newBuilder().setDose(100.0).build()));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        KafkaConnection down = new KafkaConnection("unused:9092", "http://127.0.0.1:" + closed);
        Map<String, Object> serdes = new HashMap<>(down.serdeConfig());
        serdes.put(SchemaRegistryConfig.RETRY_TIMEOUT_MS, "200");
        Properties props = StreamsApps.config(down, NoiseProcessor.APPLICATION_ID, Topics.NOISE_DLQ, 1, "/tmp/unused-" + UUID.randomUUID());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                NoiseTopology.build(props, new NoiseFunction(Imaging.defaults(), Clock.systemUTC()), serdes), props)) {
            var raw = driver.createInputTopic(Topics.IMAGES_RAW.name(), new ByteArraySerializer(), new ByteArraySerializer());
            var deadLetters = driver.createOutputTopic(Topics.NOISE_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            assertThatThrownBy(() -> raw.pipeInput("obj".getBytes(), image)).isInstanceOf(StreamsException.class)
                    .hasStackTraceContaining("cannot be reached");
            assertThat(deadLetters.isEmpty()).isTrue();
        }
    }
}
