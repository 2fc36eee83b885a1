package dev.herald.adapters.websocket.chat;

import dev.herald.adapters.websocket.socketio.server.SocketIoPreparedEvent;
import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import dev.herald.application.Subscription;
import dev.herald.domain.Offset;
import java.util.List;

/**
 * One chat client's delivery state, kept in the socket's {@code data()} so that it survives connection state
 * recovery: the offset of the last message this client was given, and its subscription to the feed.
 *
 * <p>Why under one lock: a message counts as given exactly when the socket accepted it (an accepted event is sent,
 * or re-sent by a recovery), and a recovered socket resumes from the last given offset. Sending and recording, and
 * resuming, happen under this lock, so a message is never both re-sent by the recovery and replayed from the store,
 * and never neither.
 */
final class ChatSession {

    static final String KEY = "herald.chat.session";

    private SocketIoSocket socket;
    private Offset lastGiven;
    private Subscription subscription;

    ChatSession(SocketIoSocket socket, Offset cursor) {
        this.socket = socket;
        this.lastGiven = cursor;
    }

    /** Gives {@code event} (the message at {@code offset}) to {@code target}; false if it is not the current socket or refused it. */
    synchronized boolean give(SocketIoSocket target, Offset offset, SocketIoPreparedEvent event) {
        if (target != socket || !target.send(event)) {
            return false;
        }
        lastGiven = offset;
        return true;
    }

    /**
     * Gives {@code events} (messages in offset order, the last at {@code lastOffset}) to {@code target} all at once;
     * false, and none of them given, if it is not the current socket or could not take them all.
     */
    synchronized boolean giveAll(SocketIoSocket target, Offset lastOffset, List<SocketIoPreparedEvent> events) {
        if (target != socket || !target.sendAll(events)) {
            return false;
        }
        lastGiven = lastOffset;
        return true;
    }

    /**
     * Moves the session to the socket that recovered it and returns where its delivery resumes. The previous
     * subscription is cancelled: its socket is gone, and from now on {@link #give} refuses it.
     */
    Offset resumeOn(SocketIoSocket recovered) {
        Subscription previous;
        Offset resumeAfter;
        synchronized (this) {
            previous = subscription;
            subscription = null;
            socket = recovered;
            resumeAfter = lastGiven;
        }
        // Outside this lock: the feed's dispatcher calls give() while holding the feed's lock, and cancelling
        // takes the feed's lock, so cancelling under this lock could deadlock with a delivery.
        if (previous != null) {
            previous.cancel();
        }
        return resumeAfter;
    }

    synchronized void following(Subscription newSubscription) {
        this.subscription = newSubscription;
    }

    /** Stops delivery if {@code gone} is still this session's socket (the cancel happens outside this lock). */
    void stop(SocketIoSocket gone) {
        Subscription current;
        synchronized (this) {
            if (gone != socket) {
                return;
            }
            current = subscription;
            subscription = null;
        }
        if (current != null) {
            current.cancel();
        }
    }
}
