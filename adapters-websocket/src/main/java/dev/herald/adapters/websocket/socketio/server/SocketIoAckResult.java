package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How a server-to-client acknowledgement request ended. */
public sealed interface SocketIoAckResult {

    /** The client acknowledged with these arguments (binary ones as {@code BinaryNode}s). */
    record Acked(List<JsonNode> args) implements SocketIoAckResult {
        public Acked {
            args = List.copyOf(args);
        }
    }

    /** No acknowledgement within the timeout. */
    record TimedOut() implements SocketIoAckResult {}

    /** The socket disconnected first; a recovered socket does not inherit pending acknowledgements. */
    record Disconnected() implements SocketIoAckResult {}
}
