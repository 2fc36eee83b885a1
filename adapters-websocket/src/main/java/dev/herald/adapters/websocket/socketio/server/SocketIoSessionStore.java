package dev.herald.adapters.websocket.socketio.server;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sessions of sockets lost to a recoverable reason, by private session id, kept for {@code maxDisconnectionDuration}
 * (the reference {@code SessionAwareAdapter}, per socket instead of per namespace: a socket's buffer holds what was
 * sent to it). A session is restored at most once.
 */
final class SocketIoSessionStore {

    record Session(
            String sid,
            String pid,
            String namespace,
            ConcurrentMap<String, Object> data,
            SocketIoRecoveryBuffer buffer,
            Instant disconnectedAt) {}

    record Restored(Session session, List<List<EngineIoMessage>> missed) {}

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration maxDisconnectionDuration;

    SocketIoSessionStore(Duration maxDisconnectionDuration) {
        this.maxDisconnectionDuration = maxDisconnectionDuration;
    }

    void persist(Session session) {
        sessions.put(session.pid(), session);
    }

    /**
     * Takes the session {@code pid} out of the store if it exists, belongs to {@code namespace}, has not expired and
     * its buffer knows {@code offset}; otherwise returns {@code null} (an expired session is dropped).
     */
    Restored restore(String pid, String offset, String namespace, Instant now) {
        Session session = sessions.get(pid);
        if (session == null || !session.namespace().equals(namespace)) {
            return null;
        }
        if (expired(session, now)) {
            sessions.remove(pid, session);
            return null;
        }
        List<List<EngineIoMessage>> missed = session.buffer().after(offset);
        if (missed == null || !sessions.remove(pid, session)) {
            return null;
        }
        return new Restored(session, missed);
    }

    /** Drops sessions older than {@code maxDisconnectionDuration}. */
    void purge(Instant now) {
        sessions.values().removeIf(session -> expired(session, now));
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(Session session, Instant now) {
        return session.disconnectedAt().plus(maxDisconnectionDuration).isBefore(now);
    }
}
