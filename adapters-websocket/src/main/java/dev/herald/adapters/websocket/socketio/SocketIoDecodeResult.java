package dev.herald.adapters.websocket.socketio;

import java.util.Objects;

/** What {@link SocketIoDecoder} made of one message: a packet, a need for more attachments, or an error. */
public sealed interface SocketIoDecodeResult {

    /** A complete packet. */
    record Decoded(SocketIoPacket packet) implements SocketIoDecodeResult {
        public Decoded {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** A binary packet's header or one of its attachments: more attachments are expected. */
    record Incomplete(int attachmentsMissing) implements SocketIoDecodeResult {}

    /**
     * The message is not valid Socket.IO. {@code detail} describes the position or rule, never the message content
     * (it may be logged).
     */
    record Failed(SocketIoDecodeError error, String detail) implements SocketIoDecodeResult {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
