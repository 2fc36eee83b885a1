package dev.herald.adapters.websocket.socketio.server;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.List;
import java.util.Optional;

/**
 * An event encoded once, to be sent as the same {@link EngineIoMessage} instances to any number of sockets of its
 * namespace ({@link SocketIoSocket#send}, {@link SocketIoNamespace#broadcast(SocketIoPreparedEvent)}). With recovery
 * on, its offset was assigned when it was prepared and is the same for every recipient.
 */
public final class SocketIoPreparedEvent {

    private final SocketIoServer server;
    private final String namespace;
    private final String offset;
    private final List<EngineIoMessage> messages;

    SocketIoPreparedEvent(SocketIoServer server, String namespace, String offset, List<EngineIoMessage> messages) {
        this.server = server;
        this.namespace = namespace;
        this.offset = offset;
        this.messages = List.copyOf(messages);
    }

    public String namespace() {
        return namespace;
    }

    /** The recovery offset appended as the last argument, when recovery is on. */
    public Optional<String> offset() {
        return Optional.ofNullable(offset);
    }

    /** The messages that carry the event: a text message, then its attachments. */
    public List<EngineIoMessage> messages() {
        return messages;
    }

    SocketIoServer server() {
        return server;
    }

    String offsetOrNull() {
        return offset;
    }

    @Override
    public String toString() {
        return "SocketIoPreparedEvent[" + namespace + ", offset=" + offset + "]";
    }
}
