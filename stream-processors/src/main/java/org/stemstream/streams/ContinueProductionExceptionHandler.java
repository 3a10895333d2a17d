package org.stemstream.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production errors (a record that cannot be serialized or written) send the input record that
 * caused them to the app's dead-letter topic and let the app go on; Kafka's
 * {@code DefaultProductionExceptionHandler} writes the same dead letter but stops the app.
 * Retriable errors are retried, as by the default handler, and a record that cannot be serialized
 * because the schema registry is down fails the stream thread so that it is read again
 * ({@link RegistryOutages}).
 *
 * <p>Dead letters are built by Kafka's own helper, as by its default handlers: the input's key and
 * value bytes and headers plus the {@code __streams.errors.*} headers (see {@code DeadLetters}).
 * An input too large to fit the dead-letter topic once the headers are added loses its value
 * (null) and keeps its key and headers, so the dead letter itself cannot fail.
 *
 * <p>Under exactly_once_v2 a record the producer rejects (for example as too large) aborts the
 * transaction whatever this handler says; stages therefore refuse such records at serialization
 * ({@link BoundedSerde}), where this handler does keep the app going.
 */
public class ContinueProductionExceptionHandler implements ProductionExceptionHandler {
    /** Inputs above this many bytes are written to the dead-letter topic without their value. */
    static final int MAX_DEAD_LETTER_VALUE_BYTES = BoundedSerde.MAX_VALUE_BYTES;
    private static final Logger log = LoggerFactory.getLogger(ContinueProductionExceptionHandler.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        log.warn("cannot write a record to {} ({}); input {}-{}@{} to {}", record.topic(), exception.toString(),
                context.topic(), context.partition(), context.offset(), deadLetterTopic);
        return Response.resume(deadLetters(context, exception));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (RegistryOutages.retry(context, exception)) {
            return Response.fail();
        }
        log.warn("cannot serialize the {} of a record for {} ({}); input {}-{}@{} to {}", origin, record.topic(),
                exception.toString(), context.topic(), context.partition(), context.offset(), deadLetterTopic);
        return Response.resume(deadLetters(context, exception));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext context, Exception exception) {
        byte[] value = context.sourceRawValue();
        if (value != null && value.length > MAX_DEAD_LETTER_VALUE_BYTES) {
            log.warn("input {}-{}@{} is {} bytes: its dead letter carries no value", context.topic(), context.partition(),
                    context.offset(), value.length);
            value = null;
        }
        return ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(deadLetterTopic, context.sourceRawKey(), value, context, exception);
    }
}
