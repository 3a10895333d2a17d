package org.stemstream.streams;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.kafka.RegistryUnavailable;

/**
 * The Streams apps' error handlers for records that fail because the schema registry is down
 * (unreachable past the serdes' retries, 5xx, 408, 429, or our credentials refused): such a record
 * is not bad input, so it must not go to the dead-letter topic. The handlers answer FAIL instead:
 * the stream thread stops, its transaction aborts, and its replacement ({@link StreamsService})
 * reads the same records again, each try paced by the serdes' own retry timeout. Every other
 * error is dead-lettered and skipped, as by Kafka's log-and-continue handlers. The same rule
 * holds for production errors in {@link ContinueProductionExceptionHandler}, and for the
 * consume-transform-produce stages in {@code BatchTransform}.
 */
final class RegistryOutages {
    private static final Logger log = LoggerFactory.getLogger(RegistryOutages.class);

    private RegistryOutages() {
    }

    /** Whether to fail (and so retry) rather than dead-letter; logs the outage. */
    static boolean retry(ErrorHandlerContext context, Exception exception) {
        if (!RegistryUnavailable.causedBy(exception)) {
            return false;
        }
        log.warn("schema registry unavailable while handling {}-{}@{} ({}); the record is read again when the stream thread restarts",
                context.topic(), context.partition(), context.offset(), exception.toString());
        return true;
    }

    /** Deserialization errors. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        @Override
        public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                    Exception exception) {
            return retry(context, exception) ? DeserializationExceptionHandler.Response.fail() : super.handleError(context, record, exception);
        }
    }

    /** Errors in processors and punctuators (a state store's serde among them). */
    public static final class Processing extends LogAndContinueProcessingExceptionHandler {
        @Override
        public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            return retry(context, exception) ? ProcessingExceptionHandler.Response.fail() : super.handleError(context, record, exception);
        }
    }
}
