package dev.herald.adapters.websocket.socketio.server;

import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoListener;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.socketio.SocketIoPacket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Socket.IO v5 server on top of Engine.IO connections: give it to the transports as their {@link EngineIoListener}.
 * Holds the main namespace {@code /} and those created with {@link #of}; a CONNECT to any other namespace is refused
 * with {@code 44<nsp>,{"message":"Invalid namespace"}}.
 *
 * <pre>{@code
 * SocketIoServer io = new SocketIoServer(SocketIoServerOptions.defaults(scheduler)
 *         .withRecovery(SocketIoRecoveryOptions.enabledWithDefaults()));
 * io.mainNamespace().onConnection(socket -> {
 *     socket.on("chat message", (args, ack) -> {
 *         io.mainNamespace().broadcast("chat message", args.get(0), 17);
 *         ack.send();
 *     });
 *     socket.onDisconnect(reason -> log.info("left: {}", reason));
 * });
 * }</pre>
 */
public final class SocketIoServer implements EngineIoListener {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SocketIoServerOptions options;
    private final SocketIoObserver observer;
    private final ConcurrentHashMap<String, SocketIoNamespace> namespaces = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<EngineIoConnection, SocketIoClient> clients = new ConcurrentHashMap<>();
    private final SocketIoSessionStore sessions;
    private final AtomicLong offsets = new AtomicLong();
    private final ScheduledFuture<?> purgeTimer;
    private volatile boolean shuttingDown;

    public SocketIoServer(SocketIoServerOptions options) {
        this(options, SocketIoObserver.NONE);
    }

    /** As {@link #SocketIoServer(SocketIoServerOptions)}, reporting to {@code observer}. */
    public SocketIoServer(SocketIoServerOptions options, SocketIoObserver observer) {
        this.options = Objects.requireNonNull(options, "options");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.sessions = new SocketIoSessionStore(options.recovery().maxDisconnectionDuration());
        namespaces.put(SocketIoPacket.MAIN_NAMESPACE, new SocketIoNamespace(this, SocketIoPacket.MAIN_NAMESPACE));
        if (options.recovery().enabled()) {
            // The reference adapter purges every 60 s; purge at least that often, and more often for short durations.
            long period = Math.min(Duration.ofSeconds(60).toMillis(),
                    Math.max(1, options.recovery().maxDisconnectionDuration().toMillis()));
            purgeTimer = options.scheduler().scheduleAtFixedRate(
                    () -> sessions.purge(options.clock().instant()), period, period, TimeUnit.MILLISECONDS);
        } else {
            purgeTimer = null;
        }
    }

    public SocketIoServerOptions options() {
        return options;
    }

    /** The main namespace {@code /}. */
    public SocketIoNamespace mainNamespace() {
        return namespaces.get(SocketIoPacket.MAIN_NAMESPACE);
    }

    /** The namespace with this name, created if needed; a name starts with {@code /} and has no comma. */
    public SocketIoNamespace of(String name) {
        if (!SocketIoPacket.isValidNamespace(name)) {
            throw new IllegalArgumentException("a namespace starts with '/' and has no ',': " + name);
        }
        return namespaces.computeIfAbsent(name, n -> new SocketIoNamespace(this, n));
    }

    /** Every namespace, the main one included. */
    public java.util.Collection<SocketIoNamespace> namespaces() {
        return java.util.Collections.unmodifiableCollection(namespaces.values());
    }

    /** An existing namespace. */
    public Optional<SocketIoNamespace> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    /** How many Engine.IO connections this server serves. */
    public int connectionCount() {
        return clients.size();
    }

    /**
     * Graceful shutdown: refuses new connections, then closes every connection with {@code server shutting down}, a
     * recoverable reason, so that with recovery on each socket's session is kept (for another server of the same
     * process, or a restart of this one in the same process) and clients reconnect. Queued messages are flushed by the
     * transports where they can. Stops the session purge timer.
     */
    public void shutdown() {
        shuttingDown = true;
        for (SocketIoClient client : List.copyOf(clients.values())) {
            client.closeTransport(SocketIoDisconnectReason.SERVER_SHUTTING_DOWN);
        }
        if (purgeTimer != null) {
            purgeTimer.cancel(false);
        }
    }

    @Override
    public void onOpen(EngineIoConnection connection) {
        if (shuttingDown) {
            connection.close(SocketIoDisconnectReason.SERVER_SHUTTING_DOWN.wireName());
            return;
        }
        SocketIoClient client = new SocketIoClient(this, connection);
        clients.put(connection, client);
        client.startConnectTimer();
    }

    @Override
    public void onMessage(EngineIoConnection connection, EngineIoMessage message) {
        SocketIoClient client = clients.get(connection);
        if (client != null) {
            client.onMessage(message);
        }
    }

    @Override
    public void onClose(EngineIoConnection connection, String reason) {
        SocketIoClient client = clients.get(connection);
        if (client != null) {
            client.onTransportClosed(SocketIoDisconnectReason.fromEngineIo(reason));
        }
    }

    // ---- package-private ----

    SocketIoObserver observer() {
        return observer;
    }

    SocketIoSessionStore sessions() {
        return sessions;
    }

    void forget(SocketIoClient client) {
        clients.remove(client.connection(), client);
    }

    /** The next recovery offset: one counter for the whole server, so a prepared event has one offset everywhere. */
    String nextOffset() {
        return Long.toString(offsets.incrementAndGet());
    }

    /** 20 URL-safe characters from 120 random bits. */
    static String randomId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ID_ENCODER.encodeToString(bytes);
    }
}
