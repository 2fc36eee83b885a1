package dev.herald.application;

import dev.herald.application.port.MessageStore;
import dev.herald.application.port.MessageStoreException;
import dev.herald.application.port.Subscriber;
import dev.herald.domain.DeliveryCursor;
import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one ordered path from the store to the clients (ADR 0001).
 *
 * <p><b>Live delivery.</b> A single dispatcher thread tails the store: woken by {@link #committed()} (or every
 * {@code pollInterval} as a safety net), it reads the messages after the last one it dispatched and hands each to
 * every live follower, in offset order. Request threads never broadcast, so two concurrent posts can never reach a
 * client in the wrong order (CLUSTER.md §3.2). Because it reads back what the store committed, a message is
 * broadcast exactly once, and a duplicate post, which stores nothing, is never broadcast.
 *
 * <p><b>Catching up.</b> {@link #follow} replays the messages after the client's cursor page by page on a
 * catch-up thread, waiting for the client to drain between pages. When a page comes back short, the follower joins
 * the live set under the same lock the dispatcher holds while it dispatches, and only if its cursor has reached
 * what the dispatcher dispatched; otherwise it reads again. Each follower's {@link DeliveryCursor} refuses anything
 * at or before what it already delivered, so replay and live traffic merge with no gap and no duplicate
 * (CLUSTER.md §3.3).
 */
public final class MessageFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MessageFeed.class.getName());

    private final MessageStore store;
    private final int pageSize;
    private final Duration pollInterval;
    private final Executor catchUpExecutor;
    private final FeedObserver observer;

    private final Object lock = new Object();
    /** Followers that receive live traffic; guarded by {@link #lock}. */
    private final Set<Follower> live = new LinkedHashSet<>();
    /** The newest offset handed to the live set; written by the dispatcher under {@link #lock}. */
    private Offset dispatched = Offset.ZERO;

    private final Semaphore doorbell = new Semaphore(0);
    /** When the first unanswered {@link #committed()} rang, 0 when none is pending: the start of delivery latency. */
    private final AtomicLong firstRingNanos = new AtomicLong();
    private volatile boolean running;
    private Thread dispatcher;

    /**
     * @param pageSize        the most messages read from the store at once, for replay and for live tailing
     * @param pollInterval    how often the dispatcher looks at the store without being woken
     * @param catchUpExecutor runs one blocking catch-up task per following client (virtual threads suit it)
     */
    public MessageFeed(MessageStore store, int pageSize, Duration pollInterval, Executor catchUpExecutor) {
        this(store, pageSize, pollInterval, catchUpExecutor, FeedObserver.NONE);
    }

    /** As the other constructor, reporting replays and live dispatches to {@code observer}. */
    public MessageFeed(MessageStore store, int pageSize, Duration pollInterval, Executor catchUpExecutor,
                       FeedObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.store = Objects.requireNonNull(store, "store");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
        }
        this.pageSize = pageSize;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
        this.catchUpExecutor = Objects.requireNonNull(catchUpExecutor, "catchUpExecutor");
    }

    /** Starts dispatching from the newest stored message: older ones reach clients through catch-up. */
    public void start() {
        synchronized (lock) {
            if (dispatcher != null) {
                throw new IllegalStateException("feed already started");
            }
            dispatched = store.newestOffset();
            running = true;
            dispatcher = Thread.ofPlatform().name("herald-feed-dispatcher").daemon(true).unstarted(this::dispatchLoop);
            dispatcher.start();
        }
    }

    /** Wakes the dispatcher: something was committed. Cheap and non-blocking; many calls coalesce. */
    public void committed() {
        if (firstRingNanos.get() == 0) {
            firstRingNanos.compareAndSet(0, System.nanoTime());
        }
        if (doorbell.availablePermits() == 0) {
            doorbell.release();
        }
    }

    /**
     * Delivers every message after {@code cursor} to {@code subscriber}, then the live stream, exactly once and in
     * offset order. Returns at once; the replay runs on the catch-up executor.
     */
    public Subscription follow(Subscriber subscriber, DeliveryCursor cursor) {
        Follower follower = new Follower(Objects.requireNonNull(subscriber, "subscriber"),
                Objects.requireNonNull(cursor, "cursor"));
        if (!running) {
            subscriber.followingStopped("the message feed is not running");
            return follower;
        }
        catchUpExecutor.execute(() -> catchUp(follower));
        return follower;
    }

    /** How many followers receive live traffic now. */
    public int liveFollowers() {
        synchronized (lock) {
            return live.size();
        }
    }

    @Override
    public void close() {
        Thread thread;
        List<Follower> stopped;
        synchronized (lock) {
            running = false;
            thread = dispatcher;
            stopped = new ArrayList<>(live);
            live.clear();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Follower follower : stopped) {
            follower.stop("the server is shutting down");
        }
    }

    private void dispatchLoop() {
        long backoffMillis = 0;
        while (running) {
            try {
                if (backoffMillis > 0) {
                    Thread.sleep(backoffMillis);
                } else {
                    doorbell.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
                doorbell.drainPermits();
                long rang = firstRingNanos.getAndSet(0);
                dispatchAvailable(rang);
                backoffMillis = 0;
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (MessageStoreException e) {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 50), 1_000);
                LOG.log(System.Logger.Level.WARNING,
                        "feed cannot read the store ({0}): {1}; retrying in {2} ms",
                        e.failure(), e.getMessage(), backoffMillis);
            } catch (RuntimeException e) {
                backoffMillis = 1_000;
                LOG.log(System.Logger.Level.ERROR, "feed dispatcher failed; retrying in 1000 ms", e);
            }
        }
    }

    /** Hands every message committed since the last dispatch to the live followers, page by page. */
    private void dispatchAvailable(long rangNanos) {
        while (running) {
            Offset from;
            synchronized (lock) {
                from = dispatched;
            }
            List<Message> page = store.readAfter(from, pageSize);
            if (page.isEmpty()) {
                return;
            }
            List<Follower> dropped = null;
            int deliveries = 0;
            synchronized (lock) {
                for (Message message : page) {
                    for (Follower follower : live) {
                        if (follower.offer(message)) {
                            deliveries++;
                        } else {
                            if (dropped == null) {
                                dropped = new ArrayList<>();
                            }
                            dropped.add(follower);
                        }
                    }
                    if (dropped != null) {
                        dropped.forEach(live::remove);
                        dropped = null;
                    }
                }
                dispatched = page.getLast().offset();
            }
            observer.dispatched(page.size(), deliveries, rangNanos == 0 ? -1 : System.nanoTime() - rangNanos);
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private void catchUp(Follower follower) {
        try {
            Offset newest = store.newestOffset();
            if (follower.cursor.isAheadOf(newest)) {
                follower.subscriber.cursorReset(follower.cursor.position(), newest);
                follower.cursor = DeliveryCursor.start();
            }
            while (!follower.cancelled) {
                List<Message> page = store.readAfter(follower.cursor.position(), pageSize);
                int replayed = follower.offerReplayed(page);
                if (replayed > 0) {
                    observer.replayed(replayed);
                }
                if (follower.cancelled) {
                    return;
                }
                if (page.size() < pageSize) {
                    if (tryJoinLive(follower)) {
                        return;
                    }
                } else if (!follower.subscriber.awaitCapacity()) {
                    follower.cancel();
                    return;
                }
            }
        } catch (MessageStoreException e) {
            LOG.log(System.Logger.Level.WARNING, "catch-up cannot read the store ({0}): {1}",
                    e.failure(), e.getMessage());
            follower.stop("the message store is unavailable (" + e.failure() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            follower.stop("the server is shutting down");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "catch-up failed", e);
            follower.stop("internal error while catching up");
        }
    }

    /**
     * Joins the live set if the follower has everything the dispatcher dispatched; the check and the join are atomic
     * with respect to dispatching, which is what makes the replay-to-live hand-over gap-free.
     */
    private boolean tryJoinLive(Follower follower) {
        synchronized (lock) {
            if (follower.cancelled) {
                return true;
            }
            if (!running) {
                follower.stopLocked("the server is shutting down");
                return true;
            }
            if (follower.cursor.position().compareTo(dispatched) >= 0) {
                live.add(follower);
                return true;
            }
            return false;
        }
    }

    /** One client's position in the feed; its cursor moves on the catch-up thread, then on the dispatcher. */
    private final class Follower implements Subscription {

        private final Subscriber subscriber;
        /** Confined to the catch-up thread until the join, then to the dispatcher; the lock orders the hand-over. */
        private DeliveryCursor cursor;
        private volatile boolean cancelled;

        private Follower(Subscriber subscriber, DeliveryCursor cursor) {
            this.subscriber = subscriber;
            this.cursor = cursor;
        }

        /** Delivers {@code message} unless this client already has it; false when the client cannot take more. */
        private boolean offer(Message message) {
            if (cancelled) {
                return false;
            }
            if (!cursor.admits(message.offset())) {
                return true;
            }
            cursor = cursor.advanceTo(message.offset());
            if (!subscriber.deliver(message)) {
                cancelled = true;
                return false;
            }
            return true;
        }

        /**
         * As {@link #offer} for a page, on the catch-up thread, which may wait for the client to drain: the messages
         * the cursor admits go to the subscriber in one hand-over. Returns how many were delivered; if the client
         * could not take them all, the follower is cancelled.
         */
        private int offerReplayed(List<Message> page) throws InterruptedException {
            if (cancelled) {
                return 0;
            }
            List<Message> fresh = new ArrayList<>(page.size());
            DeliveryCursor next = cursor;
            for (Message message : page) {
                if (next.admits(message.offset())) {
                    next = next.advanceTo(message.offset());
                    fresh.add(message);
                }
            }
            if (fresh.isEmpty()) {
                return 0;
            }
            int given = subscriber.deliverReplayed(fresh);
            if (given > 0) {
                cursor = cursor.advanceTo(fresh.get(given - 1).offset());
            }
            if (given < fresh.size()) {
                cancelled = true;
            }
            return given;
        }

        private void stop(String reason) {
            synchronized (lock) {
                stopLocked(reason);
            }
        }

        private void stopLocked(String reason) {
            live.remove(this);
            if (!cancelled) {
                cancelled = true;
                subscriber.followingStopped(reason);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            synchronized (lock) {
                live.remove(this);
            }
        }
    }
}
