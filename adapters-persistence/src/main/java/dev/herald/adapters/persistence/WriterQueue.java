package dev.herald.adapters.persistence;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The posts waiting for the writer. Unlike a {@code BlockingQueue}, a poster wakes the waiting writer only once as
 * many posts are queued as the writer asked for: when the posters of the previous batch come back one by one, the
 * writer is woken once for all of them instead of once each (on two cores every needless wake-up is a context switch
 * taken from the posters and from the writer itself).
 */
final class WriterQueue<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition enough = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    /** How many queued items wake the writer; {@link Integer#MAX_VALUE} while it is not waiting. */
    private int wakeAt = Integer.MAX_VALUE;
    private boolean urgent;

    /** Queues {@code item}; an urgent one (the stop) wakes the writer at once and ends its gathering. */
    void add(T item, boolean isUrgent) {
        lock.lock();
        try {
            items.add(item);
            urgent |= isUrgent;
            if (items.size() >= wakeAt || isUrgent) {
                wakeAt = Integer.MAX_VALUE;
                enough.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something is queued. */
    void awaitAny() throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty()) {
                wakeAt = 1;
                enough.await();
            }
        } finally {
            wakeAt = Integer.MAX_VALUE;
            lock.unlock();
        }
    }

    /**
     * Waits until {@code count} items are queued, an urgent one is, or {@link System#nanoTime()} reaches
     * {@code deadlineNanos}; returns whether anything is queued. Past the deadline it does not wait at all.
     */
    boolean awaitCount(int count, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (items.size() < count && !urgent) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wakeAt = count;
                enough.awaitNanos(left);
            }
            return !items.isEmpty();
        } finally {
            wakeAt = Integer.MAX_VALUE;
            lock.unlock();
        }
    }

    /** Moves up to {@code max} queued items, in order, into {@code batch}. */
    void drainTo(List<T> batch, int max) {
        lock.lock();
        try {
            for (int i = 0; i < max && !items.isEmpty(); i++) {
                batch.add(items.poll());
            }
        } finally {
            lock.unlock();
        }
    }
}
