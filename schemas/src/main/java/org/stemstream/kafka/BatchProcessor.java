package org.stemstream.kafka;

import java.util.List;

/**
 * The pure part of a consume-transform-produce stage: one output, or a failure, per input, in
 * order. A failure sends that input's original bytes to the stage's dead-letter topic.
 */
@FunctionalInterface
public interface BatchProcessor<I, O> {
    List<Outcome<O>> process(List<I> inputs);

    /** The result for one input: a value, or why there is none. */
    record Outcome<O>(O value, Exception error) {
        public static <O> Outcome<O> ok(O value) {
            return new Outcome<>(value, null);
        }

        public static <O> Outcome<O> failed(Exception error) {
            return new Outcome<>(null, error);
        }
    }

    /** Applies a per-record function, catching its failures. */
    static <I, O> BatchProcessor<I, O> perRecord(java.util.function.Function<I, O> f) {
        return inputs -> inputs.stream().map(in -> {
            try {
                return Outcome.ok(f.apply(in));
            } catch (RuntimeException e) {
                return Outcome.<O>failed(e);
            }
        }).toList();
    }
}
