package org.stemstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topics;

/**
 * The handler on its own: a record the producer rejects (too large, which TopologyTestDriver's
 * producer never does) becomes a dead letter and the app resumes. The serialization path runs
 * through the real topology in {@code AugmentTopologyTest}.
 */
class ContinueProductionExceptionHandlerTest {
    private final ContinueProductionExceptionHandler handler = new ContinueProductionExceptionHandler();
    private final ProducerRecord<byte[], byte[]> output = new ProducerRecord<>(Topics.IMAGES_READY.name(), new byte[] {1}, new byte[] {2});

    ContinueProductionExceptionHandlerTest() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.AUGMENT_DLQ.name()));
    }

    private static ErrorHandlerContext input(byte[] key, byte[] value) {
        Headers headers = new RecordHeaders().add("trace", new byte[] {9});
        return new ErrorHandlerContext() {
            public String topic() { return Topics.IMAGES_NOISY.name(); }
            public int partition() { return 3; }
            public long offset() { return 42; }
            public Headers headers() { return headers; }
            public String processorNodeId() { return "ready-images"; }
            public TaskId taskId() { return new TaskId(0, 3); }
            public long timestamp() { return 1000; }
            public byte[] sourceRawKey() { return key; }
            public byte[] sourceRawValue() { return value; }
        };
    }

    @Test
    void aRejectedRecordBecomesADeadLetterWithTheInputBytesAndTheAppResumes() {
        Response r = handler.handleError(input("obj".getBytes(), new byte[] {7, 7}), output, new RecordTooLargeException("too big"));
        assertThat(r.result()).isEqualTo(Result.RESUME);
        assertThat(r.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(Topics.AUGMENT_DLQ.name());
            assertThat(dead.key()).isEqualTo("obj".getBytes());
            assertThat(dead.value()).containsExactly(7, 7);
            assertThat(dead.headers().lastHeader("trace").value()).containsExactly(9);
            assertThat(DeadLetters.reason(dead.headers())).contains("too big");
            assertThat(DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION)).contains(RecordTooLargeException.class.getName());
            assertThat(DeadLetters.header(dead.headers(), DeadLetters.TOPIC)).contains(Topics.IMAGES_NOISY.name());
            assertThat(DeadLetters.header(dead.headers(), DeadLetters.PARTITION)).contains("3");
            assertThat(DeadLetters.header(dead.headers(), DeadLetters.OFFSET)).contains("42");
        });
    }

    @Test
    void retriableErrorsAreRetried() {
        Response r = handler.handleError(input(null, new byte[1]), output, new NotEnoughReplicasException("wait"));
        assertThat(r.result()).isEqualTo(Result.RETRY);
    }

    @Test
    void anInputTooLargeForTheDeadLetterTopicKeepsItsKeyAndHeadersOnly() {
        byte[] huge = new byte[ContinueProductionExceptionHandler.MAX_DEAD_LETTER_VALUE_BYTES + 1];
        Response r = handler.handleSerializationError(input("obj".getBytes(), huge), output, new IllegalStateException("no"),
                SerializationExceptionOrigin.VALUE);
        assertThat(r.result()).isEqualTo(Result.RESUME);
        assertThat(r.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.key()).isEqualTo("obj".getBytes());
            assertThat(dead.value()).isNull();
            assertThat(DeadLetters.reason(dead.headers())).contains("no");
        });
    }

    @Test
    void anOutputThatCannotBeSerializedWhileTheRegistryIsDownFailsTheThreadSoTheInputIsReadAgain() {
        var down = new org.apache.kafka.common.errors.SerializationException("no schema id for subject images-ready-value",
                new org.stemstream.schemas.serde.SchemaRegistryException("cannot be reached", -1, null));
        Response r = handler.handleSerializationError(input("obj".getBytes(), new byte[] {7}), output, down, SerializationExceptionOrigin.VALUE);
        assertThat(r.result()).isEqualTo(Result.FAIL);
        assertThat(r.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void everyAppUsesIt() {
        var props = StreamsApps.config(new KafkaConnection("unused:9092", "mock://x"), Topics.FUSE_APP,
                Topics.FUSE_DLQ, 1, "/tmp/unused");
        assertThat(props.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(ContinueProductionExceptionHandler.class);
    }
}
