package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.socketio.SocketIoCodec;
import dev.herald.adapters.websocket.socketio.SocketIoEventWriter;
import dev.herald.adapters.websocket.socketio.SocketIoPacket;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: its connect hooks, its connection handlers, its connected sockets, and its server-to-client ack ids
 * (one counter per namespace, as in the reference server).
 */
public final class SocketIoNamespace {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoNamespace.class);

    private final SocketIoServer server;
    private final String name;
    private final List<SocketIoConnectHook> hooks = new CopyOnWriteArrayList<>();
    private final List<Consumer<SocketIoSocket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    /** The last event name {@link #prepare} found not reserved (a benign race: at worst it is checked again). */
    private String lastAllowedEvent;

    SocketIoNamespace(SocketIoServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Adds a connect hook (middleware), run for every CONNECT after those added before. */
    public SocketIoNamespace use(SocketIoConnectHook hook) {
        hooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Adds a handler told of every socket that joins, after its CONNECT reply (and, for a recovered socket, the
     * packets it missed) have been queued, and before any of its events are dispatched. Register event handlers here.
     */
    public SocketIoNamespace onConnection(Consumer<SocketIoSocket> handler) {
        connectionHandlers.add(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** The connected sockets, a live view. */
    public Collection<SocketIoSocket> sockets() {
        return Collections.unmodifiableCollection(sockets.values());
    }

    public Optional<SocketIoSocket> socket(String id) {
        return Optional.ofNullable(sockets.get(id));
    }

    /**
     * Encodes an event once for any number of recipients (see {@link SocketIoSocket#emit} for the arguments). With
     * recovery on, the next offset is assigned now and appended as the last argument.
     */
    public SocketIoPreparedEvent prepare(String event, Object... args) {
        return prepareEvent(event, args, false);
    }

    /**
     * As {@link #prepare}, for an event that will be sent to a single socket (a replay): the transport then need
     * not keep a frame of it for other recipients to share.
     */
    public SocketIoPreparedEvent prepareForOne(String event, Object... args) {
        return prepareEvent(event, args, true);
    }

    private SocketIoPreparedEvent prepareEvent(String event, Object[] args, boolean forOne) {
        Objects.requireNonNull(event, "event");
        if (event != lastAllowedEvent) { // the same name every time, for a replay's every message: checked once
            if (SocketIoPacket.RESERVED_EVENTS.contains(event)) {
                throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
            }
            lastAllowedEvent = event;
        }
        String offset = server.options().recovery().enabled() ? server.nextOffset() : null;
        return new SocketIoPreparedEvent(server, name, offset, encodeEvent(name, event, args, offset, forOne));
    }

    /**
     * The messages of an EVENT without ack id, {@code offset} (if any) appended as the last argument. Strings,
     * integers, booleans and nulls are written straight to UTF-8 (every chat delivery: no JSON tree, no string);
     * anything else goes through Jackson. Both give the same bytes.
     */
    static List<EngineIoMessage> encodeEvent(String namespace, String event, Object[] args, String offset,
            boolean forOne) {
        byte[] utf8 = SocketIoEventWriter.eventUtf8(namespace, event, args, offset);
        if (utf8 != null) {
            return List.of(EngineIoMessage.textOfUtf8(utf8, forOne));
        }
        ArrayNode data = SocketIoCodec.toJsonArray(event, args);
        if (offset != null) {
            data.add(offset);
        }
        return SocketIoCodec.encode(SocketIoCodec.event(namespace, OptionalLong.empty(), data)).toMessages();
    }

    /** Sends a prepared event to every connected socket; returns how many queued it. */
    public int broadcast(SocketIoPreparedEvent event) {
        int queued = 0;
        for (SocketIoSocket socket : sockets.values()) {
            if (socket.send(event)) {
                queued++;
            }
        }
        return queued;
    }

    /** Prepares an event and sends it to every connected socket; returns how many queued it. */
    public int broadcast(String event, Object... args) {
        return broadcast(prepare(event, args));
    }

    @Override
    public String toString() {
        return "SocketIoNamespace[" + name + "]";
    }

    // ---- package-private ----

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    void remove(SocketIoSocket socket) {
        sockets.remove(socket.id(), socket);
    }

    /** Handles a CONNECT for this namespace (PROTOCOL.md §1.2 "Connect to a namespace", §1.3 item 5). */
    void connect(SocketIoClient client, ObjectNode authOrNull) {
        ObjectNode auth = authOrNull != null ? authOrNull : JsonNodeFactory.instance.objectNode();
        SocketIoRecoveryOptions recovery = server.options().recovery();
        SocketIoSessionStore.Restored restored = null;
        if (recovery.enabled()) {
            JsonNode pid = auth.get("pid");
            JsonNode offset = auth.get("offset");
            if (pid != null && pid.isTextual() && offset != null && offset.isTextual()) {
                restored = server.sessions().restore(pid.textValue(), offset.textValue(), name,
                        server.options().clock().instant());
                if (restored == null) {
                    server.observer().recovery(false);
                }
            }
        }
        SocketIoHandshake handshake = new SocketIoHandshake(auth, client.connection().query(),
                client.connection().headers(), client.connection().remoteAddress(), server.options().clock().instant());
        SocketIoSocket socket = new SocketIoSocket(server, this, client, handshake,
                restored == null ? null : restored.session());
        List<List<EngineIoMessage>> missed =
                restored == null ? List.of() : restored.missed();
        SocketIoSessionStore.Restored consumed = restored;
        if (restored != null && recovery.skipMiddlewares()) {
            finishConnect(client, socket, missed, consumed);
            return;
        }
        runHooks(socket).whenComplete((decision, failure) -> {
            if (failure == null && decision instanceof SocketIoConnectDecision.Accept) {
                finishConnect(client, socket, missed, consumed);
                return;
            }
            SocketIoConnectDecision.Refuse refusal = decision instanceof SocketIoConnectDecision.Refuse r
                    ? r
                    : new SocketIoConnectDecision.Refuse("Server error", null);
            if (failure != null) {
                LOG.warn("connect hook failed on {}: {}", name, failure.toString());
            }
            if (consumed != null) {
                server.sessions().persist(consumed.session()); // refused: the session stays restorable
            }
            socket.abandon();
            client.refuse(name, refusal);
        });
    }

    private void finishConnect(SocketIoClient client, SocketIoSocket socket,
            List<List<EngineIoMessage>> missed, SocketIoSessionStore.Restored restored) {
        if (!client.join(socket, () -> {
            socket.open(missed);
            sockets.put(socket.id(), socket);
        })) {
            socket.abandon();
            if (restored != null) {
                server.sessions().persist(restored.session()); // the client left mid-connect: keep it restorable
            }
            return;
        }
        if (restored != null) {
            server.observer().recovery(true);
        }
        socket.startCallbacks(connectionHandlers);
    }

    private CompletionStage<SocketIoConnectDecision> runHooks(SocketIoSocket socket) {
        CompletionStage<SocketIoConnectDecision> stage = SocketIoConnectDecision.accept();
        for (SocketIoConnectHook hook : hooks) {
            stage = stage.thenCompose(decision -> decision instanceof SocketIoConnectDecision.Accept
                    ? check(hook, socket)
                    : CompletableFuture.completedFuture(decision));
        }
        return stage;
    }

    private static CompletionStage<SocketIoConnectDecision> check(SocketIoConnectHook hook, SocketIoSocket socket) {
        try {
            CompletionStage<SocketIoConnectDecision> result = hook.check(socket.handshake(), socket.data());
            return result != null ? result : CompletableFuture.failedFuture(new NullPointerException("hook result"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
