package dev.herald.adapters.websocket.socketio.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery (PROTOCOL.md §1.3). When enabled, the CONNECT reply carries a private session id
 * ({@code pid}), every event without an ack gets a string offset appended as its last argument, and a socket lost to a
 * transport failure can be restored with its id, {@code data()} and the packets it missed.
 *
 * @param enabled whether recovery is on (the conformance suite requires it off)
 * @param maxDisconnectionDuration how long a lost session stays restorable (reference default: 2 minutes)
 * @param bufferSize how many recently sent events each socket keeps for replay
 * @param skipMiddlewares whether recovered sockets bypass the connect hooks (reference default: true)
 */
public record SocketIoRecoveryOptions(
        boolean enabled, Duration maxDisconnectionDuration, int bufferSize, boolean skipMiddlewares) {

    public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);
    public static final int DEFAULT_BUFFER_SIZE = 128;

    public SocketIoRecoveryOptions {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive: " + maxDisconnectionDuration);
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be >= 1: " + bufferSize);
        }
    }

    public static SocketIoRecoveryOptions disabled() {
        return new SocketIoRecoveryOptions(false, DEFAULT_MAX_DISCONNECTION_DURATION, DEFAULT_BUFFER_SIZE, true);
    }

    public static SocketIoRecoveryOptions enabledWithDefaults() {
        return new SocketIoRecoveryOptions(true, DEFAULT_MAX_DISCONNECTION_DURATION, DEFAULT_BUFFER_SIZE, true);
    }

    public SocketIoRecoveryOptions withMaxDisconnectionDuration(Duration duration) {
        return new SocketIoRecoveryOptions(enabled, duration, bufferSize, skipMiddlewares);
    }

    public SocketIoRecoveryOptions withBufferSize(int size) {
        return new SocketIoRecoveryOptions(enabled, maxDisconnectionDuration, size, skipMiddlewares);
    }

    public SocketIoRecoveryOptions withSkipMiddlewares(boolean skip) {
        return new SocketIoRecoveryOptions(enabled, maxDisconnectionDuration, bufferSize, skip);
    }
}
