package dev.herald.adapters.websocket.socketio.server;

import dev.herald.adapters.websocket.socketio.SocketIoDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything a {@link SocketIoServer} is configured with, validated once.
 *
 * @param connectTimeout how long a new Engine.IO connection may go without joining a namespace before it is closed
 *     (reference default 45 s; the conformance suite expects 1 s)
 * @param recovery connection state recovery
 * @param defaultAckTimeout the timeout of {@link SocketIoSocket#emitWithAck(String, SocketIoAckCallback, Object...)}
 * @param maxAttachments the most binary attachments one incoming packet may announce
 * @param clock the time source for session expiry
 * @param scheduler runs the connect, ack and session-purge timers; owned by the caller
 * @param handlerExecutor runs application callbacks (connection, event, ack and disconnect handlers), one socket's
 *     callbacks one at a time in arrival order; {@code Runnable::run} runs them on the transport thread, so they must
 *     not block; a virtual-thread executor lets them block
 */
public record SocketIoServerOptions(
        Duration connectTimeout,
        SocketIoRecoveryOptions recovery,
        Duration defaultAckTimeout,
        int maxAttachments,
        Clock clock,
        ScheduledExecutorService scheduler,
        Executor handlerExecutor) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);

    public SocketIoServerOptions {
        requirePositive(connectTimeout, "connectTimeout");
        Objects.requireNonNull(recovery, "recovery");
        requirePositive(defaultAckTimeout, "defaultAckTimeout");
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("maxAttachments must be >= 0: " + maxAttachments);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(handlerExecutor, "handlerExecutor");
    }

    /** Reference defaults, recovery off, callbacks on the transport thread. */
    public static SocketIoServerOptions defaults(ScheduledExecutorService scheduler) {
        return new SocketIoServerOptions(DEFAULT_CONNECT_TIMEOUT, SocketIoRecoveryOptions.disabled(),
                DEFAULT_ACK_TIMEOUT, SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS, Clock.systemUTC(), scheduler, Runnable::run);
    }

    public SocketIoServerOptions withConnectTimeout(Duration timeout) {
        return new SocketIoServerOptions(timeout, recovery, defaultAckTimeout, maxAttachments, clock, scheduler,
                handlerExecutor);
    }

    public SocketIoServerOptions withRecovery(SocketIoRecoveryOptions options) {
        return new SocketIoServerOptions(connectTimeout, options, defaultAckTimeout, maxAttachments, clock, scheduler,
                handlerExecutor);
    }

    public SocketIoServerOptions withDefaultAckTimeout(Duration timeout) {
        return new SocketIoServerOptions(connectTimeout, recovery, timeout, maxAttachments, clock, scheduler,
                handlerExecutor);
    }

    public SocketIoServerOptions withMaxAttachments(int max) {
        return new SocketIoServerOptions(connectTimeout, recovery, defaultAckTimeout, max, clock, scheduler,
                handlerExecutor);
    }

    public SocketIoServerOptions withClock(Clock newClock) {
        return new SocketIoServerOptions(connectTimeout, recovery, defaultAckTimeout, maxAttachments, newClock,
                scheduler, handlerExecutor);
    }

    public SocketIoServerOptions withHandlerExecutor(Executor executor) {
        return new SocketIoServerOptions(connectTimeout, recovery, defaultAckTimeout, maxAttachments, clock, scheduler,
                executor);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
