package org.stemstream.streams;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.stemstream.schemas.KafkaConnection;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;

/** The Streams configuration every stem-stream Streams app shares. */
public final class StreamsApps {
    private StreamsApps() {
    }

    /**
     * exactly_once_v2; bad input (undeserializable, failing in processing, or whose output cannot
     * be serialized or written) is logged, written to the app's dead-letter topic (KIP-1034:
     * original bytes plus error headers) and skipped, so the app keeps running.
     */
    public static Properties config(KafkaConnection connection, String applicationId, Topic<byte[], byte[]> deadLetters,
                                    int threads, String stateDir) {
        Properties p = connection.common();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        // Under exactly-once a record is visible downstream only once its transaction commits:
        // the commit interval is the latency each Streams hop adds, half of it on average. 50 ms
        // (Kafka's default under exactly_once_v2 is 100) halved the two hops' median here, and a
        // warm commit costs ~10 ms. STEM_KAFKA_COMMIT_INTERVAL_MS overrides it.
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50"); // common() holds the user's setting, if any
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RegistryOutages.Deserialization.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RegistryOutages.Processing.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ContinueProductionExceptionHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetters.name());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_MESSAGE_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // images are tens of KiB: 16 KiB default batches would carry one image each (see KafkaConnection)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 1024 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), Topics.MAX_MESSAGE_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }
}
