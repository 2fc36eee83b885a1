package dev.herald.adapters.websocket.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One Socket.IO v5 packet, as it is on the wire (spec, "Packet encoding"): a type, a namespace (always starting with
 * {@code /}; {@code /} is the main namespace), an optional acknowledgement id and a JSON payload. Binary packets carry
 * their payload with {@code {"_placeholder":true,"num":N}} objects in place of the attachments, and the attachments
 * separately; {@link SocketIoCodec#arguments} puts them back in place as {@code BinaryNode}s.
 *
 * <p>The constructors enforce the payload rules of the reference parser ({@code isPayloadValid}), so a packet that
 * exists can be encoded and decoded back. JSON nodes are mutable: do not modify a payload after building a packet.
 */
public sealed interface SocketIoPacket {

    /** The main namespace. */
    String MAIN_NAMESPACE = "/";

    /** Event names the reference implementation reserves; an EVENT using one is invalid (a set: checked per send). */
    Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    SocketIoPacketType type();

    String namespace();

    /** {@code 0[<nsp>,][{auth}]}: the client asks to join a namespace; the server's reply carries {@code {"sid":..}}. */
    record Connect(String namespace, ObjectNode data) implements SocketIoPacket {
        public Connect {
            checkNamespace(namespace);
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.CONNECT;
        }
    }

    /** {@code 1[<nsp>,]}: leave a namespace. No payload. */
    record Disconnect(String namespace) implements SocketIoPacket {
        public Disconnect {
            checkNamespace(namespace);
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.DISCONNECT;
        }
    }

    /** {@code 2[<nsp>,][<ackId>]["event",...]}: a non-empty array whose first element names the event. */
    record Event(String namespace, OptionalLong ackId, ArrayNode data) implements SocketIoPacket {
        public Event {
            checkNamespace(namespace);
            checkAckId(ackId);
            if (!isEventPayload(data)) {
                throw new IllegalArgumentException("EVENT payload must be an array starting with a non-reserved name");
            }
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.EVENT;
        }
    }

    /** {@code 3[<nsp>,]<ackId>[...]}: the answer to an EVENT that asked for one. The array may be empty. */
    record Ack(String namespace, long ackId, ArrayNode data) implements SocketIoPacket {
        public Ack {
            checkNamespace(namespace);
            checkAckId(OptionalLong.of(ackId));
            Objects.requireNonNull(data, "data");
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.ACK;
        }
    }

    /** {@code 4[<nsp>,]{"message":..}}: the server refuses a CONNECT. Payload: an object or a string (or none). */
    record ConnectError(String namespace, JsonNode data) implements SocketIoPacket {
        public ConnectError {
            checkNamespace(namespace);
            if (data != null && !data.isObject() && !data.isTextual()) {
                throw new IllegalArgumentException("CONNECT_ERROR payload must be an object or a string");
            }
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.CONNECT_ERROR;
        }
    }

    /** {@code 5<n>-[<nsp>,][<ackId>][...]} followed by {@code n} binary messages. */
    record BinaryEvent(String namespace, OptionalLong ackId, ArrayNode data, List<byte[]> attachments)
            implements SocketIoPacket {
        public BinaryEvent {
            checkNamespace(namespace);
            checkAckId(ackId);
            if (!isEventPayload(data)) {
                throw new IllegalArgumentException("EVENT payload must be an array starting with a non-reserved name");
            }
            attachments = List.copyOf(attachments);
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.BINARY_EVENT;
        }
    }

    /** {@code 6<n>-[<nsp>,]<ackId>[...]} followed by {@code n} binary messages. */
    record BinaryAck(String namespace, long ackId, ArrayNode data, List<byte[]> attachments)
            implements SocketIoPacket {
        public BinaryAck {
            checkNamespace(namespace);
            checkAckId(OptionalLong.of(ackId));
            Objects.requireNonNull(data, "data");
            attachments = List.copyOf(attachments);
        }

        @Override
        public SocketIoPacketType type() {
            return SocketIoPacketType.BINARY_ACK;
        }
    }

    /** The largest ack id: JavaScript peers hold ids as doubles, exact up to 2^53 - 1. */
    long MAX_ACK_ID = (1L << 53) - 1;

    /** Whether a namespace can be written on the wire and read back: starts with {@code /}, no comma. */
    static boolean isValidNamespace(String namespace) {
        return namespace != null && namespace.startsWith("/") && namespace.indexOf(',') < 0;
    }

    /** The reference parser's EVENT rule: a non-empty array whose first element is a number or a non-reserved string. */
    static boolean isEventPayload(JsonNode data) {
        if (data == null || !data.isArray() || data.isEmpty()) {
            return false;
        }
        JsonNode name = data.get(0);
        return name.isNumber() || (name.isTextual() && !RESERVED_EVENTS.contains(name.textValue()));
    }

    private static void checkNamespace(String namespace) {
        if (!isValidNamespace(namespace)) {
            throw new IllegalArgumentException("invalid namespace: " + namespace);
        }
    }

    private static void checkAckId(OptionalLong ackId) {
        Objects.requireNonNull(ackId, "ackId");
        if (ackId.isPresent() && (ackId.getAsLong() < 0 || ackId.getAsLong() > MAX_ACK_ID)) {
            throw new IllegalArgumentException("ack id out of range: " + ackId.getAsLong());
        }
    }
}
