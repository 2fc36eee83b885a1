package dev.herald.adapters.websocket.engineio;

/**
 * The layer above Engine.IO (the Socket.IO server, or the conformance echo server). For one connection, calls are
 * made one at a time and in order: {@code onOpen}, any number of {@code onMessage}, then exactly one
 * {@code onClose}. They run on transport threads: return quickly, never block.
 */
public interface EngineIoListener {

    void onOpen(EngineIoConnection connection);

    void onMessage(EngineIoConnection connection, EngineIoMessage message);

    /**
     * The session ended. {@code reason} is one of the Engine.IO close reasons: {@code "transport close"},
     * {@code "transport error"}, {@code "ping timeout"}, {@code "parse error"}, {@code "forced close"},
     * {@code "server shutting down"}, or the reason given to {@link EngineIoConnection#close}.
     */
    void onClose(EngineIoConnection connection, String reason);
}
