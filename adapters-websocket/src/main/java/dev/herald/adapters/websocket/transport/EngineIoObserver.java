package dev.herald.adapters.websocket.transport;

/**
 * What the Engine.IO transports report for metrics: the bootstrap implements it with a metrics library. Called on
 * IO and timer threads: implementations must be cheap and must not block. Every method does nothing by default.
 * Gauges (open sessions by transport, queued outbound messages) are read from {@link EngineIoServer} instead.
 */
public interface EngineIoObserver {

    /** Observes nothing. */
    EngineIoObserver NONE = new EngineIoObserver() {
    };

    /** A session was opened over {@code transport} ({@code "polling"} or {@code "websocket"}). */
    default void handshake(String transport) {
    }

    /** A polling session moved to WebSocket. */
    default void upgraded() {
    }

    /** A session ended while on {@code transport}, for one of the Engine.IO close reasons. */
    default void closed(String transport, String reason) {
    }

    /**
     * A request was refused: {@code error} is the Engine.IO error name ({@code UNKNOWN_SID}, ...) or
     * {@code PAYLOAD_TOO_LARGE}, {@code SHUTTING_DOWN}; {@code status} the HTTP status sent.
     */
    default void requestRefused(String error, int status) {
    }
}
