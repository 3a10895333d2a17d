package org.stemstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    @Test
    void keepsTheOriginalBytesAndHeadersAndAddsTheReason() {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        byte[] value = {1, 2, 3};
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(Topics.SIMULATION_REQUESTS.name(), 7, 1234L, key, value);
        source.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of(Topics.SIMULATOR_WORKER_DLQ, source, new IllegalArgumentException("image size 5000 > max 2048"));

        assertThat(dead.topic()).isEqualTo(Topics.SIMULATOR_WORKER_DLQ.name());
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(DeadLetters.reason(dead.headers())).contains("image size 5000 > max 2048");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION)).contains(IllegalArgumentException.class.getName());
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.TOPIC)).contains(Topics.SIMULATION_REQUESTS.name());
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.PARTITION)).contains("7");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.OFFSET)).contains("1234");
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.STACKTRACE)).hasValueSatisfying(s -> assertThat(s).contains("DeadLettersTest"));
        assertThat(DeadLetters.header(dead.headers(), "trace")).contains("abc");
    }

    @Test
    void aHugeReasonIsCutAndAMissingOneNamesTheException() {
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>(Topics.SIMULATION_REQUESTS.name(), 0, 1L, new byte[] {1}, new byte[] {2});
        ProducerRecord<byte[], byte[]> huge = DeadLetters.of(Topics.SIMULATOR_WORKER_DLQ, source, new IllegalStateException("x".repeat(2_000_000)));
        long headerBytes = 0;
        for (org.apache.kafka.common.header.Header h : huge.headers()) {
            headerBytes += h.key().length() + h.value().length;
        }
        assertThat(headerBytes).as("a dead letter's headers stay small").isLessThan(32 * 1024);
        assertThat(DeadLetters.reason(huge.headers())).hasValueSatisfying(r -> assertThat(r).startsWith("xxx").endsWith("(1995904 more characters)"));

        ProducerRecord<byte[], byte[]> none = DeadLetters.of(Topics.SIMULATOR_WORKER_DLQ, source, new NullPointerException());
        assertThat(DeadLetters.reason(none.headers())).contains("java.lang.NullPointerException");
    }
}
