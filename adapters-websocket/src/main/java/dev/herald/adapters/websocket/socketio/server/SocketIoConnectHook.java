package dev.herald.adapters.websocket.socketio.server;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;

/**
 * A namespace middleware: sees each CONNECT before the socket joins, and may refuse it. Hooks run in the order they
 * were added; the first refusal wins. Called on the transport thread: return quickly, and return an incomplete stage
 * for slow checks (the CONNECT reply waits for it). A hook that throws or fails its stage refuses the client with
 * {@code "Server error"}. With recovery's {@code skipMiddlewares}, recovered sockets skip the hooks.
 */
@FunctionalInterface
public interface SocketIoConnectHook {

    /**
     * @param handshake what the client presented
     * @param data the socket's {@link SocketIoSocket#data()}, which a hook may fill (e.g. with the authenticated user)
     */
    CompletionStage<SocketIoConnectDecision> check(SocketIoHandshake handshake, ConcurrentMap<String, Object> data);
}
