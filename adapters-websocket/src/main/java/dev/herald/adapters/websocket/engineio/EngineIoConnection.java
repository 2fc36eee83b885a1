package dev.herald.adapters.websocket.engineio;

import java.util.List;
import java.util.Map;

/**
 * One open Engine.IO session as the layer above sees it, whatever transport carries it now (polling, or WebSocket
 * after an upgrade). Implemented by the transports; used by the Socket.IO server. Thread-safe.
 */
public interface EngineIoConnection {

    /** The Engine.IO session id ({@code sid}). Secret to this client: never hand it to other clients. */
    String id();

    /** {@code "polling"} or {@code "websocket"}: the transport that carries the session now. */
    String transport();

    /** The handshake request's query parameters (first value of each). */
    Map<String, String> query();

    /** The handshake request's headers (lower-case names, first value of each). */
    Map<String, String> headers();

    /** The peer's address, for logs. */
    String remoteAddress();

    /**
     * Queues messages to be sent in this order, after everything queued before, never interleaved with another
     * call's messages (a Socket.IO binary packet and its attachments go in one call). Never blocks; callable from
     * any thread. Returns {@code false}, and queues nothing, when the connection is closed or when its outbound
     * buffer is over its limit (a client that cannot keep up); the caller then decides whether to close it.
     */
    boolean send(List<EngineIoMessage> messages);

    /**
     * Blocks the calling thread (meant for virtual threads replaying a backlog) until the outbound buffer has room
     * again (the transport may wait until it is half empty, so that a replay page fits), or the timeout passes.
     * Returns {@code false} if the connection closed or the timeout passed.
     */
    boolean awaitWritable(long timeoutMillis) throws InterruptedException;

    /** Messages queued and not yet handed to the network. */
    int pendingMessages();

    /**
     * Closes the session from the server side: queued messages are flushed first where the transport allows, then a
     * {@code close} packet is sent. {@link EngineIoListener#onClose} follows with {@code reason}.
     */
    void close(String reason);

    /** Whether the session is still open. */
    boolean isOpen();
}
