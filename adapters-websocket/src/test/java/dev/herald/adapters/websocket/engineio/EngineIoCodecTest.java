package dev.herald.adapters.websocket.engineio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden strings from the Engine.IO v4 spec (docs/engine.io-protocol/v4-current.md). */
class EngineIoCodecTest {

    private static EngineIoPacket single(String frame) {
        return assertInstanceOf(EngineIoDecodeResult.Decoded.class, EngineIoCodec.decodeTextFrame(frame)).single();
    }

    private static List<EngineIoPacket> payload(String payload) {
        return assertInstanceOf(EngineIoDecodeResult.Decoded.class, EngineIoCodec.decodePayload(payload)).packets();
    }

    private static EngineIoDecodeResult.Invalid invalidPayload(String payload) {
        return assertInstanceOf(EngineIoDecodeResult.Invalid.class, EngineIoCodec.decodePayload(payload));
    }

    @Test
    void decodesEveryPacketTypeOfTheSpec() {
        assertEquals(new EngineIoPacket.Open("{\"sid\":\"x\"}"), single("0{\"sid\":\"x\"}"));
        assertEquals(new EngineIoPacket.Close(), single("1"));
        assertEquals(EngineIoPacket.Ping.heartbeat(), single("2"));
        assertEquals(EngineIoPacket.Pong.heartbeat(), single("3"));
        assertEquals(new EngineIoPacket.Message(EngineIoMessage.text("hello")), single("4hello"));
        assertEquals(new EngineIoPacket.Message(EngineIoMessage.text("")), single("4"));
        assertEquals(new EngineIoPacket.Upgrade(), single("5"));
        assertEquals(new EngineIoPacket.Noop(), single("6"));
    }

    @Test
    void decodesTheProbePackets() {
        assertTrue(assertInstanceOf(EngineIoPacket.Ping.class, single("2probe")).isProbe());
        assertTrue(assertInstanceOf(EngineIoPacket.Pong.class, single("3probe")).isProbe());
        assertFalse(assertInstanceOf(EngineIoPacket.Ping.class, single("2")).isProbe());
    }

    @Test
    void aBinaryWebSocketFrameIsABinaryMessage() {
        EngineIoPacket packet = assertInstanceOf(EngineIoDecodeResult.Decoded.class,
                EngineIoCodec.decodeBinaryFrame(new byte[] {1, 2, 3, 4})).single();
        assertEquals(new EngineIoPacket.Message(EngineIoMessage.binary(new byte[] {1, 2, 3, 4})), packet);
    }

    @Test
    void malformedFramesAreErrorValues() {
        assertEquals(EngineIoDecodeError.EMPTY_PACKET,
                assertInstanceOf(EngineIoDecodeResult.Invalid.class, EngineIoCodec.decodeTextFrame("")).error());
        assertEquals(EngineIoDecodeError.UNKNOWN_PACKET_TYPE,
                assertInstanceOf(EngineIoDecodeResult.Invalid.class, EngineIoCodec.decodeTextFrame("abc")).error());
        assertEquals(EngineIoDecodeError.UNKNOWN_PACKET_TYPE,
                assertInstanceOf(EngineIoDecodeResult.Invalid.class, EngineIoCodec.decodeTextFrame("7")).error());
        // The b prefix exists only inside polling payloads; a WebSocket carries binary as binary frames.
        assertEquals(EngineIoDecodeError.UNKNOWN_PACKET_TYPE,
                assertInstanceOf(EngineIoDecodeResult.Invalid.class, EngineIoCodec.decodeTextFrame("bAQID")).error());
    }

    @Test
    void decodesTheSpecPayloadExamples() {
        assertEquals(List.of(
                new EngineIoPacket.Message(EngineIoMessage.text("hello")),
                EngineIoPacket.Ping.heartbeat(),
                new EngineIoPacket.Message(EngineIoMessage.text("world"))), payload("4hello\u001e2\u001e4world"));
        List<EngineIoPacket> mixed = payload("4hello\u001ebAQIDBA==");
        assertEquals(new EngineIoPacket.Message(EngineIoMessage.text("hello")), mixed.get(0));
        EngineIoMessage.Binary binary = assertInstanceOf(EngineIoMessage.Binary.class,
                assertInstanceOf(EngineIoPacket.Message.class, mixed.get(1)).message());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, binary.bytes());
    }

    @Test
    void encodesTheSpecPayloadExamples() {
        assertEquals("4hello\u001e2\u001e4world", EngineIoCodec.encodePayload(List.of(
                new EngineIoPacket.Message(EngineIoMessage.text("hello")),
                EngineIoPacket.Ping.heartbeat(),
                new EngineIoPacket.Message(EngineIoMessage.text("world")))));
        assertEquals("4hello\u001ebAQIDBA==", EngineIoCodec.encodePayload(List.of(
                new EngineIoPacket.Message(EngineIoMessage.text("hello")),
                new EngineIoPacket.Message(EngineIoMessage.binary(new byte[] {1, 2, 3, 4})))));
        assertEquals("3probe", EngineIoCodec.encodePacket(EngineIoPacket.Pong.probe()));
        assertEquals("6", EngineIoCodec.encodePacket(new EngineIoPacket.Noop()));
        assertEquals("1", EngineIoCodec.encodePacket(new EngineIoPacket.Close()));
    }

    @Test
    void aWebSocketFrameOfABinaryMessageIsTheRawBytes() {
        EngineIoCodec.Frame frame = EngineIoCodec.encodeFrame(
                new EngineIoPacket.Message(EngineIoMessage.binary(new byte[] {1, 2, 3, 4})));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, assertInstanceOf(EngineIoCodec.Frame.Binary.class, frame).bytes());
        assertEquals("4hello", assertInstanceOf(EngineIoCodec.Frame.Text.class,
                EngineIoCodec.encodeFrame(new EngineIoPacket.Message(EngineIoMessage.text("hello")))).text());
    }

    @Test
    void aMalformedPayloadIsRejectedWholeWithTheIndexOfTheBadRecord() {
        EngineIoDecodeResult.Invalid empty = invalidPayload("4a\u001e\u001e4b");
        assertEquals(EngineIoDecodeError.EMPTY_PACKET, empty.error());
        assertEquals(1, empty.index());
        assertEquals(EngineIoDecodeError.UNKNOWN_PACKET_TYPE, invalidPayload("abc").error());
        assertEquals(EngineIoDecodeError.INVALID_BASE64, invalidPayload("4ok\u001eb!!!").error());
        assertEquals(EngineIoDecodeError.EMPTY_PACKET, invalidPayload("").error());
        assertEquals(EngineIoDecodeError.EMPTY_PACKET, invalidPayload("4a\u001e").error());
        assertEquals(EngineIoDecodeError.INVALID_UTF8, assertInstanceOf(EngineIoDecodeResult.Invalid.class,
                EngineIoCodec.decodePayload(new byte[] {'4', (byte) 0xC3, (byte) 0x28})).error());
    }

    @Test
    void multiByteUtf8RoundTripsThroughAPayload() {
        String text = "héllo wörld \u4e2d\u6587 \ud83d\ude00";
        String payload = EngineIoCodec.encodePayload(List.of(new EngineIoPacket.Message(EngineIoMessage.text(text))));
        List<EngineIoPacket> decoded = assertInstanceOf(EngineIoDecodeResult.Decoded.class,
                EngineIoCodec.decodePayload(payload.getBytes(StandardCharsets.UTF_8))).packets();
        assertEquals(List.of(new EngineIoPacket.Message(EngineIoMessage.text(text))), decoded);
        assertEquals(payload.getBytes(StandardCharsets.UTF_8).length,
                EngineIoCodec.encodedLength(decoded.getFirst()));
    }

    @Test
    void theRecordSeparatorInsideTextCannotBeFramedButJsonEscapesIt() throws Exception {
        EngineIoPacket raw = new EngineIoPacket.Message(EngineIoMessage.text("a\u001eb"));
        assertFalse(EngineIoCodec.isPayloadSafe(raw));
        assertThrows(IllegalArgumentException.class, () -> EngineIoCodec.encodePayload(List.of(raw)));

        // Socket.IO writes JSON, and Jackson escapes U+001E: such a message round-trips through a payload.
        String json = new ObjectMapper().writeValueAsString(List.of("chat message", "a\u001eb"));
        EngineIoPacket escaped = new EngineIoPacket.Message(EngineIoMessage.text("2" + json));
        assertTrue(EngineIoCodec.isPayloadSafe(escaped));
        String payload = EngineIoCodec.encodePayload(List.of(escaped, escaped));
        assertEquals(List.of(escaped, escaped), payload(payload));
        assertEquals(List.of("chat message", "a\u001eb"), new ObjectMapper().readValue(json, List.class));
    }

    @Test
    void theHandshakeHasExactlyTheSpecKeys() {
        EngineIoHandshake handshake = new EngineIoHandshake("lv_VI97HAXpY6yYWAAAC", List.of("websocket"),
                25000, 20000, 1000000);
        assertEquals("{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                + "\"pingTimeout\":20000,\"maxPayload\":1000000}", handshake.toJson());
        assertEquals("0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}",
                EngineIoCodec.encodePacket(EngineIoPacket.Open.of(
                        new EngineIoHandshake("s", List.of(), 300, 200, 1000000))));
    }

    @Test
    void packetTypeLookupFailsLoudly() {
        assertEquals(EngineIoPacketType.MESSAGE, EngineIoPacketType.of('4'));
        assertEquals(EngineIoPacketType.NOOP, EngineIoPacketType.of('6'));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> EngineIoPacketType.of('7'));
        assertTrue(error.getMessage().contains("'7'"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineIoPacketType.of('b'));
    }

    @Test
    void aTextMessageFrameIsTheMessagePacketInUtf8EncodedOnceAndShared() {
        EngineIoMessage.Text text = (EngineIoMessage.Text) EngineIoMessage.text("2[\"chat message\",\"h\u00e9llo \uD83D\uDE00\",7]");
        byte[] expected = EngineIoCodec.encodePacket(new EngineIoPacket.Message(text)).getBytes(StandardCharsets.UTF_8);
        assertEquals(EngineIoCodec.encodedLength(new EngineIoPacket.Message(text)), expected.length);

        ByteBuffer first = EngineIoCodec.textFrame(text);
        ByteBuffer second = EngineIoCodec.textFrame(text);
        assertTrue(first.isDirect() && first.isReadOnly());
        byte[] read = new byte[first.remaining()];
        first.get(read); // one connection's write consumes its own view only
        assertArrayEquals(expected, read);
        assertEquals(expected.length, second.remaining(), "another connection still has the whole frame");
        byte[] again = new byte[second.remaining()];
        second.get(again);
        assertArrayEquals(expected, again);
    }

    @Test
    void framesCopiedIntoABatchBufferAreTheSameBytesAndLeaveNoSharedFrameBehind() {
        EngineIoMessage.Text first = EngineIoMessage.textOfUtf8(
                "2[\"chat message\",\"h\u00e9llo \uD83D\uDE00\",7,\"1\"]".getBytes(StandardCharsets.UTF_8), true);
        EngineIoMessage.Text second = (EngineIoMessage.Text) EngineIoMessage.text("2[\"chat message\",\"x\",8,\"2\"]");
        ByteBuffer batch = ByteBuffer.allocateDirect(100);

        ByteBuffer a = EngineIoCodec.textFrameInto(first, batch);
        ByteBuffer b = EngineIoCodec.textFrameInto(second, batch);

        assertEquals(2 + first.utf8().length + second.utf8().length, batch.position());
        assertTrue(a.isDirect() && a.isReadOnly() && b.isReadOnly());
        byte[] bytesA = new byte[a.remaining()];
        a.get(bytesA);
        assertArrayEquals(("4" + first.text()).getBytes(StandardCharsets.UTF_8), bytesA);
        byte[] bytesB = new byte[b.remaining()];
        b.get(bytesB);
        assertArrayEquals(("4" + second.text()).getBytes(StandardCharsets.UTF_8), bytesB);
        assertTrue(first.forOneConnection());
        assertFalse(second.forOneConnection(), "a message built from a String may be shared");
        assertEquals(null, first.cachedFrame(), "a copied frame leaves no native memory on the message");
    }

    @Test
    void aTextMessageBuiltFromUtf8DecodesToTheSameTextAndEqualsTheStringBuiltOne() {
        String text = "2[\"chat message\",\"h\u00e9llo \uD83D\uDE00 \\u001e\",7]";
        EngineIoMessage.Text fromUtf8 = EngineIoMessage.textOfUtf8(text.getBytes(StandardCharsets.UTF_8), false);
        EngineIoMessage fromString = EngineIoMessage.text(text);
        assertEquals(text, fromUtf8.text());
        assertEquals(fromString, fromUtf8);
        assertEquals(fromString.hashCode(), fromUtf8.hashCode());
        assertEquals(EngineIoCodec.encodePacket(new EngineIoPacket.Message(fromString)),
                EngineIoCodec.encodePacket(new EngineIoPacket.Message(fromUtf8)));
    }
}
