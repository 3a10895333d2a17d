package org.stemstream.producers.feed;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;

/**
 * Dead letters for files rather than consumed records: the same headers as
 * {@link DeadLetters#of} (exception, message, stack trace, topic, partition, offset), with
 * topic = the watched folder's path, partition = -1 and offset = -1 (a file has neither).
 * Key = the file name, value = the file's bytes, cut to {@link #MAX_VALUE_BYTES} (the reason then
 * says so). Extra headers: the image id, the file's full size and the sidecar's bytes, if any.
 */
public final class FeedDeadLetters {
    public static final String IMAGE_ID = "feed.image-id";
    public static final String FILE_SIZE = "feed.file-size";
    public static final String SIDECAR = "feed.sidecar";
    /** Leaves room under the record limit for the key, the headers (stack trace, sidecar) and framing. */
    public static final int MAX_VALUE_BYTES = Topics.MAX_MESSAGE_BYTES - 256 * 1024;

    private FeedDeadLetters() {
    }

    /**
     * @param head     the file's bytes, or its first bytes when it is larger than the feed reads
     * @param fileSize the file's full size
     * @param sidecar  the sidecar's bytes, or null
     */
    public static ProducerRecord<byte[], byte[]> of(Topic<byte[], byte[]> dlq, String folder, String fileName, String imageId,
                                                    byte[] head, long fileSize, byte[] sidecar, Throwable error) {
        byte[] value = head.length > MAX_VALUE_BYTES ? Arrays.copyOf(head, MAX_VALUE_BYTES) : head;
        String reason = String.valueOf(error.getMessage());
        if (value.length < fileSize) {
            reason += " (the value holds the first " + value.length + " of " + fileSize + " bytes)";
        }
        Headers headers = new RecordHeaders();
        put(headers, DeadLetters.EXCEPTION, error.getClass().getName());
        put(headers, DeadLetters.MESSAGE, reason);
        put(headers, DeadLetters.STACKTRACE, stackTrace(error));
        put(headers, DeadLetters.TOPIC, folder);
        put(headers, DeadLetters.PARTITION, "-1");
        put(headers, DeadLetters.OFFSET, "-1");
        put(headers, IMAGE_ID, imageId);
        put(headers, FILE_SIZE, Long.toString(fileSize));
        if (sidecar != null) {
            headers.add(SIDECAR, sidecar.length > Sidecar.MAX_BYTES ? Arrays.copyOf(sidecar, Sidecar.MAX_BYTES) : sidecar);
        }
        return new ProducerRecord<>(dlq.name(), null, fileName.getBytes(StandardCharsets.UTF_8), value, headers);
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() > 16_384 ? s.substring(0, 16_384) : s;
    }
}
