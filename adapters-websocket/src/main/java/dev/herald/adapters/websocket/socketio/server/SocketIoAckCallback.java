package dev.herald.adapters.websocket.socketio.server;

/** Receives the outcome of {@link SocketIoSocket#emitWithAck}: called exactly once, on the handler executor. */
@FunctionalInterface
public interface SocketIoAckCallback {
    void onResult(SocketIoAckResult result);
}
