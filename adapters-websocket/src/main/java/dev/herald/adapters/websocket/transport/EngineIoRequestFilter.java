package dev.herald.adapters.websocket.transport;

import java.util.Map;

/**
 * Decides whether a handshake may open a session (the reference server's {@code allowRequest}); a refusal is answered
 * with {@link EngineIoError#FORBIDDEN}. Runs on an IO thread: must not block.
 */
@FunctionalInterface
public interface EngineIoRequestFilter {

    EngineIoRequestFilter ALLOW_ALL = (query, headers) -> true;

    /** {@code query}: first value of each parameter; {@code headers}: lower-case names, first value of each. */
    boolean allow(Map<String, String> query, Map<String, String> headers);
}
