package dev.herald.adapters.websocket.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything configurable about an {@link EngineIoServer}, validated once. Defaults are the reference server's.
 *
 * @param path                 where the bootstrap mounts the handler, e.g. {@code /socket.io/} or {@code /engine.io/}
 * @param pingInterval         time between server pings ({@code pingInterval} in the handshake)
 * @param pingTimeout          how long a pong may take before the session closes with {@code "ping timeout"}
 * @param upgradeTimeout       how long a probing WebSocket may take to send {@code 5} before it is closed
 * @param closeTimeout         how long a server-closed polling session waits for a GET to carry its {@code close}
 * @param maxPayload           the largest POST body and WebSocket message in bytes (Node's {@code maxHttpBufferSize});
 *                             also the size limit of one GET response batch, and {@code maxPayload} in the handshake
 * @param allowedOrigins       origins allowed by CORS and for WebSockets; empty allows any origin
 * @param maxBufferedMessages  outbound messages a connection may hold before {@code send} returns false
 * @param maxBufferedBytes     outbound bytes a connection may hold before {@code send} returns false
 * @param allowRequest         extra handshake check, refusal answered 403
 */
public record EngineIoServerOptions(
        String path,
        Duration pingInterval,
        Duration pingTimeout,
        Duration upgradeTimeout,
        Duration closeTimeout,
        long maxPayload,
        Set<String> allowedOrigins,
        int maxBufferedMessages,
        long maxBufferedBytes,
        EngineIoRequestFilter allowRequest) {

    public EngineIoServerOptions {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got " + path);
        }
        requirePositive("pingInterval", pingInterval);
        requirePositive("pingTimeout", pingTimeout);
        requirePositive("upgradeTimeout", upgradeTimeout);
        requirePositive("closeTimeout", closeTimeout);
        if (maxPayload <= 0 || maxPayload > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxPayload must be in 1.." + Integer.MAX_VALUE + ", got " + maxPayload);
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (maxBufferedMessages <= 0) {
            throw new IllegalArgumentException("maxBufferedMessages must be positive, got " + maxBufferedMessages);
        }
        if (maxBufferedBytes <= 0) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + maxBufferedBytes);
        }
        Objects.requireNonNull(allowRequest, "allowRequest");
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** The reference server's defaults at {@code /engine.io/}: 25 s / 20 s heartbeat, 10 s upgrade, 1 MB payload. */
    public static EngineIoServerOptions defaults() {
        return new EngineIoServerOptions("/engine.io/", Duration.ofMillis(25_000), Duration.ofMillis(20_000),
                Duration.ofMillis(10_000), Duration.ofMillis(30_000), 1_000_000, Set.of(), 10_000, 16L * 1024 * 1024,
                EngineIoRequestFilter.ALLOW_ALL);
    }

    public EngineIoServerOptions withPath(String newPath) {
        return new EngineIoServerOptions(newPath, pingInterval, pingTimeout, upgradeTimeout, closeTimeout, maxPayload,
                allowedOrigins, maxBufferedMessages, maxBufferedBytes, allowRequest);
    }

    public EngineIoServerOptions withHeartbeat(Duration interval, Duration timeout) {
        return new EngineIoServerOptions(path, interval, timeout, upgradeTimeout, closeTimeout, maxPayload,
                allowedOrigins, maxBufferedMessages, maxBufferedBytes, allowRequest);
    }

    public EngineIoServerOptions withTimeouts(Duration upgrade, Duration close) {
        return new EngineIoServerOptions(path, pingInterval, pingTimeout, upgrade, close, maxPayload,
                allowedOrigins, maxBufferedMessages, maxBufferedBytes, allowRequest);
    }

    public EngineIoServerOptions withMaxPayload(long bytes) {
        return new EngineIoServerOptions(path, pingInterval, pingTimeout, upgradeTimeout, closeTimeout, bytes,
                allowedOrigins, maxBufferedMessages, maxBufferedBytes, allowRequest);
    }

    public EngineIoServerOptions withAllowedOrigins(Set<String> origins) {
        return new EngineIoServerOptions(path, pingInterval, pingTimeout, upgradeTimeout, closeTimeout, maxPayload,
                origins, maxBufferedMessages, maxBufferedBytes, allowRequest);
    }

    public EngineIoServerOptions withOutboundLimit(int messages, long bytes) {
        return new EngineIoServerOptions(path, pingInterval, pingTimeout, upgradeTimeout, closeTimeout, maxPayload,
                allowedOrigins, messages, bytes, allowRequest);
    }

    public EngineIoServerOptions withAllowRequest(EngineIoRequestFilter filter) {
        return new EngineIoServerOptions(path, pingInterval, pingTimeout, upgradeTimeout, closeTimeout, maxPayload,
                allowedOrigins, maxBufferedMessages, maxBufferedBytes, filter);
    }
}
