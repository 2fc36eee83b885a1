package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * What a client presented when it joined a namespace.
 *
 * @param auth the CONNECT payload ({@code {}} when the client sent none); with recovery on, the client merges its
 *     {@code pid} and {@code offset} into it. Do not modify.
 * @param query the Engine.IO handshake request's query parameters (a read-only view of the connection's map)
 * @param headers the Engine.IO handshake request's headers (lower-case names)
 * @param address the peer's address
 * @param issuedAt when the CONNECT packet was handled
 */
public record SocketIoHandshake(
        ObjectNode auth, Map<String, String> query, Map<String, String> headers, String address, Instant issuedAt) {

    public SocketIoHandshake {
        Objects.requireNonNull(auth, "auth");
        // Views, not copies: an idle socket should not hold its own copy of the request headers.
        query = Collections.unmodifiableMap(query);
        headers = Collections.unmodifiableMap(headers);
        Objects.requireNonNull(issuedAt, "issuedAt");
    }
}
