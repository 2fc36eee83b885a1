package dev.herald.adapters.websocket.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.application.Subscription;
import dev.herald.domain.Offset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session's lock and the feed's lock must never be taken in opposite orders. The feed's dispatcher holds its
 * lock while it gives a message to a session; cancelling a subscription takes the feed's lock. So the session must
 * cancel after leaving its own lock, or a recovery or disconnect racing a delivery stops the feed for everyone.
 */
class ChatSessionTest {

    private final Object feedLock = new Object();

    @Test
    void resumingCancelsTheOldSubscriptionOutsideTheSessionLock() throws Exception {
        ChatSession session = new ChatSession(null, Offset.of(7));
        assertTrue(raceWithTheDispatcher(session, () -> assertEquals(Offset.of(7), session.resumeOn(null))),
                "deadlock between resumeOn and a delivery");
    }

    @Test
    void stoppingCancelsTheSubscriptionOutsideTheSessionLock() throws Exception {
        ChatSession session = new ChatSession(null, Offset.ZERO);
        assertTrue(raceWithTheDispatcher(session, () -> session.stop(null)), "deadlock between stop and a delivery");
    }

    /**
     * Runs {@code action} (which cancels the session's subscription) while a stand-in for the dispatcher, holding the
     * feed's lock, enters the session's lock once the cancel has started. True if both finish.
     */
    private boolean raceWithTheDispatcher(ChatSession session, Runnable action) throws Exception {
        CountDownLatch dispatcherHoldsFeedLock = new CountDownLatch(1);
        CountDownLatch cancelStarted = new CountDownLatch(1);
        session.following(() -> {
            cancelStarted.countDown();
            synchronized (feedLock) { // what MessageFeed's Follower.cancel does
                Thread.onSpinWait();
            }
        });
        Thread dispatcher = Thread.ofPlatform().daemon().start(() -> {
            synchronized (feedLock) {
                dispatcherHoldsFeedLock.countDown();
                try {
                    cancelStarted.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // Stands for give(): any call that takes the session's lock under the feed's lock.
                session.following(() -> { });
            }
        });
        dispatcherHoldsFeedLock.await(5, TimeUnit.SECONDS);
        Thread other = Thread.ofPlatform().daemon().start(action);
        other.join(5_000);
        dispatcher.join(5_000);
        return !other.isAlive() && !dispatcher.isAlive();
    }
}
