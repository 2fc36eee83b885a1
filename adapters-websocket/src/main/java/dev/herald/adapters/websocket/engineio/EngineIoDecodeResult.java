package dev.herald.adapters.websocket.engineio;

import java.util.List;
import java.util.Objects;

/**
 * What decoding produced: packets, or why the input is not Engine.IO. Decoders return this and never throw on bad
 * input.
 */
public sealed interface EngineIoDecodeResult {

    /** One or more packets, in wire order (exactly one for a WebSocket frame). */
    record Decoded(List<EngineIoPacket> packets) implements EngineIoDecodeResult {
        public Decoded {
            packets = List.copyOf(packets);
            if (packets.isEmpty()) {
                throw new IllegalArgumentException("a decoded result holds at least one packet");
            }
        }

        /** The only packet of a single-packet decode. */
        public EngineIoPacket single() {
            if (packets.size() != 1) {
                throw new IllegalStateException("expected one packet, got " + packets.size());
            }
            return packets.getFirst();
        }
    }

    /**
     * The input is malformed. {@code index} is the position of the offending packet in a payload (0 for a frame);
     * nothing of a malformed payload is used, not even the packets before the bad one.
     */
    record Invalid(EngineIoDecodeError error, int index, String detail) implements EngineIoDecodeResult {
        public Invalid {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
