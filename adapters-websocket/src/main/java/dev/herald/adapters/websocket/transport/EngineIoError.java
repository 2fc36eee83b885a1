package dev.herald.adapters.websocket.transport;

/**
 * The HTTP error answers of an Engine.IO server: status 400 (403 for {@link #FORBIDDEN}) with the JSON body
 * {@code {"code":N,"message":"..."}}, as the reference server's {@code abortRequest} writes them.
 */
public enum EngineIoError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    private final int code;
    private final String message;

    EngineIoError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    public int httpStatus() {
        return this == FORBIDDEN ? 403 : 400;
    }

    /** The response body; the messages are ASCII literals, nothing to escape. */
    public String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
