package dev.herald.adapters.websocket.socketio.server;

/**
 * Why a socket left its namespace, named as the reference server names them ({@code socket.io/lib/socket-types.ts}).
 * Only transport-level losses are {@linkplain #recoverable() recoverable}: an explicit disconnect by either side never
 * leaves a session to restore (PROTOCOL.md §1.3, item 6).
 */
public enum SocketIoDisconnectReason {
    TRANSPORT_ERROR("transport error", true),
    TRANSPORT_CLOSE("transport close", true),
    FORCED_CLOSE("forced close", true),
    PING_TIMEOUT("ping timeout", true),
    SERVER_SHUTTING_DOWN("server shutting down", true),
    FORCED_SERVER_CLOSE("forced server close", true),
    PARSE_ERROR("parse error", false),
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect", false),
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect", false);

    private final String wireName;
    private final boolean recoverable;

    SocketIoDisconnectReason(String wireName, boolean recoverable) {
        this.wireName = wireName;
        this.recoverable = recoverable;
    }

    /** The reason as the reference server spells it, e.g. {@code "transport close"}. */
    public String wireName() {
        return wireName;
    }

    /** Whether connection state recovery keeps the session after this reason. */
    public boolean recoverable() {
        return recoverable;
    }

    /**
     * The reason for an Engine.IO close reason. A reason this server did not name (one passed to
     * {@code EngineIoConnection.close} by someone else) counts as {@link #FORCED_CLOSE}, as the reference server
     * reports a server-side {@code conn.close()}.
     */
    public static SocketIoDisconnectReason fromEngineIo(String reason) {
        for (SocketIoDisconnectReason value : values()) {
            if (value.wireName.equals(reason)) {
                return value;
            }
        }
        return FORCED_CLOSE;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
