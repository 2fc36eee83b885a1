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

    /**
     * Waits for at least one item, then up to {@code gatherNanos} more until {@code wanted} are queued (or an urgent
     * one is), and moves up to {@code max} of them, in order, into {@code batch}.
     */
    void take(List<T> batch, int wanted, long gatherNanos, int max) throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty()) {
                wakeAt = 1;
                enough.await();
            }
            long deadline = System.nanoTime() + gatherNanos;
            while (items.size() < wanted && !urgent) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wakeAt = wanted;
                enough.awaitNanos(left);
            }
            wakeAt = Integer.MAX_VALUE;
            for (int i = 0; i < max && !items.isEmpty(); i++) {
                batch.add(items.poll());
            }
        } finally {
            wakeAt = Integer.MAX_VALUE;
            lock.unlock();
        }
    }

    /** Moves everything queued into {@code rest}. */
    void drainTo(List<T> rest) {
        lock.lock();
        try {
            rest.addAll(items);
            items.clear();
        } finally {
            lock.unlock();
        }
    }
}
