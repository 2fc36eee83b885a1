package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.socketio.SocketIoCodec;
import dev.herald.adapters.websocket.socketio.SocketIoPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client's membership of one namespace (the reference server's {@code Socket}). Thread-safe: emit from any
 * thread; emits never block. The handlers of one socket run one at a time, in arrival order, on the server's handler
 * executor.
 *
 * <p>With connection state recovery on, every event sent without an ack request gets a string offset appended as its
 * last argument and is kept in this socket's recovery buffer (PROTOCOL.md §1.3). Only events the transport queued are
 * kept: {@code emit} and {@code send} return {@code true} exactly when the client was given the event (now, or by a
 * later recovery), so the application can track what each client has.
 */
public final class SocketIoSocket {

    private final SocketIoServer server;
    private final SocketIoNamespace namespace;
    private final SocketIoClient client;
    private final String id;
    private final String pid;
    private final SocketIoHandshake handshake;
    private final boolean recovered;
    private final ConcurrentMap<String, Object> data;
    private final SocketIoRecoveryBuffer buffer;
    private final ConcurrentHashMap<String, List<SocketIoEventHandler>> handlers = new ConcurrentHashMap<>(4);
    private final List<SocketIoDisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Long, PendingAck> pendingAcks = new ConcurrentHashMap<>(2);
    private final SerialExecutor callbacks;

    /** Guarded by {@code this}; volatile for lock-free reads. */
    private volatile boolean connected;
    private boolean closed;

    private record PendingAck(SocketIoAckCallback callback, ScheduledFuture<?> timer) {}

    SocketIoSocket(SocketIoServer server, SocketIoNamespace namespace, SocketIoClient client, SocketIoHandshake handshake,
            SocketIoSessionStore.Session previous) {
        this.server = server;
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        this.callbacks = new SerialExecutor(server.options().handlerExecutor());
        if (previous != null) {
            this.id = previous.sid();
            this.pid = previous.pid();
            this.data = previous.data();
            this.buffer = previous.buffer();
            this.recovered = true;
        } else {
            this.id = SocketIoServer.randomId();
            boolean recovery = server.options().recovery().enabled();
            this.pid = recovery ? SocketIoServer.randomId() : null;
            this.data = new ConcurrentHashMap<>(2);
            this.buffer = recovery ? new SocketIoRecoveryBuffer(server.options().recovery().bufferSize()) : null;
            this.recovered = false;
        }
    }

    /** The socket id sent in the CONNECT reply: random, URL-safe, distinct from the Engine.IO session id. */
    public String id() {
        return id;
    }

    public SocketIoNamespace namespace() {
        return namespace;
    }

    public SocketIoHandshake handshake() {
        return handshake;
    }

    /** Whether this socket restored a lost session: same id, same {@link #data()}, missed events re-sent. */
    public boolean recovered() {
        return recovered;
    }

    /** Application state for this socket; survives recovery. */
    public ConcurrentMap<String, Object> data() {
        return data;
    }

    public boolean connected() {
        return connected;
    }

    /**
     * Closes this client's whole Engine.IO connection with {@code forced close}, a recoverable reason: the client
     * reconnects by itself and, with recovery on, restores its session. For clients that cannot keep up.
     */
    public void dropConnection() {
        client.closeTransport(SocketIoDisconnectReason.FORCED_CLOSE);
    }

    /** Adds a handler for a client event. Register handlers in the namespace's connection handler. */
    public void on(String event, SocketIoEventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Adds a listener told once when this socket disconnects. */
    public void onDisconnect(SocketIoDisconnectListener listener) {
        disconnectListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Sends an event. Arguments: {@code JsonNode}s as they are, {@code byte[]} as binary attachments, anything else
     * through Jackson. Returns {@code false} when nothing was queued: the socket is disconnected or the connection's
     * outbound buffer is full.
     *
     * @throws IllegalArgumentException for a reserved event name ({@link SocketIoPacket#RESERVED_EVENTS})
     */
    public boolean emit(String event, Object... args) {
        checkEventName(event);
        String offset = buffer != null ? server.nextOffset() : null;
        return deliver(offset, SocketIoNamespace.encodeEvent(namespace.name(), event, args, offset, true));
    }

    /** Sends a prepared event of this socket's namespace: the same messages as every other recipient. */
    public boolean send(SocketIoPreparedEvent event) {
        checkPreparedHere(event);
        return deliver(event.offsetOrNull(), event.messages());
    }

    /**
     * Sends prepared events of this socket's namespace in order, all or none: {@code true} when the connection
     * queued all of them, {@code false} (and none sent) when it is disconnected or they do not all fit in its
     * outbound buffer. One hand-over for many events (a replay page).
     */
    public boolean sendAll(List<SocketIoPreparedEvent> events) {
        int count = 0;
        for (SocketIoPreparedEvent event : events) {
            checkPreparedHere(event);
            count += event.messages().size();
        }
        List<EngineIoMessage> messages = new ArrayList<>(count);
        for (SocketIoPreparedEvent event : events) {
            messages.addAll(event.messages());
        }
        synchronized (this) {
            if (!connected) {
                return false;
            }
            boolean queued = client.connection().send(messages);
            if (queued) {
                for (SocketIoPreparedEvent event : events) {
                    keepForRecovery(event.offsetOrNull(), event.messages());
                }
            }
            return queued;
        }
    }

    private void checkPreparedHere(SocketIoPreparedEvent event) {
        if (event.server() != server || !event.namespace().equals(namespace.name())) {
            throw new IllegalArgumentException("event prepared for another namespace or server: " + event);
        }
    }

    /** {@link #emitWithAck(String, Duration, SocketIoAckCallback, Object...)} with the default ack timeout. */
    public boolean emitWithAck(String event, SocketIoAckCallback callback, Object... args) {
        return emitWithAck(event, server.options().defaultAckTimeout(), callback, args);
    }

    /**
     * Sends an event that asks the client for an acknowledgement; {@code callback} is told exactly once: the ack's
     * arguments, a timeout, or the disconnect of this socket. Such events carry no recovery offset and are not kept
     * for recovery (as in the reference server). Returns {@code false}, and never calls {@code callback}, when the
     * event could not be queued.
     */
    public boolean emitWithAck(String event, Duration timeout, SocketIoAckCallback callback, Object... args) {
        checkEventName(event);
        Objects.requireNonNull(callback, "callback");
        long ackId = namespace.nextAckId();
        SocketIoPacket packet = SocketIoCodec.event(namespace.name(), OptionalLong.of(ackId),
                SocketIoCodec.toJsonArray(event, args));
        List<EngineIoMessage> messages = SocketIoCodec.encode(packet).toMessages();
        ScheduledFuture<?> timer = server.options().scheduler().schedule(
                () -> completeAck(ackId, new SocketIoAckResult.TimedOut()), timeout.toNanos(), TimeUnit.NANOSECONDS);
        PendingAck pending = new PendingAck(callback, timer);
        pendingAcks.put(ackId, pending);
        if (!deliver(null, messages)) {
            pendingAcks.remove(ackId, pending);
            timer.cancel(false);
            return false;
        }
        return true;
    }

    /**
     * Waits (meant for virtual threads replaying a backlog) until the connection's outbound buffer has room. Returns
     * {@code false} on timeout or if the connection closed.
     */
    public boolean awaitWritable(long timeoutMillis) throws InterruptedException {
        return connected && client.connection().awaitWritable(timeoutMillis);
    }

    /**
     * Leaves the namespace: sends DISCONNECT and reports {@code server namespace disconnect} (no session kept). With
     * {@code closeTransport}, every namespace of this client is left that way and the Engine.IO connection closed.
     */
    public void disconnect(boolean closeTransport) {
        if (closeTransport) {
            client.disconnectAll();
            return;
        }
        close(SocketIoDisconnectReason.SERVER_NAMESPACE_DISCONNECT, true);
    }

    @Override
    public String toString() {
        return "SocketIoSocket[" + namespace.name() + " " + id + "]";
    }

    // ---- package-private: driven by the client and namespace ----

    String pid() {
        return pid;
    }

    SocketIoClient client() {
        return client;
    }

    /**
     * Marks the socket connected and queues the CONNECT reply, then the missed packets of a restored session, in one
     * send so nothing can come between them.
     */
    synchronized void open(List<List<EngineIoMessage>> missed) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("sid", id);
        if (pid != null) {
            reply.put("pid", pid);
        }
        List<EngineIoMessage> messages = new ArrayList<>(SocketIoCodec.encode(
                new SocketIoPacket.Connect(namespace.name(), reply)).toMessages());
        for (List<EngineIoMessage> packet : missed) {
            messages.addAll(packet);
        }
        connected = true;
        client.connection().send(messages);
    }

    /** Runs the namespace's connection handlers, then lets queued packets through. */
    void startCallbacks(List<Consumer<SocketIoSocket>> connectionHandlers) {
        callbacks.resumeWith(() -> {
            for (var handler : connectionHandlers) {
                handler.accept(this);
            }
        });
    }

    void onPacket(SocketIoPacket packet) {
        switch (packet) {
            case SocketIoPacket.Event p -> onEvent(SocketIoCodec.arguments(p), p.ackId());
            case SocketIoPacket.BinaryEvent p -> onEvent(SocketIoCodec.arguments(p), p.ackId());
            case SocketIoPacket.Ack p -> completeAck(p.ackId(), new SocketIoAckResult.Acked(toList(p.data(), 0)));
            case SocketIoPacket.BinaryAck p ->
                    completeAck(p.ackId(), new SocketIoAckResult.Acked(toList(SocketIoCodec.arguments(p), 0)));
            case SocketIoPacket.Disconnect p -> onClose(SocketIoDisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            case SocketIoPacket.Connect p -> throw new IllegalStateException("CONNECT is handled by the client");
            case SocketIoPacket.ConnectError p -> throw new IllegalStateException("CONNECT_ERROR is handled by the client");
        }
    }

    /** Ends this socket once: keeps the session if the reason allows, fails pending acks, tells the listeners. */
    void onClose(SocketIoDisconnectReason reason) {
        close(reason, false);
    }

    /** Leaves the namespace, sending DISCONNECT first if asked (atomically: nothing is sent after it). */
    void close(SocketIoDisconnectReason reason, boolean sendDisconnect) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            boolean wasConnected = connected;
            connected = false;
            if (!wasConnected) {
                return; // never joined (refused or abandoned while connecting): nothing to report
            }
            if (sendDisconnect) {
                client.connection().send(
                        SocketIoCodec.encode(new SocketIoPacket.Disconnect(namespace.name())).toMessages());
            }
        }
        client.remove(this);
        namespace.remove(this);
        server.observer().disconnected(namespace.name(), reason);
        if (buffer != null && reason.recoverable()) {
            server.sessions().persist(new SocketIoSessionStore.Session(
                    id, pid, namespace.name(), data, buffer, server.options().clock().instant()));
        }
        for (Long ackId : List.copyOf(pendingAcks.keySet())) {
            completeAck(ackId, new SocketIoAckResult.Disconnected());
        }
        callbacks.execute(() -> {
            for (SocketIoDisconnectListener listener : disconnectListeners) {
                listener.onDisconnect(reason);
            }
        });
    }

    /** Abandons a socket that never joined (refused, or its client closed while connecting). */
    synchronized void abandon() {
        closed = true;
    }

    boolean sendAck(long ackId, Object... args) {
        ArrayNode data = SocketIoCodec.toJsonArray(null, args);
        SocketIoPacket packet = SocketIoCodec.ack(namespace.name(), ackId, data);
        return deliver(null, SocketIoCodec.encode(packet).toMessages());
    }

    // ---- internals ----

    private boolean deliver(String offset, List<EngineIoMessage> messages) {
        synchronized (this) {
            if (!connected) {
                return false;
            }
            // Kept for recovery only if queued: "true" then means "sent or re-sendable", "false" means "not sent
            // at all", which lets the layer above track exactly what this client was given.
            boolean queued = client.connection().send(messages);
            if (queued) {
                keepForRecovery(offset, messages);
            }
            return queued;
        }
    }

    /** An event given to the connection, kept for recovery if it carries an offset (recovery on). */
    private void keepForRecovery(String offset, List<EngineIoMessage> messages) {
        if (offset != null) {
            buffer.append(offset, messages);
        }
    }

    private void onEvent(ArrayNode args, OptionalLong ackId) {
        JsonNode name = args.get(0);
        String event = name.isTextual() ? name.textValue() : name.asText();
        List<JsonNode> arguments = toList(args, 1);
        SocketIoAck ack = ackId.isPresent() ? new SocketIoAck(this, ackId.getAsLong()) : SocketIoAck.NOT_REQUESTED;
        callbacks.execute(() -> {
            if (!connected) {
                return; // the reference server ignores packets dispatched after the disconnection
            }
            List<SocketIoEventHandler> list = handlers.get(event);
            if (list != null) {
                for (SocketIoEventHandler handler : list) {
                    handler.onEvent(arguments, ack);
                }
            }
        });
    }

    private void completeAck(long ackId, SocketIoAckResult result) {
        PendingAck pending = pendingAcks.remove(ackId);
        if (pending == null) {
            return; // unknown, late or duplicate ack: ignored, as the reference server does
        }
        pending.timer().cancel(false);
        callbacks.execute(() -> pending.callback().onResult(result));
    }

    private static List<JsonNode> toList(ArrayNode array, int from) {
        if (array.size() <= from) {
            return List.of();
        }
        List<JsonNode> list = new ArrayList<>(array.size() - from);
        for (int i = from; i < array.size(); i++) {
            list.add(array.get(i));
        }
        return Collections.unmodifiableList(list);
    }

    private static void checkEventName(String event) {
        Objects.requireNonNull(event, "event");
        if (SocketIoPacket.RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }
}
