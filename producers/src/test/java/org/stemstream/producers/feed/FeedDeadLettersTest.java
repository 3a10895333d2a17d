package org.stemstream.producers.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.Topics;

class FeedDeadLettersTest {

    @Test
    void carriesTheFileAndKafkaStyleReasonHeaders() {
        byte[] file = {1, 2, 3};
        byte[] sidecar = "{\"dose\": -1}".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r = FeedDeadLetters.of(Topics.FEED_DLQ, "/data/drop", "x.tif", "acq-9", file, 3, sidecar,
                new RejectedFileException("sidecar x.json: dose must be >= 0"));

        assertThat(r.topic()).isEqualTo(Topics.FEED_DLQ.name());
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("x.tif");
        assertThat(r.value()).isEqualTo(file);
        assertThat(DeadLetters.reason(r.headers())).contains("sidecar x.json: dose must be >= 0");
        assertThat(DeadLetters.header(r.headers(), DeadLetters.EXCEPTION)).contains(RejectedFileException.class.getName());
        assertThat(DeadLetters.header(r.headers(), DeadLetters.STACKTRACE)).hasValueSatisfying(s -> assertThat(s).contains("FeedDeadLettersTest"));
        assertThat(DeadLetters.header(r.headers(), DeadLetters.TOPIC)).contains("/data/drop");
        assertThat(DeadLetters.header(r.headers(), DeadLetters.PARTITION)).contains("-1");
        assertThat(DeadLetters.header(r.headers(), DeadLetters.OFFSET)).contains("-1");
        assertThat(DeadLetters.header(r.headers(), FeedDeadLetters.IMAGE_ID)).contains("acq-9");
        assertThat(DeadLetters.header(r.headers(), FeedDeadLetters.FILE_SIZE)).contains("3");
        assertThat(r.headers().lastHeader(FeedDeadLetters.SIDECAR).value()).isEqualTo(sidecar);
    }

    @Test
    void aLargeFileIsCutAndTheReasonSaysSo() {
        byte[] big = new byte[FeedDeadLetters.MAX_VALUE_BYTES + 10];
        ProducerRecord<byte[], byte[]> r = FeedDeadLetters.of(Topics.FEED_DLQ, "/d", "big.tif", "acq-1", big, 100_000_000L, null,
                new RejectedFileException("too big"));
        assertThat(r.value()).hasSize(FeedDeadLetters.MAX_VALUE_BYTES);
        assertThat(DeadLetters.reason(r.headers())).hasValueSatisfying(s -> assertThat(s)
                .startsWith("too big").contains("first " + FeedDeadLetters.MAX_VALUE_BYTES + " of 100000000 bytes"));
        assertThat(r.headers().lastHeader(FeedDeadLetters.SIDECAR)).isNull();
    }
}
