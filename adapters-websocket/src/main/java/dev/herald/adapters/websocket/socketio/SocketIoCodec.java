package dev.herald.adapters.websocket.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Encodes Socket.IO v5 packets ({@code <type>[<n>-][<nsp>,][<ackId>][JSON]}, spec "Packet encoding") and converts
 * between argument trees with binary values in place ({@link BinaryNode}) and the wire form with
 * {@code {"_placeholder":true,"num":N}} objects plus separate attachments. Stateless and thread-safe; decoding needs
 * per-connection state for attachments and lives in {@link SocketIoDecoder}.
 *
 * <p>JSON is written by Jackson, which escapes every control character (U+001E, the polling record separator, becomes
 * {@code \u001E}), so an encoded packet never contains a raw separator.
 */
public final class SocketIoCodec {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Parses like {@code JSON.parse}: one value, nothing after it; decimals kept exact (no Infinity on output). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private SocketIoCodec() {}

    /** Encodes a packet into its text message and attachments. */
    public static SocketIoEncodedPacket encode(SocketIoPacket packet) {
        StringBuilder text = new StringBuilder(64);
        text.append(packet.type().code());
        List<byte[]> attachments = switch (packet) {
            case SocketIoPacket.BinaryEvent p -> p.attachments();
            case SocketIoPacket.BinaryAck p -> p.attachments();
            default -> List.of();
        };
        if (packet.type().binary()) {
            text.append(attachments.size()).append('-');
        }
        if (!SocketIoPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
            text.append(packet.namespace()).append(',');
        }
        switch (packet) {
            case SocketIoPacket.Connect p -> appendJson(text, p.data());
            case SocketIoPacket.Disconnect p -> { }
            case SocketIoPacket.Event p -> {
                p.ackId().ifPresent(text::append);
                appendJson(text, p.data());
            }
            case SocketIoPacket.Ack p -> appendJson(text.append(p.ackId()), p.data());
            case SocketIoPacket.ConnectError p -> appendJson(text, p.data());
            case SocketIoPacket.BinaryEvent p -> {
                p.ackId().ifPresent(text::append);
                appendJson(text, p.data());
            }
            case SocketIoPacket.BinaryAck p -> appendJson(text.append(p.ackId()), p.data());
        }
        return new SocketIoEncodedPacket(text.toString(), attachments);
    }

    /**
     * An EVENT, or a BINARY_EVENT when {@code arguments} (the event name first) holds {@link BinaryNode}s, which are
     * replaced by placeholders numbered in depth-first order. {@code arguments} itself is not modified.
     */
    public static SocketIoPacket event(String namespace, OptionalLong ackId, ArrayNode arguments) {
        List<byte[]> attachments = new ArrayList<>();
        JsonNode wire = deconstruct(arguments, attachments);
        return attachments.isEmpty()
                ? new SocketIoPacket.Event(namespace, ackId, arguments)
                : new SocketIoPacket.BinaryEvent(namespace, ackId, (ArrayNode) wire, attachments);
    }

    /** An ACK, or a BINARY_ACK when {@code arguments} holds {@link BinaryNode}s (see {@link #event}). */
    public static SocketIoPacket ack(String namespace, long ackId, ArrayNode arguments) {
        List<byte[]> attachments = new ArrayList<>();
        JsonNode wire = deconstruct(arguments, attachments);
        return attachments.isEmpty()
                ? new SocketIoPacket.Ack(namespace, ackId, arguments)
                : new SocketIoPacket.BinaryAck(namespace, ackId, (ArrayNode) wire, attachments);
    }

    /**
     * The arguments of an EVENT or ACK family packet with attachments restored in place as {@link BinaryNode}s (for
     * an EVENT, the event name is the first element). Plain packets return their payload as is.
     *
     * @throws IllegalArgumentException for a packet without arguments, or a placeholder that names no attachment
     *     (the decoder never returns such a packet)
     */
    public static ArrayNode arguments(SocketIoPacket packet) {
        return switch (packet) {
            case SocketIoPacket.Event p -> p.data();
            case SocketIoPacket.Ack p -> p.data();
            case SocketIoPacket.BinaryEvent p -> (ArrayNode) reconstruct(p.data(), p.attachments());
            case SocketIoPacket.BinaryAck p -> (ArrayNode) reconstruct(p.data(), p.attachments());
            default -> throw new IllegalArgumentException(packet.type() + " has no arguments");
        };
    }

    /**
     * Converts an application value to JSON: {@code byte[]} becomes a {@link BinaryNode} (an attachment on the wire),
     * {@link JsonNode}s are taken as they are, other values go through Jackson's {@code valueToTree}.
     */
    public static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode node -> node;
            case byte[] bytes -> NODES.binaryNode(bytes);
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case BigInteger b -> NODES.numberNode(b);
            case BigDecimal b -> NODES.numberNode(b);
            default -> MAPPER.valueToTree(value);
        };
    }

    /** An array node of {@link #toJson} values, {@code first} (an event name, or nothing) in front. */
    public static ArrayNode toJsonArray(String first, Object... values) {
        ArrayNode array = NODES.arrayNode(values.length + 1);
        if (first != null) {
            array.add(first);
        }
        for (Object value : values) {
            array.add(toJson(value));
        }
        return array;
    }

    /** Serializes a JSON tree, escaping control characters. */
    public static String writeJson(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON value like {@code JSON.parse}, or returns {@code null} when {@code json} is not valid JSON. */
    static JsonNode parseJson(String json) {
        try {
            JsonNode node = READER.readTree(json);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private static void appendJson(StringBuilder text, JsonNode node) {
        if (node != null) {
            text.append(writeJson(node));
        }
    }

    /** Whether {@code node} is a placeholder object; {@code num} is checked by {@link #placeholderIndex}. */
    static boolean isPlaceholder(JsonNode node) {
        return node.isObject() && node.get("_placeholder") != null && node.get("_placeholder").isBoolean()
                && node.get("_placeholder").booleanValue();
    }

    /** The attachment index of a placeholder, or -1 when {@code num} is not an integer in {@code [0, count)}. */
    static int placeholderIndex(JsonNode placeholder, int count) {
        JsonNode num = placeholder.get("num");
        if (num == null || !num.isNumber()) {
            return -1;
        }
        if (num.canConvertToExactIntegral()) {
            BigInteger value = num.bigIntegerValue();
            if (value.signum() >= 0 && value.compareTo(BigInteger.valueOf(count)) < 0) {
                return value.intValue();
            }
        }
        return -1;
    }

    private static JsonNode deconstruct(JsonNode node, List<byte[]> attachments) {
        if (node instanceof BinaryNode binary) {
            ObjectNode placeholder = NODES.objectNode();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            attachments.add(binary.binaryValue());
            return placeholder;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                JsonNode replaced = deconstruct(element, attachments);
                if (replaced != element && copy == null) {
                    copy = NODES.arrayNode(node.size());
                    for (int j = 0; j < i; j++) {
                        copy.add(node.get(j));
                    }
                }
                if (copy != null) {
                    copy.add(replaced);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            List<Map.Entry<String, JsonNode>> seen = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode replaced = deconstruct(field.getValue(), attachments);
                if (replaced != field.getValue() && copy == null) {
                    copy = NODES.objectNode();
                    for (Map.Entry<String, JsonNode> earlier : seen) {
                        copy.set(earlier.getKey(), earlier.getValue());
                    }
                }
                if (copy != null) {
                    copy.set(field.getKey(), replaced);
                } else {
                    seen.add(field);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    private static JsonNode reconstruct(JsonNode node, List<byte[]> attachments) {
        if (isPlaceholder(node)) {
            int index = placeholderIndex(node, attachments.size());
            if (index < 0) {
                throw new IllegalArgumentException("placeholder names no attachment");
            }
            return NODES.binaryNode(attachments.get(index));
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            for (JsonNode element : node) {
                copy.add(reconstruct(element, attachments));
            }
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), reconstruct(field.getValue(), attachments));
            }
            return copy;
        }
        return node;
    }
}
