package dev.herald.adapters.websocket.engineio;

/** Why some bytes or text are not an Engine.IO v4 packet or payload. */
public enum EngineIoDecodeError {
    /** A packet with no type digit (an empty frame, or an empty record between two separators). */
    EMPTY_PACKET,
    /** The first character is neither a type digit nor, in a payload, the {@code b} binary prefix. */
    UNKNOWN_PACKET_TYPE,
    /** A {@code b} record whose rest is not valid base64. */
    INVALID_BASE64,
    /** Bytes that are not valid UTF-8 where text is required (a polling payload). */
    INVALID_UTF8
}
