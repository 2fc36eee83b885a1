package dev.herald.adapters.persistence;

import dev.herald.application.port.MessageStoreException.Failure;

/**
 * What the SQLite store reports for metrics: the bootstrap implements it with Micrometer, so this module measures
 * without depending on a metrics library. Calls come from the writer and reader threads: implementations must be
 * cheap and must not block. Every method does nothing by default.
 */
public interface StoreObserver {

    /** Observes nothing. */
    StoreObserver NONE = new StoreObserver() {
    };

    /** Which side of the store failed. */
    enum Operation { WRITE, READ }

    /** One post was answered (stored, or recognised as a duplicate): how long its caller waited, queue included. */
    default void appendCompleted(long nanos) {
    }

    /** One transaction committed {@code posts} posts; {@code nanos} is BEGIN to COMMIT. */
    default void batchCommitted(int posts, long nanos) {
    }

    /** {@code readAfter} returned {@code rows} rows after {@code nanos}. */
    default void readCompleted(int rows, long nanos) {
    }

    /** A write transaction (every post in it) or a read failed. */
    default void failed(Operation operation, Failure failure) {
    }
}
