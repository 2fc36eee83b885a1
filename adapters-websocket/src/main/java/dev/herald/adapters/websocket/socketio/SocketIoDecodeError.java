package dev.herald.adapters.websocket.socketio;

/**
 * Why a message could not be decoded. The reference server closes the Engine.IO connection on every one of them
 * (spec, "Packet encoding"; reference parser {@code Decoder.add}).
 */
public enum SocketIoDecodeError {
    /** Empty message, or a first character that is not {@code 0}-{@code 6}. */
    UNKNOWN_PACKET_TYPE,
    /** A binary type without a well-formed {@code <digits>-} attachment count, or a placeholder naming no attachment. */
    ILLEGAL_ATTACHMENTS,
    /** More attachments announced than the decoder's limit. */
    TOO_MANY_ATTACHMENTS,
    /** An acknowledgement id too large for a JavaScript peer to hold exactly. */
    INVALID_ACK_ID,
    /** The payload is not JSON, or not the JSON the packet type requires. */
    INVALID_PAYLOAD,
    /** A text message while the attachments of a binary packet were still expected. */
    TEXT_WHILE_RECONSTRUCTING,
    /** A binary message while no binary packet was announced. */
    UNEXPECTED_BINARY
}
