package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.socketio.SocketIoCodec;
import dev.herald.adapters.websocket.socketio.SocketIoDecodeResult;
import dev.herald.adapters.websocket.socketio.SocketIoDecoder;
import dev.herald.adapters.websocket.socketio.SocketIoPacket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO state of one Engine.IO connection (the reference server's {@code Client}): its decoder, the namespaces
 * it joined or is joining, and the connect timeout. The state machine of {@code client.ts ondecoded}: a CONNECT for a
 * namespace not joined connects; any other packet for a joined namespace goes to its socket; anything else (an event
 * for a namespace not joined, a second CONNECT, a CONNECT_ERROR from the client) closes the connection.
 */
final class SocketIoClient {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoClient.class);

    private final SocketIoServer server;
    private final EngineIoConnection connection;
    /** Used only by {@link #onMessage}, which the transport calls one message at a time. */
    private final SocketIoDecoder decoder;

    // Guarded by this.
    private final Map<String, SocketIoSocket> sockets = new HashMap<>(2);
    private final Set<String> connecting = new HashSet<>(2);
    private ScheduledFuture<?> connectTimer;
    private boolean closed;

    SocketIoClient(SocketIoServer server, EngineIoConnection connection) {
        this.server = server;
        this.connection = connection;
        this.decoder = new SocketIoDecoder(server.options().maxAttachments());
    }

    EngineIoConnection connection() {
        return connection;
    }

    synchronized void startConnectTimer() {
        connectTimer = server.options().scheduler().schedule(this::onConnectTimeout,
                server.options().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    void onMessage(EngineIoMessage message) {
        switch (decoder.decode(message)) {
            case SocketIoDecodeResult.Decoded decoded -> onPacket(decoded.packet());
            case SocketIoDecodeResult.Incomplete incomplete -> { }
            case SocketIoDecodeResult.Failed failed -> {
                LOG.debug("closing {}: undecodable packet ({}: {})", connection.remoteAddress(), failed.error(),
                        failed.detail());
                server.observer().protocolError(SocketIoObserver.ProtocolError.PARSE_ERROR);
                closeTransport(SocketIoDisconnectReason.PARSE_ERROR);
            }
        }
    }

    private void onPacket(SocketIoPacket packet) {
        String name = packet.namespace();
        SocketIoSocket socket;
        boolean connect = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            socket = sockets.get(name);
            if (socket == null && packet instanceof SocketIoPacket.Connect && !connecting.contains(name)) {
                connecting.add(name);
                connect = true;
            }
        }
        if (connect) {
            SocketIoNamespace namespace = server.namespace(name).orElse(null);
            if (namespace == null) {
                LOG.debug("refusing CONNECT to an unknown namespace from {}", connection.remoteAddress());
                server.observer().protocolError(SocketIoObserver.ProtocolError.INVALID_NAMESPACE);
                refuse(name, new SocketIoConnectDecision.Refuse("Invalid namespace", null));
                return;
            }
            namespace.connect(this, ((SocketIoPacket.Connect) packet).data());
        } else if (socket != null && !(packet instanceof SocketIoPacket.Connect)
                && !(packet instanceof SocketIoPacket.ConnectError)) {
            socket.onPacket(packet);
        } else {
            LOG.debug("closing {}: {} packet in an invalid state", connection.remoteAddress(), packet.type());
            server.observer().protocolError(SocketIoObserver.ProtocolError.INVALID_STATE);
            closeTransport(SocketIoDisconnectReason.FORCED_SERVER_CLOSE);
        }
    }

    /** Sends CONNECT_ERROR for a namespace being joined and forgets the attempt. */
    void refuse(String namespace, SocketIoConnectDecision.Refuse refusal) {
        synchronized (this) {
            if (!connecting.remove(namespace) || closed) {
                return;
            }
            ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", refusal.message());
            if (refusal.data() != null) {
                error.set("data", refusal.data());
            }
            connection.send(SocketIoCodec.encode(new SocketIoPacket.ConnectError(namespace, error)).toMessages());
        }
    }

    /**
     * Makes {@code socket} a member if its namespace is still being joined and the client is open, running
     * {@code open} (CONNECT reply, registration) atomically with it. Returns whether it joined.
     */
    synchronized boolean join(SocketIoSocket socket, Runnable open) {
        String name = socket.namespace().name();
        if (closed || !connecting.remove(name)) {
            return false;
        }
        open.run();
        sockets.put(name, socket);
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        return true;
    }

    synchronized void remove(SocketIoSocket socket) {
        sockets.remove(socket.namespace().name(), socket);
    }

    /** Every namespace left with {@code server namespace disconnect}, then the connection closed. */
    void disconnectAll() {
        for (SocketIoSocket socket : snapshot()) {
            socket.close(SocketIoDisconnectReason.SERVER_NAMESPACE_DISCONNECT, true);
        }
        closeTransport(SocketIoDisconnectReason.FORCED_SERVER_CLOSE);
    }

    /** Ends every socket with {@code reason}, then closes the Engine.IO connection with that reason. */
    void closeTransport(SocketIoDisconnectReason reason) {
        onTransportClosed(reason);
        if (connection.isOpen()) {
            connection.close(reason.wireName());
        }
    }

    /** The Engine.IO connection is gone (or going): every socket ends with {@code reason}. Idempotent. */
    void onTransportClosed(SocketIoDisconnectReason reason) {
        List<SocketIoSocket> members;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            members = List.copyOf(sockets.values());
            connecting.clear();
            if (connectTimer != null) {
                connectTimer.cancel(false);
                connectTimer = null;
            }
        }
        server.forget(this);
        for (SocketIoSocket socket : members) {
            socket.onClose(reason);
        }
    }

    private synchronized List<SocketIoSocket> snapshot() {
        return List.copyOf(sockets.values());
    }

    private void onConnectTimeout() {
        synchronized (this) {
            if (closed || !sockets.isEmpty()) {
                return;
            }
        }
        LOG.debug("closing {}: no namespace joined within the connect timeout", connection.remoteAddress());
        server.observer().protocolError(SocketIoObserver.ProtocolError.CONNECT_TIMEOUT);
        closeTransport(SocketIoDisconnectReason.FORCED_SERVER_CLOSE);
    }
}
