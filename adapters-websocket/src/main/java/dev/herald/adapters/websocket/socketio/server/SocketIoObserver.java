package dev.herald.adapters.websocket.socketio.server;

/**
 * What the Socket.IO server reports for metrics: the bootstrap implements it with a metrics library. Called on
 * transport and handler threads: implementations must be cheap and must not block. Every method does nothing by
 * default. Connected sockets per namespace are read from {@link SocketIoNamespace#sockets()} instead.
 */
public interface SocketIoObserver {

    /** Observes nothing. */
    SocketIoObserver NONE = new SocketIoObserver() {
    };

    /** Why a connection was closed for breaking the protocol. */
    enum ProtocolError {
        /** A packet that does not decode. */
        PARSE_ERROR,
        /** A packet not allowed in the connection's state (an event for a namespace not joined, a second CONNECT). */
        INVALID_STATE,
        /** A CONNECT to a namespace that does not exist (refused, the connection stays). */
        INVALID_NAMESPACE,
        /** No namespace joined within the connect timeout. */
        CONNECT_TIMEOUT
    }

    /** A socket left {@code namespace} for {@code reason}. */
    default void disconnected(String namespace, SocketIoDisconnectReason reason) {
    }

    /** A client broke the protocol. */
    default void protocolError(ProtocolError error) {
    }

    /**
     * A client asked to recover a session (it sent {@code pid} and {@code offset}): {@code succeeded} tells whether
     * it was restored with the packets it missed, or had to start afresh (unknown, expired or already used session).
     */
    default void recovery(boolean succeeded) {
    }
}
