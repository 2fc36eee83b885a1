package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Handles one named event from a client. Binary arguments arrive in place as {@code BinaryNode}s
 * ({@code node.isBinary()}, {@code ((BinaryNode) node).binaryValue()}), at any depth.
 */
@FunctionalInterface
public interface SocketIoEventHandler {

    /**
     * @param args the event's arguments after the name; unmodifiable. With recovery on, arguments are exactly what the
     *     client sent (clients do not append offsets).
     * @param ack the acknowledgement the client asked for, or one whose {@link SocketIoAck#requested()} is false
     */
    void onEvent(List<JsonNode> args, SocketIoAck ack);
}
