package org.stemstream.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.stemstream.schemas.DeadLetters;
import org.stemstream.schemas.Topic;
import org.stemstream.schemas.Topics;

/**
 * Everything a {@link TransactionalStage} does to a polled batch except the transaction: input
 * bytes are deserialized, processed and serialized into output records (same key as the input);
 * a record that cannot be read, processed or written becomes a dead letter with its original bytes
 * and the reason. A failure that is not the record's fault (the schema registry unreachable,
 * failing or refusing our credentials) is not: the whole batch fails with {@link RegistryUnavailable}
 * and is read again later. Runs off the stage thread, so it touches no client.
 */
final class BatchTransform<I, O> {
    /** A batch's outputs and dead letters, in input order, ready to send. */
    record Result(List<ProducerRecord<byte[], byte[]>> out, long deadLetters, long nanos) {
    }

    private final Topic<String, O> output;
    private final Topic<byte[], byte[]> deadLetters;
    private final Deserializer<I> inputDeserializer;
    private final Serializer<O> outputSerializer;
    private final BatchProcessor<I, O> processor;

    BatchTransform(Topic<String, O> output, Topic<byte[], byte[]> deadLetters, Deserializer<I> inputDeserializer,
                   Serializer<O> outputSerializer, BatchProcessor<I, O> processor) {
        this.output = output;
        this.deadLetters = deadLetters;
        this.inputDeserializer = inputDeserializer;
        this.outputSerializer = outputSerializer;
        this.processor = processor;
    }

    /** A processor that throws (a bug, not bad input) throws here too. */
    Result apply(List<ConsumerRecord<byte[], byte[]>> records) {
        long start = System.nanoTime();
        List<ConsumerRecord<byte[], byte[]>> good = new ArrayList<>();
        List<I> values = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        long dead = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                I value = inputDeserializer.deserialize(r.topic(), r.value());
                if (value == null) {
                    throw new IllegalArgumentException("null value (tombstone) on " + r.topic());
                }
                good.add(r);
                values.add(value);
            } catch (RuntimeException e) {
                RegistryUnavailable.check(e);
                out.add(DeadLetters.of(deadLetters, r, e));
                dead++;
            }
        }
        List<BatchProcessor.Outcome<O>> outcomes = values.isEmpty() ? List.of() : processor.process(values);
        for (int i = 0; i < good.size(); i++) {
            ConsumerRecord<byte[], byte[]> source = good.get(i);
            BatchProcessor.Outcome<O> outcome = outcomes.get(i);
            try {
                if (outcome.error() != null) {
                    throw outcome.error();
                }
                byte[] value = outputSerializer.serialize(output.name(), outcome.value());
                if (value != null && value.length > Topics.MAX_VALUE_BYTES) {
                    throw new IllegalArgumentException("the result for " + output.name() + " is " + value.length
                            + " bytes, over the limit of " + Topics.MAX_VALUE_BYTES + " bytes");
                }
                out.add(new ProducerRecord<>(output.name(), null, source.key(), value));
            } catch (Exception e) {
                RegistryUnavailable.check(e);
                out.add(DeadLetters.of(deadLetters, source, e));
                dead++;
            }
        }
        return new Result(out, dead, System.nanoTime() - start);
    }
}
