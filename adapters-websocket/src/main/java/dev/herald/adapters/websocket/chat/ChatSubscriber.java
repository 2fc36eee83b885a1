package dev.herald.adapters.websocket.chat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.socketio.server.SocketIoPreparedEvent;
import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import dev.herald.application.port.Subscriber;
import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import java.util.ArrayList;
import java.util.List;
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
    /** Replayed messages handed to the socket at once: far below the outbound limit, so a run normally fits. */
    private static final int RUN = 64;

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
        return giveReplayed(message, events.prepareForOne(message));
    }

    /**
     * A page of replay goes over in runs of {@link #RUN} messages, each given to the socket in one hand-over (one
     * lock of each layer, one wake-up of the connection's IO thread). A run the connection cannot take whole goes
     * one message at a time, waiting for room as needed.
     */
    @Override
    public int deliverReplayed(List<Message> messages) throws InterruptedException {
        int given = 0;
        List<SocketIoPreparedEvent> run = new ArrayList<>(Math.min(RUN, messages.size()));
        while (given < messages.size()) {
            int end = Math.min(messages.size(), given + RUN);
            run.clear();
            for (int i = given; i < end; i++) {
                run.add(events.prepareForOne(messages.get(i)));
            }
            if (!session.giveAll(socket, messages.get(end - 1).offset(), run)) {
                for (int i = given; i < end; i++) {
                    if (!giveReplayed(messages.get(i), run.get(i - given))) {
                        return i;
                    }
                }
            }
            given = end;
        }
        return given;
    }

    private boolean giveReplayed(Message message, SocketIoPreparedEvent event) throws InterruptedException {
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
