package dev.herald.adapters.websocket.socketio.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The acknowledgement of one client event: callable once, from any thread, at any later time; a second call is
 * ignored. Sends {@code 3<id>[...]}, or a BINARY_ACK when an argument is a {@code byte[]} or {@code BinaryNode}.
 */
public final class SocketIoAck {

    static final SocketIoAck NOT_REQUESTED = new SocketIoAck(null, -1);

    private final SocketIoSocket socket;
    private final long id;
    private final AtomicBoolean sent = new AtomicBoolean();

    SocketIoAck(SocketIoSocket socket, long id) {
        this.socket = socket;
        this.id = id;
    }

    /** Whether the client asked for an acknowledgement. */
    public boolean requested() {
        return socket != null;
    }

    /**
     * Sends the acknowledgement with these arguments (converted like {@link SocketIoSocket#emit} arguments). Returns
     * {@code false} if none was requested, it was already sent, or the socket could not queue it.
     */
    public boolean send(Object... args) {
        if (socket == null || !sent.compareAndSet(false, true)) {
            return false;
        }
        return socket.sendAck(id, args);
    }
}
