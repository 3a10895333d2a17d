package org.stemstream.producers.feed;

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
        Headers extra = new RecordHeaders();
        extra.add(IMAGE_ID, imageId.getBytes(StandardCharsets.UTF_8));
        extra.add(FILE_SIZE, Long.toString(fileSize).getBytes(StandardCharsets.UTF_8));
        if (sidecar != null) {
            extra.add(SIDECAR, sidecar.length > Sidecar.MAX_BYTES ? Arrays.copyOf(sidecar, Sidecar.MAX_BYTES) : sidecar);
        }
        return DeadLetters.of(dlq, fileName.getBytes(StandardCharsets.UTF_8), value, extra, folder, -1, -1L, reason, error);
    }
}
