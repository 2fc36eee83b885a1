package dev.herald.application.port;

import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import java.util.List;

/**
 * One connected client that follows the log. The feed calls it from one thread at a time, in strictly increasing
 * offset order, never twice for the same offset.
 */
public interface Subscriber {

    /**
     * Hands the client one message. Must not block. Returns {@code false} when the client cannot take it (it went
     * away, or its outbound buffer is full): the feed then stops delivering to it and the adapter is expected to
     * disconnect it so that it reconnects and catches up.
     */
    boolean deliver(Message message);

    /**
     * Hands the client one replayed message. Unlike {@link #deliver}, may block the catch-up thread until the client
     * has room, so that a long replay goes at the client's pace instead of overflowing its buffer. Returns
     * {@code false} if the client went away (or made no progress for too long).
     */
    default boolean deliverReplayed(Message message) throws InterruptedException {
        return deliver(message);
    }

    /**
     * Hands the client a run of replayed messages (part of a catch-up page), in strictly increasing offset order,
     * none delivered before. May block like {@link #deliverReplayed(Message)}. Returns how many of them, from the
     * first, the client was given: all of them, unless it went away (or made no progress for too long). Adapters
     * override it to hand a page over with fewer locks and wake-ups; by default the messages go one at a time.
     */
    default int deliverReplayed(List<Message> messages) throws InterruptedException {
        int given = 0;
        for (Message message : messages) {
            if (!deliverReplayed(message)) {
                return given;
            }
            given++;
        }
        return given;
    }

    /**
     * Called by catch-up between pages of replayed messages: blocks until the client has drained enough to take the
     * next page, and returns {@code false} if it went away meanwhile.
     */
    boolean awaitCapacity() throws InterruptedException;

    /**
     * The client's cursor was ahead of the newest stored message: the store was replaced or reset. Called once,
     * before the client is sent every stored message from the start.
     */
    void cursorReset(Offset requested, Offset newest);

    /** The feed stopped following for this client because reading the store failed or the feed closed. */
    void followingStopped(String reason);
}
