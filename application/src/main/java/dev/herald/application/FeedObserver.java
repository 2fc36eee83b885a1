package dev.herald.application;

/**
 * What the {@link MessageFeed} reports for metrics, as plain Java: the bootstrap implements it with a metrics
 * library, the application stays free of one. Called on the dispatcher and catch-up threads: implementations must be
 * cheap and must not block. Every method does nothing by default.
 */
public interface FeedObserver {

    /** Observes nothing. */
    FeedObserver NONE = new FeedObserver() {
    };

    /** A catch-up page was handed to one follower: {@code messages} messages delivered from history. */
    default void replayed(int messages) {
    }

    /**
     * The dispatcher handed a page of {@code messages} new messages to the live followers, {@code deliveries} in all;
     * {@code nanosSinceCommitted} is the time since the first {@link MessageFeed#committed()} signal it answered, or
     * {@code -1} when it found them without one (its periodic look).
     */
    default void dispatched(int messages, int deliveries, long nanosSinceCommitted) {
    }
}
