package dev.herald.adapters.websocket.socketio.server;

/** Told once when a socket leaves its namespace, after its last event handler. */
@FunctionalInterface
public interface SocketIoDisconnectListener {
    void onDisconnect(SocketIoDisconnectReason reason);
}
