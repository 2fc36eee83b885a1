package dev.herald.adapters.websocket.engineio;

import java.util.Objects;

/**
 * One Engine.IO v4 packet. Binary data only ever travels in a {@link Message}.
 *
 * <p>Payload text after the type digit is kept for {@code open}, {@code ping} and {@code pong} (where it means
 * something: the handshake JSON, {@code "probe"}); for {@code close}, {@code upgrade} and {@code noop} it has no meaning
 * in v4 and is dropped on decoding, as the reference server ignores it.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md#protocol">v4 §Protocol</a>
 */
public sealed interface EngineIoPacket {

    /** The probe payload of the upgrade dance: {@code 2probe} / {@code 3probe}. */
    String PROBE = "probe";

    EngineIoPacketType type();

    /** {@code 0{...}}: the handshake, server to client. {@code json} is the handshake object, possibly empty. */
    record Open(String json) implements EngineIoPacket {
        public Open {
            Objects.requireNonNull(json, "json");
        }

        public static Open of(EngineIoHandshake handshake) {
            return new Open(handshake.toJson());
        }

        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.OPEN;
        }
    }

    /** {@code 1}: the transport may be closed. */
    record Close() implements EngineIoPacket {
        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.CLOSE;
        }
    }

    /** {@code 2} (server heartbeat) or {@code 2probe} (client, on a WebSocket being upgraded to). */
    record Ping(String data) implements EngineIoPacket {
        public Ping {
            Objects.requireNonNull(data, "data");
        }

        public static Ping heartbeat() {
            return new Ping("");
        }

        public static Ping probe() {
            return new Ping(PROBE);
        }

        public boolean isProbe() {
            return PROBE.equals(data);
        }

        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.PING;
        }
    }

    /** {@code 3} (client heartbeat answer) or {@code 3probe} (server answer to the probe). */
    record Pong(String data) implements EngineIoPacket {
        public Pong {
            Objects.requireNonNull(data, "data");
        }

        public static Pong heartbeat() {
            return new Pong("");
        }

        public static Pong probe() {
            return new Pong(PROBE);
        }

        public boolean isProbe() {
            return PROBE.equals(data);
        }

        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.PONG;
        }
    }

    /** {@code 4text}, a raw binary WebSocket frame, or {@code b<base64>} in a polling payload. */
    record Message(EngineIoMessage message) implements EngineIoPacket {
        public Message {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.MESSAGE;
        }
    }

    /** {@code 5}: the client switches to the WebSocket it probed. */
    record Upgrade() implements EngineIoPacket {
        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.UPGRADE;
        }
    }

    /** {@code 6}: nothing; ends a pending poll during an upgrade or after a client close. */
    record Noop() implements EngineIoPacket {
        @Override
        public EngineIoPacketType type() {
            return EngineIoPacketType.NOOP;
        }
    }
}
