package dev.herald.adapters.websocket.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Decodes the Socket.IO v5 messages of one connection, following the reference parser's {@code decodeString}
 * (spec, "Packet encoding"):
 * <ol>
 *   <li>type: the first character, {@code 0}-{@code 6};</li>
 *   <li>binary types: ASCII digits up to {@code -}: the attachment count, at most {@code maxAttachments};</li>
 *   <li>namespace: if the next character is {@code /}, everything up to the first {@code ,} or the end (so
 *       {@code 40/custom} and {@code 40/custom,} are the same packet); otherwise {@code /};</li>
 *   <li>ack id: the longest run of ASCII digits that follows;</li>
 *   <li>payload: the rest, one JSON value, valid for the type: CONNECT an object or nothing, DISCONNECT nothing,
 *       CONNECT_ERROR an object, a string or nothing, EVENT a non-empty array starting with a number or a
 *       non-reserved name, ACK an array.</li>
 * </ol>
 * After a binary header the next {@code n} binary messages are its attachments; a text message meanwhile, or a binary
 * message when none is expected, is an error. The only state is that reassembly.
 *
 * <p>Deliberately stricter than the reference parser where it is lax by accident of JavaScript coercion: an empty
 * message is not a CONNECT, a space is not a digit, an attachment count needs digits, an EVENT or ACK needs a payload
 * (the spec says it is mandatory). Never throws: bad input becomes {@link SocketIoDecodeResult.Failed}, after which
 * the decoder is reset. Not thread-safe: one decoder per connection, fed in arrival order.
 */
public final class SocketIoDecoder {

    /** The reference parser's default attachment limit. */
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;

    private static final int MAX_ACK_ID_DIGITS = 16;

    private final int maxAttachments;

    private SocketIoPacket pending;
    private int expected;
    private List<byte[]> received;

    public SocketIoDecoder() {
        this(DEFAULT_MAX_ATTACHMENTS);
    }

    public SocketIoDecoder(int maxAttachments) {
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("maxAttachments must be >= 0: " + maxAttachments);
        }
        this.maxAttachments = maxAttachments;
    }

    /** Decodes one Engine.IO message payload. */
    public SocketIoDecodeResult decode(EngineIoMessage message) {
        return switch (message) {
            case EngineIoMessage.Text text -> decodeText(text.text());
            case EngineIoMessage.Binary binary -> decodeBinary(binary.bytes());
        };
    }

    /** Whether a binary packet's attachments are being collected. */
    public boolean reconstructing() {
        return pending != null;
    }

    /** Drops a partly received binary packet. */
    public void reset() {
        pending = null;
        expected = 0;
        received = null;
    }

    public SocketIoDecodeResult decodeBinary(byte[] bytes) {
        if (pending == null) {
            return new SocketIoDecodeResult.Failed(SocketIoDecodeError.UNEXPECTED_BINARY,
                    "binary message without a binary packet header");
        }
        received.add(bytes);
        if (received.size() < expected) {
            return new SocketIoDecodeResult.Incomplete(expected - received.size());
        }
        SocketIoPacket header = pending;
        List<byte[]> attachments = received;
        reset();
        return complete(header, attachments);
    }

    public SocketIoDecodeResult decodeText(String text) {
        try {
            return parse(text);
        } catch (RuntimeException e) {
            // Defence in depth: every rule is checked before building a packet, so this is a bug, not bad input.
            reset();
            return new SocketIoDecodeResult.Failed(SocketIoDecodeError.INVALID_PAYLOAD,
                    "rejected by packet validation: " + e.getClass().getSimpleName());
        }
    }

    private SocketIoDecodeResult parse(String text) {
        if (pending != null) {
            reset();
            return fail(SocketIoDecodeError.TEXT_WHILE_RECONSTRUCTING, "text message while attachments were expected");
        }
        int length = text.length();
        SocketIoPacketType type = length == 0 ? null : SocketIoPacketType.lookup(text.charAt(0));
        if (type == null) {
            return fail(SocketIoDecodeError.UNKNOWN_PACKET_TYPE, "unknown packet type");
        }
        int i = 0; // index of the last consumed character
        int attachments = 0;
        if (type.binary()) {
            int dash = 1;
            while (dash < length && text.charAt(dash) != '-') {
                dash++;
            }
            if (dash == length || dash == 1 || dash - 1 > 9 || !allDigits(text, 1, dash)) {
                return fail(SocketIoDecodeError.ILLEGAL_ATTACHMENTS, "attachment count must be digits followed by '-'");
            }
            attachments = Integer.parseInt(text, 1, dash, 10);
            if (attachments > maxAttachments) {
                return fail(SocketIoDecodeError.TOO_MANY_ATTACHMENTS,
                        "announced " + attachments + " attachments, limit " + maxAttachments);
            }
            i = dash;
        }

        String namespace = SocketIoPacket.MAIN_NAMESPACE;
        if (i + 1 < length && text.charAt(i + 1) == '/') {
            int start = i + 1;
            i = start;
            while (i < length && text.charAt(i) != ',') {
                i++;
            }
            namespace = text.substring(start, i); // i is on the ',' or at the end
        }

        OptionalLong ackId = OptionalLong.empty();
        if (i + 1 < length && isDigit(text.charAt(i + 1))) {
            int start = i + 1;
            int end = start;
            while (end < length && isDigit(text.charAt(end))) {
                end++;
            }
            if (end - start > MAX_ACK_ID_DIGITS) {
                return fail(SocketIoDecodeError.INVALID_ACK_ID, "ack id longer than " + MAX_ACK_ID_DIGITS + " digits");
            }
            long id = Long.parseLong(text, start, end, 10);
            if (id > SocketIoPacket.MAX_ACK_ID) {
                return fail(SocketIoDecodeError.INVALID_ACK_ID, "ack id above 2^53-1");
            }
            ackId = OptionalLong.of(id);
            i = end - 1;
        }

        JsonNode payload = null;
        if (i + 1 < length) {
            payload = SocketIoCodec.parseJson(text.substring(i + 1));
            if (payload == null) {
                return fail(SocketIoDecodeError.INVALID_PAYLOAD, type + " payload is not JSON");
            }
        }
        return build(type, namespace, ackId, payload, attachments);
    }

    private SocketIoDecodeResult build(
            SocketIoPacketType type, String namespace, OptionalLong ackId, JsonNode payload, int attachments) {
        boolean needsAck = type == SocketIoPacketType.ACK || type == SocketIoPacketType.BINARY_ACK;
        if (needsAck && ackId.isEmpty()) {
            return fail(SocketIoDecodeError.INVALID_ACK_ID, type + " without an ack id");
        }
        boolean ackAllowed = needsAck || type == SocketIoPacketType.EVENT || type == SocketIoPacketType.BINARY_EVENT;
        if (!ackAllowed && ackId.isPresent()) {
            // The reference parser reads the id and ignores it; no client sends one, so refuse rather than guess.
            return fail(SocketIoDecodeError.INVALID_ACK_ID, type + " takes no ack id");
        }
        switch (type) {
            case CONNECT -> {
                if (payload != null && !payload.isObject()) {
                    return fail(SocketIoDecodeError.INVALID_PAYLOAD, "CONNECT payload must be an object");
                }
                return new SocketIoDecodeResult.Decoded(new SocketIoPacket.Connect(namespace, (ObjectNode) payload));
            }
            case DISCONNECT -> {
                if (payload != null) {
                    return fail(SocketIoDecodeError.INVALID_PAYLOAD, "DISCONNECT takes no payload");
                }
                return new SocketIoDecodeResult.Decoded(new SocketIoPacket.Disconnect(namespace));
            }
            case CONNECT_ERROR -> {
                if (payload != null && !payload.isObject() && !payload.isTextual()) {
                    return fail(SocketIoDecodeError.INVALID_PAYLOAD, "CONNECT_ERROR payload must be an object or string");
                }
                return new SocketIoDecodeResult.Decoded(new SocketIoPacket.ConnectError(namespace, payload));
            }
            case EVENT, BINARY_EVENT -> {
                if (!SocketIoPacket.isEventPayload(payload)) {
                    return fail(SocketIoDecodeError.INVALID_PAYLOAD,
                            "EVENT payload must be a non-empty array starting with a number or a non-reserved name");
                }
                if (type == SocketIoPacketType.EVENT) {
                    return new SocketIoDecodeResult.Decoded(
                            new SocketIoPacket.Event(namespace, ackId, (ArrayNode) payload));
                }
                return expect(new SocketIoPacket.BinaryEvent(namespace, ackId, (ArrayNode) payload, List.of()),
                        attachments);
            }
            case ACK, BINARY_ACK -> {
                if (payload == null || !payload.isArray()) {
                    return fail(SocketIoDecodeError.INVALID_PAYLOAD, "ACK payload must be an array");
                }
                if (type == SocketIoPacketType.ACK) {
                    return new SocketIoDecodeResult.Decoded(
                            new SocketIoPacket.Ack(namespace, ackId.getAsLong(), (ArrayNode) payload));
                }
                return expect(new SocketIoPacket.BinaryAck(namespace, ackId.getAsLong(), (ArrayNode) payload,
                        List.of()), attachments);
            }
        }
        throw new AssertionError(type);
    }

    private SocketIoDecodeResult expect(SocketIoPacket header, int attachments) {
        if (attachments == 0) {
            return complete(header, List.of());
        }
        pending = header;
        expected = attachments;
        received = new ArrayList<>(attachments);
        return new SocketIoDecodeResult.Incomplete(attachments);
    }

    private static SocketIoDecodeResult complete(SocketIoPacket header, List<byte[]> attachments) {
        JsonNode data = switch (header) {
            case SocketIoPacket.BinaryEvent p -> p.data();
            case SocketIoPacket.BinaryAck p -> p.data();
            default -> throw new AssertionError(header.type());
        };
        if (!placeholdersValid(data, attachments.size())) {
            return new SocketIoDecodeResult.Failed(SocketIoDecodeError.ILLEGAL_ATTACHMENTS,
                    "placeholder names no attachment");
        }
        SocketIoPacket packet = switch (header) {
            case SocketIoPacket.BinaryEvent p ->
                    new SocketIoPacket.BinaryEvent(p.namespace(), p.ackId(), p.data(), attachments);
            case SocketIoPacket.BinaryAck p ->
                    new SocketIoPacket.BinaryAck(p.namespace(), p.ackId(), p.data(), attachments);
            default -> throw new AssertionError(header.type());
        };
        return new SocketIoDecodeResult.Decoded(packet);
    }

    private static boolean placeholdersValid(JsonNode node, int count) {
        if (SocketIoCodec.isPlaceholder(node)) {
            return SocketIoCodec.placeholderIndex(node, count) >= 0;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (!placeholdersValid(child, count)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static SocketIoDecodeResult.Failed fail(SocketIoDecodeError error, String detail) {
        return new SocketIoDecodeResult.Failed(error, detail);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
