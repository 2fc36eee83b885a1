package dev.herald.adapters.websocket.chat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.socketio.server.SocketIoPreparedEvent;
import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import dev.herald.application.port.Subscriber;
import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the feed to one socket as {@code 'chat message'(text, offset)}. A socket that cannot take a message (its
 * outbound buffer is full) loses its connection with a recoverable reason: the client reconnects and catches up
 * from its cursor, instead of the server buffering for it without bound.
 */
final class ChatSubscriber implements Subscriber {

    private static final Logger LOG = LoggerFactory.getLogger(ChatSubscriber.class);
    private static final long CAPACITY_WAIT_MILLIS = 30_000;

    private final SocketIoSocket socket;
    private final ChatSession session;
    private final ChatEvents events;

    ChatSubscriber(SocketIoSocket socket, ChatSession session, ChatEvents events) {
        this.socket = socket;
        this.session = session;
        this.events = events;
    }

    @Override
    public boolean deliver(Message message) {
        if (session.give(socket, message.offset(), events.prepare(message))) {
            return true;
        }
        if (socket.connected()) {
            LOG.info("dropping the connection of socket {}: it cannot keep up with the chat", socket.id());
            events.slowClientDropped();
            socket.dropConnection();
        }
        return false;
    }

    /** Replay goes at the client's pace: when its buffer is full, wait for it to drain and try again. */
    @Override
    public boolean deliverReplayed(Message message) throws InterruptedException {
        SocketIoPreparedEvent event = events.prepareForOne(message);
        while (!session.give(socket, message.offset(), event)) {
            if (!socket.connected() || !awaitCapacity()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean awaitCapacity() throws InterruptedException {
        return socket.awaitWritable(CAPACITY_WAIT_MILLIS) || dropBecauseStuck();
    }

    private boolean dropBecauseStuck() {
        if (socket.connected()) {
            LOG.info("dropping the connection of socket {}: its replay made no progress for {} ms",
                    socket.id(), CAPACITY_WAIT_MILLIS);
            socket.dropConnection();
        }
        return false;
    }

    @Override
    public void cursorReset(Offset requested, Offset newest) {
        LOG.warn("socket {} asked for messages after offset {}, but the newest stored offset is {}: "
                + "the database was replaced or reset; sending the whole history", socket.id(), requested, newest);
        ObjectNode reset = JsonNodeFactory.instance.objectNode();
        reset.put("requestedOffset", requested.value());
        reset.put("newestOffset", newest.value());
        socket.emit(ChatEvents.RESET_EVENT, reset);
    }

    @Override
    public void followingStopped(String reason) {
        LOG.warn("stopped delivering to socket {}: {}", socket.id(), reason);
        if (socket.connected()) {
            socket.dropConnection();
        }
    }
}
