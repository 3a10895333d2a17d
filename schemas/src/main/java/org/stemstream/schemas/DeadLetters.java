package org.stemstream.schemas;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records, Kafka Streams style (KIP-1034): the value and key are the original bytes,
 * untouched; the original headers are kept; the reason travels in headers. The plain consumers
 * write exactly what Streams' built-in dead-letter queue writes, so one reader handles both.
 */
public final class DeadLetters {
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    private DeadLetters() {
    }

    /** The dead-letter record for a consumed record that could not be processed. */
    public static ProducerRecord<byte[], byte[]> of(Topic<byte[], byte[]> dlq, ConsumerRecord<byte[], byte[]> source, Throwable error) {
        return of(dlq, source.key(), source.value(), source.headers(), source.topic(), source.partition(), source.offset(),
                error.getMessage() != null ? error.getMessage() : error.toString(), error);
    }

    /**
     * The dead-letter record for input that did not come from a topic (a file, say): {@code source}
     * names where it came from, partition and offset are -1 where there are none.
     */
    public static ProducerRecord<byte[], byte[]> of(Topic<byte[], byte[]> dlq, byte[] key, byte[] value, Headers original,
                                                    String source, int partition, long offset, String reason, Throwable error) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, EXCEPTION, error.getClass().getName());
        put(headers, MESSAGE, cut(reason, MAX_MESSAGE_CHARS));
        put(headers, STACKTRACE, stackTrace(error));
        put(headers, TOPIC, source);
        put(headers, PARTITION, Integer.toString(partition));
        put(headers, OFFSET, Long.toString(offset));
        return new ProducerRecord<>(dlq.name(), null, key, value, headers);
    }

    /**
     * Longest reason kept, in characters: the stack trace (itself cut at 16 KiB) repeats it, and
     * a reason of megabytes could push a dead letter of a large record over the topic's limit,
     * which under a transaction means the same batch aborted and read again for ever.
     */
    static final int MAX_MESSAGE_CHARS = 4096;

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }

    /** The reason a dead letter was written (its exception message), if the header is there. */
    public static Optional<String> reason(Headers headers) {
        return header(headers, MESSAGE);
    }

    public static Optional<String> header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The stack trace, cut at 16 KiB so that a deep one cannot push the record over its size limit. */
    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() > 16_384 ? s.substring(0, 16_384) : s;
    }
}
