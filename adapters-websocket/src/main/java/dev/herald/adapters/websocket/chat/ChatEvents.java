package dev.herald.adapters.websocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.socketio.server.SocketIoAck;
import dev.herald.adapters.websocket.socketio.server.SocketIoConnectDecision;
import dev.herald.adapters.websocket.socketio.server.SocketIoNamespace;
import dev.herald.adapters.websocket.socketio.server.SocketIoPreparedEvent;
import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import dev.herald.application.MessageFeed;
import dev.herald.application.PostMessage;
import dev.herald.application.PostResult;
import dev.herald.application.port.MessageStoreException.Failure;
import dev.herald.domain.DeliveryCursor;
import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tutorial's chat (steps 7 and 8) on a Socket.IO namespace, on Herald's use cases:
 * <ul>
 *   <li>{@code 'chat message'(msg)} and {@code 'chat message'(msg, clientOffset, ack)}: posted through
 *       {@link PostMessage}; acknowledged (no arguments, as in the tutorial) once the store reports it durable, also
 *       for a retry of a stored client offset; a refused message (too long, not text) is acknowledged with
 *       {@code {"error": code, "message": why}} and nothing is stored; a store failure is not acknowledged, so the
 *       client retries.</li>
 *   <li>Delivery as {@code 'chat message'(msg, offset)}, in offset order, by the {@link MessageFeed} only.</li>
 *   <li>On connection: a recovered socket resumes after the last message it was given; any other socket gets every
 *       message after {@code auth.serverOffset}, then the live stream. An unusable {@code serverOffset} is refused
 *       with a CONNECT_ERROR that says why.</li>
 *   <li>A cursor ahead of the store is answered with {@code 'chat reset'({requestedOffset, newestOffset})} before
 *       the whole history (ADR 0003).</li>
 * </ul>
 * Event handlers may block (when a socket has too many posts in flight): the Socket.IO server must run them on
 * virtual threads. One socket's messages are stored in the order it sent them.
 */
public final class ChatEvents {

    public static final String MESSAGE_EVENT = "chat message";
    public static final String RESET_EVENT = "chat reset";

    private static final Logger LOG = LoggerFactory.getLogger(ChatEvents.class);
    private static final String REQUESTED_CURSOR = "herald.chat.requestedCursor";
    private static final String IN_FLIGHT = "herald.chat.inFlight";
    /** Posts of one socket the store may hold at once; enough for a client's ack window, bounded for a flood. */
    private static final int MAX_IN_FLIGHT = 64;

    private final SocketIoNamespace namespace;
    private final PostMessage postMessage;
    private final MessageFeed feed;
    private final ChatMetrics metrics;
    /** The last message prepared, shared by every recipient of a live broadcast: encoded once. */
    private final AtomicReference<PreparedMessage> lastPrepared = new AtomicReference<>();

    public ChatEvents(SocketIoNamespace namespace, PostMessage postMessage, MessageFeed feed, MeterRegistry registry) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.postMessage = Objects.requireNonNull(postMessage, "postMessage");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.metrics = new ChatMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /** Registers the connect hook and the connection handler on the namespace. */
    public ChatEvents install() {
        namespace.use((handshake, data) -> switch (ServerOffsetParser.parse(handshake.auth())) {
            case ServerOffsetParser.Result.Valid valid -> {
                data.put(REQUESTED_CURSOR, valid.offset());
                yield SocketIoConnectDecision.accept();
            }
            case ServerOffsetParser.Result.Invalid invalid -> {
                metrics.connectRefused();
                ObjectNode detail = JsonNodeFactory.instance.objectNode().put("field", "auth.serverOffset");
                yield SocketIoConnectDecision.refuse(invalid.reason(), detail);
            }
        });
        namespace.onConnection(this::onConnection);
        return this;
    }

    private void onConnection(SocketIoSocket socket) {
        ChatSession session;
        Offset cursor;
        Object existing = socket.data().get(ChatSession.KEY);
        if (socket.recovered() && existing instanceof ChatSession recovered) {
            session = recovered;
            cursor = session.resumeOn(socket);
            metrics.recovered();
        } else {
            Object requested = socket.data().get(REQUESTED_CURSOR);
            cursor = requested instanceof Offset offset ? offset : Offset.ZERO;
            session = new ChatSession(socket, cursor);
            socket.data().put(ChatSession.KEY, session);
            metrics.replayStarted();
        }
        session.following(feed.follow(new ChatSubscriber(socket, session, this), DeliveryCursor.at(cursor)));
        socket.onDisconnect(reason -> session.stop(socket));
        socket.on(MESSAGE_EVENT, (args, ack) -> onChatMessage(socket, args, ack));
    }

    private void onChatMessage(SocketIoSocket socket, List<JsonNode> args, SocketIoAck ack) {
        JsonNode text = args.isEmpty() ? null : args.get(0);
        JsonNode clientOffset = args.size() < 2 ? null : args.get(1);
        if (text == null || !text.isTextual()) {
            refuse(ack, PostResult.Reason.INVALID_TEXT, "the message must be a string");
            return;
        }
        String offset;
        if (clientOffset == null || clientOffset.isNull()) {
            offset = null;
        } else if (clientOffset.isTextual()) {
            offset = clientOffset.textValue();
        } else if (clientOffset.isIntegralNumber()) {
            offset = clientOffset.asText();
        } else {
            refuse(ack, PostResult.Reason.INVALID_CLIENT_OFFSET, "the client offset must be a string");
            return;
        }
        // Posts overlap (the store commits them together) but keep this socket's order: they are started in
        // arrival order, and the store commits in the order started. At most MAX_IN_FLIGHT per socket: beyond that
        // this socket's handler waits, which stops reading its further events.
        Semaphore inFlight = inFlightOf(socket);
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: no ack, the client retries elsewhere or later
        }
        postMessage.postAsync(text.textValue(), offset).whenComplete((result, failure) -> {
            inFlight.release();
            if (failure != null) {
                LOG.error("posting a message from socket {} failed unexpectedly; not acknowledged", socket.id(), failure);
                return;
            }
            acknowledge(socket, ack, result);
        });
    }

    private void acknowledge(SocketIoSocket socket, SocketIoAck ack, PostResult result) {
        switch (result) {
            case PostResult.Posted posted -> {
                metrics.posted();
                ack.send();
            }
            case PostResult.AlreadyPosted already -> {
                metrics.duplicate();
                ack.send();
            }
            case PostResult.Rejected rejected -> refuse(ack, rejected.reason(), rejected.detail());
            case PostResult.Failed failed -> {
                // No ack: the client's retry is the recovery. One line per failure, without the message.
                metrics.failed(failed.failure());
                LOG.warn("message from socket {} not stored ({}); the client will retry", socket.id(), failed.failure());
            }
        }
    }

    private static Semaphore inFlightOf(SocketIoSocket socket) {
        return (Semaphore) socket.data().computeIfAbsent(IN_FLIGHT, key -> new Semaphore(MAX_IN_FLIGHT));
    }

    private void refuse(SocketIoAck ack, PostResult.Reason reason, String detail) {
        metrics.refused(reason);
        ack.send(JsonNodeFactory.instance.objectNode().put("error", reason.name()).put("message", detail));
    }

    /** The wire form of {@code message}, shared when every live recipient asks for the same one in turn. */
    SocketIoPreparedEvent prepare(Message message) {
        PreparedMessage last = lastPrepared.get();
        // Compared by value, not with the record's equals: that goes through a method handle, slow under C1.
        if (last != null && last.offset() == message.offset().value()) {
            return last.event();
        }
        // Prepared for sharing: every recipient's transport writes the same native frame (one meant for a single
        // connection would be copied into each connection's write buffer).
        SocketIoPreparedEvent event = namespace.prepare(MESSAGE_EVENT, message.text().value(), message.offset().value());
        lastPrepared.set(new PreparedMessage(message.offset().value(), event));
        return event;
    }

    /**
     * The wire form of {@code message} for a single recipient (a replay): not cached, so a catch-up running beside
     * the live dispatcher never evicts the live message every follower is being given.
     */
    SocketIoPreparedEvent prepareForOne(Message message) {
        return namespace.prepareForOne(MESSAGE_EVENT, message.text().value(), message.offset().value());
    }

    void slowClientDropped() {
        metrics.slowClientDropped();
    }

    private record PreparedMessage(long offset, SocketIoPreparedEvent event) {}

    /** The chat's meters (docs/metrics.md). */
    private static final class ChatMetrics {
        private final Map<PostResult.Reason, Counter> refused = new EnumMap<>(PostResult.Reason.class);
        private final Map<Failure, Counter> failed = new EnumMap<>(Failure.class);
        private final Counter posted;
        private final Counter duplicates;
        private final Counter recovered;
        private final Counter replays;
        private final Counter slowDropped;
        private final Counter connectRefused;

        ChatMetrics(MeterRegistry registry) {
            // Every reason and failure is registered up front: they show as 0 before the first one, and counting
            // one never builds tags.
            for (PostResult.Reason reason : PostResult.Reason.values()) {
                refused.put(reason, Counter.builder("herald.messages.refused")
                        .description("messages refused without storing, by reason").tag("reason", reason.name())
                        .register(registry));
            }
            for (Failure failure : Failure.values()) {
                failed.put(failure, Counter.builder("herald.messages.failed")
                        .description("posts not stored because the store failed (not acknowledged; clients retry)")
                        .tag("failure", failure.name()).register(registry));
            }
            posted = Counter.builder("herald.messages.posted").description("new messages stored").register(registry);
            duplicates = Counter.builder("herald.messages.duplicates")
                    .description("retries of an already stored client offset, acknowledged without a broadcast")
                    .register(registry);
            recovered = Counter.builder("herald.chat.sessions.resumed")
                    .description("connections that resumed a recovered session instead of replaying").register(registry);
            replays = Counter.builder("herald.chat.replays.started")
                    .description("connections that replay from their auth.serverOffset").register(registry);
            slowDropped = Counter.builder("herald.chat.slow.clients.dropped")
                    .description("connections dropped because they could not keep up").register(registry);
            connectRefused = Counter.builder("herald.chat.connects.refused")
                    .description("connections refused for an unusable auth.serverOffset").register(registry);
        }

        void posted() {
            posted.increment();
        }

        void duplicate() {
            duplicates.increment();
        }

        void refused(PostResult.Reason reason) {
            refused.get(reason).increment();
        }

        void failed(Failure failure) {
            failed.get(failure).increment();
        }

        void recovered() {
            recovered.increment();
        }

        void replayStarted() {
            replays.increment();
        }

        void slowClientDropped() {
            slowDropped.increment();
        }

        void connectRefused() {
            connectRefused.increment();
        }
    }
}
