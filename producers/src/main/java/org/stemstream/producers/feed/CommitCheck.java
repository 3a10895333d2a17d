package org.stemstream.producers.feed;

/**
 * Settles a ledger entry left by a crash between produce and commit: is the record at this
 * topic, partition and offset visible to read_committed consumers (its transaction committed)?
 */
@FunctionalInterface
interface CommitCheck {
    boolean isCommitted(String topic, int partition, long offset);
}
