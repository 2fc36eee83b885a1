package dev.herald.adapters.websocket.engineio;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO v4 packet encoding, as pure functions over text and bytes.
 *
 * <ul>
 *   <li>WebSocket: one packet per frame; text frame = type digit + data; binary frame = the raw bytes of a binary
 *       message (no type prefix).</li>
 *   <li>HTTP long-polling: a payload is packets joined by the record separator {@code \x1e}; a binary message is
 *       {@code b} + base64.</li>
 * </ul>
 * Decoders return an {@link EngineIoDecodeResult} and never throw on bad input.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md#packet-encoding">v4 §Packet encoding</a>
 */
public final class EngineIoCodec {

    /** The polling payload separator, ASCII RS. */
    public static final char SEPARATOR = '\u001e';

    private static final char BINARY_PREFIX = 'b';

    private EngineIoCodec() {
    }

    // ----------------------------------------------------------------------------------------------- decoding

    /** Decodes one WebSocket text frame (never a {@code b}-prefixed one: binary travels in binary frames). */
    public static EngineIoDecodeResult decodeTextFrame(String frame) {
        if (frame == null || frame.isEmpty()) {
            return new EngineIoDecodeResult.Invalid(EngineIoDecodeError.EMPTY_PACKET, 0, "empty frame");
        }
        return decodeTypedText(frame, 0);
    }

    /** Decodes one WebSocket binary frame: always a binary message. */
    public static EngineIoDecodeResult decodeBinaryFrame(byte[] frame) {
        return new EngineIoDecodeResult.Decoded(List.of(
                new EngineIoPacket.Message(EngineIoMessage.binary(frame == null ? new byte[0] : frame))));
    }

    /** Decodes a polling payload given as bytes (an HTTP POST body); the bytes must be valid UTF-8. */
    public static EngineIoDecodeResult decodePayload(byte[] body) {
        if (body == null) {
            return decodePayload((String) null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return new EngineIoDecodeResult.Invalid(EngineIoDecodeError.INVALID_UTF8, 0, "payload is not UTF-8");
        }
        return decodePayload(text);
    }

    /** Decodes a polling payload: records separated by {@code \x1e}; all of it or nothing. */
    public static EngineIoDecodeResult decodePayload(String payload) {
        if (payload == null || payload.isEmpty()) {
            return new EngineIoDecodeResult.Invalid(EngineIoDecodeError.EMPTY_PACKET, 0, "empty payload");
        }
        List<EngineIoPacket> packets = new ArrayList<>();
        int start = 0;
        int index = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            String record = end < 0 ? payload.substring(start) : payload.substring(start, end);
            EngineIoDecodeResult result = decodeRecord(record, index);
            switch (result) {
                case EngineIoDecodeResult.Invalid invalid -> {
                    return invalid;
                }
                case EngineIoDecodeResult.Decoded decoded -> packets.add(decoded.single());
            }
            if (end < 0) {
                return new EngineIoDecodeResult.Decoded(packets);
            }
            start = end + 1;
            index++;
        }
    }

    private static EngineIoDecodeResult decodeRecord(String record, int index) {
        if (record.isEmpty()) {
            return new EngineIoDecodeResult.Invalid(EngineIoDecodeError.EMPTY_PACKET, index, "empty record");
        }
        if (record.charAt(0) == BINARY_PREFIX) {
            try {
                byte[] bytes = Base64.getDecoder().decode(record.substring(1));
                return new EngineIoDecodeResult.Decoded(List.of(new EngineIoPacket.Message(EngineIoMessage.binary(bytes))));
            } catch (IllegalArgumentException e) {
                return new EngineIoDecodeResult.Invalid(EngineIoDecodeError.INVALID_BASE64, index, "invalid base64");
            }
        }
        return decodeTypedText(record, index);
    }

    private static EngineIoDecodeResult decodeTypedText(String text, int index) {
        char digit = text.charAt(0);
        if (!EngineIoPacketType.isCode(digit)) {
            return new EngineIoDecodeResult.Invalid(EngineIoDecodeError.UNKNOWN_PACKET_TYPE, index,
                    "unknown packet type U+" + String.format("%04X", (int) digit));
        }
        String data = text.substring(1);
        EngineIoPacket packet = switch (EngineIoPacketType.of(digit)) {
            case OPEN -> new EngineIoPacket.Open(data);
            case CLOSE -> new EngineIoPacket.Close();
            case PING -> new EngineIoPacket.Ping(data);
            case PONG -> new EngineIoPacket.Pong(data);
            case MESSAGE -> new EngineIoPacket.Message(EngineIoMessage.text(data));
            case UPGRADE -> new EngineIoPacket.Upgrade();
            case NOOP -> new EngineIoPacket.Noop();
        };
        return new EngineIoDecodeResult.Decoded(List.of(packet));
    }

    // ----------------------------------------------------------------------------------------------- encoding

    /**
     * Encodes one packet the way a polling payload carries it: type digit + data, or {@code b} + base64 for a binary
     * message. Also the WebSocket text frame of every packet except a binary message.
     */
    public static String encodePacket(EngineIoPacket packet) {
        return switch (packet) {
            case EngineIoPacket.Open open -> EngineIoPacketType.OPEN.code() + open.json();
            case EngineIoPacket.Close ignored -> String.valueOf(EngineIoPacketType.CLOSE.code());
            case EngineIoPacket.Ping ping -> EngineIoPacketType.PING.code() + ping.data();
            case EngineIoPacket.Pong pong -> EngineIoPacketType.PONG.code() + pong.data();
            case EngineIoPacket.Upgrade ignored -> String.valueOf(EngineIoPacketType.UPGRADE.code());
            case EngineIoPacket.Noop ignored -> String.valueOf(EngineIoPacketType.NOOP.code());
            case EngineIoPacket.Message message -> switch (message.message()) {
                case EngineIoMessage.Text text -> EngineIoPacketType.MESSAGE.code() + text.text();
                case EngineIoMessage.Binary binary -> BINARY_PREFIX + Base64.getEncoder().encodeToString(binary.bytes());
            };
        };
    }

    /** A WebSocket frame: text, or binary for a binary message. */
    public sealed interface Frame {
        record Text(String text) implements Frame {
        }

        record Binary(byte[] bytes) implements Frame {
        }
    }

    /** Encodes one packet as its own WebSocket frame. */
    public static Frame encodeFrame(EngineIoPacket packet) {
        if (packet instanceof EngineIoPacket.Message(EngineIoMessage.Binary binary)) {
            return new Frame.Binary(binary.bytes());
        }
        return new Frame.Text(encodePacket(packet));
    }

    /**
     * The WebSocket text frame of a message packet ({@code 4} + text) as UTF-8 in native memory, built once per
     * message instance and shared: a broadcast hands the same
     * {@link EngineIoMessage.Text} to every connection, so every connection writes the same bytes, and the socket
     * write reads them in place (a heap array would be copied to a temporary native buffer on every write, and the
     * JDK's search for one dominated the WebSocket IO threads' profile). Returns a new read-only view per call.
     */
    public static ByteBuffer textFrame(EngineIoMessage.Text text) {
        ByteBuffer frame = text.cachedFrame();
        if (frame == null) {
            byte[] body = text.utf8();
            frame = ByteBuffer.allocateDirect(body.length + 1)
                    .put((byte) EngineIoPacketType.MESSAGE.code())
                    .put(body)
                    .flip()
                    .asReadOnlyBuffer();
            text.cacheFrame(frame);
        }
        return frame.duplicate();
    }

    /**
     * The WebSocket text frame of a message ({@code 4} + text) copied into {@code batch} at its position (which
     * advances), as a read-only view of just those bytes. For messages {@linkplain EngineIoMessage.Text#forOneConnection
     * for one connection} (a replay): one native buffer for a batch of them instead of one per message, and nothing
     * kept on the message, so a recovery buffer that holds the message holds no native memory.
     *
     * @throws java.nio.BufferOverflowException when {@code batch} has less room than {@code 1 + text.utf8().length}
     */
    public static ByteBuffer textFrameInto(EngineIoMessage.Text text, ByteBuffer batch) {
        byte[] body = text.utf8();
        int start = batch.position();
        batch.put((byte) EngineIoPacketType.MESSAGE.code()).put(body);
        return batch.slice(start, 1 + body.length).asReadOnlyBuffer();
    }

    /**
     * Whether a packet can travel in a polling payload. A text message containing the separator {@code \x1e} cannot:
     * the receiver would split it. (JSON, as Socket.IO writes it, escapes control characters, so Socket.IO traffic
     * never hits this.)
     */
    public static boolean isPayloadSafe(EngineIoPacket packet) {
        return !(packet instanceof EngineIoPacket.Message(EngineIoMessage.Text text))
                || text.text().indexOf(SEPARATOR) < 0;
    }

    /**
     * Encodes packets as one polling payload.
     *
     * @throws IllegalArgumentException if a packet is not {@linkplain #isPayloadSafe payload-safe} (a caller bug)
     */
    public static String encodePayload(List<? extends EngineIoPacket> packets) {
        if (packets.isEmpty()) {
            throw new IllegalArgumentException("a payload holds at least one packet");
        }
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            EngineIoPacket packet = packets.get(i);
            if (!isPayloadSafe(packet)) {
                throw new IllegalArgumentException("text message " + i + " contains the payload separator U+001E");
            }
            if (i > 0) {
                payload.append(SEPARATOR);
            }
            payload.append(encodePacket(packet));
        }
        return payload.toString();
    }

    /** The UTF-8 length of {@link #encodePacket}, without building it for binary messages. */
    public static long encodedLength(EngineIoPacket packet) {
        if (packet instanceof EngineIoPacket.Message(EngineIoMessage.Binary binary)) {
            return 1 + 4L * ((binary.bytes().length + 2) / 3);
        }
        if (packet instanceof EngineIoPacket.Message(EngineIoMessage.Text text)) {
            return 1 + text.utf8().length;
        }
        return StandardCharsets.UTF_8.encode(CharBuffer.wrap(encodePacket(packet))).remaining();
    }
}
