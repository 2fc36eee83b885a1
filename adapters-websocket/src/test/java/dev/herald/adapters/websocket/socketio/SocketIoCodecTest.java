package dev.herald.adapters.websocket.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden strings from the v5 spec ("Packet encoding" examples) and from the official v5 test suite. */
class SocketIoCodecTest {

    private static JsonNode json(String text) {
        return SocketIoCodec.parseJson(text);
    }

    private static ArrayNode array(String text) {
        return (ArrayNode) json(text);
    }

    private static SocketIoPacket decodeOne(String text) {
        SocketIoDecodeResult result = new SocketIoDecoder().decodeText(text);
        return assertInstanceOf(SocketIoDecodeResult.Decoded.class, result, () -> text + " -> " + result).packet();
    }

    private static SocketIoDecodeError decodeError(String text) {
        SocketIoDecodeResult result = new SocketIoDecoder().decodeText(text);
        return assertInstanceOf(SocketIoDecodeResult.Failed.class, result, () -> text + " -> " + result).error();
    }

    private static String encodeText(SocketIoPacket packet) {
        SocketIoEncodedPacket encoded = SocketIoCodec.encode(packet);
        assertTrue(encoded.attachments().isEmpty());
        return encoded.text();
    }

    @Test
    void encodesTheSpecExamples() {
        assertEquals("0", encodeText(new SocketIoPacket.Connect("/", null)));
        assertEquals("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
                encodeText(new SocketIoPacket.Connect("/admin", (ObjectNode) json("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"))));
        assertEquals("4{\"message\":\"Not authorized\"}",
                encodeText(new SocketIoPacket.ConnectError("/", json("{\"message\":\"Not authorized\"}"))));
        assertEquals("2[\"foo\"]", encodeText(new SocketIoPacket.Event("/", OptionalLong.empty(), array("[\"foo\"]"))));
        assertEquals("2/admin,[\"bar\"]",
                encodeText(new SocketIoPacket.Event("/admin", OptionalLong.empty(), array("[\"bar\"]"))));
        assertEquals("212[\"foo\"]", encodeText(new SocketIoPacket.Event("/", OptionalLong.of(12), array("[\"foo\"]"))));
        assertEquals("3/admin,13[\"bar\"]", encodeText(new SocketIoPacket.Ack("/admin", 13, array("[\"bar\"]"))));
        assertEquals("1", encodeText(new SocketIoPacket.Disconnect("/")));
        assertEquals("1/admin,", encodeText(new SocketIoPacket.Disconnect("/admin")));
    }

    @Test
    void encodesBinaryEventsWithPlaceholdersInDepthFirstOrder() {
        ArrayNode args = SocketIoCodec.toJsonArray("baz", new byte[] {1, 2, 3, 4});
        SocketIoEncodedPacket one = SocketIoCodec.encode(SocketIoCodec.event("/", OptionalLong.empty(), args));
        assertEquals("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", one.text());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, one.attachments().getFirst());

        ArrayNode two = SocketIoCodec.toJsonArray("baz", new byte[] {1, 2}, new byte[] {3, 4});
        SocketIoEncodedPacket encoded = SocketIoCodec.encode(SocketIoCodec.event("/admin", OptionalLong.empty(), two));
        assertEquals("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                encoded.text());
        assertEquals(2, encoded.attachments().size());
        assertEquals(List.of(EngineIoMessage.text(encoded.text()), EngineIoMessage.binary(new byte[] {1, 2}),
                EngineIoMessage.binary(new byte[] {3, 4})), encoded.toMessages());
        assertTrue(two.get(1).isBinary(), "the caller's arguments are not modified");

        ArrayNode ackArgs = SocketIoCodec.toJsonArray(null, "bar", new byte[] {1, 2, 3, 4});
        assertEquals("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]",
                SocketIoCodec.encode(SocketIoCodec.ack("/", 15, ackArgs)).text());
    }

    @Test
    void encodesNestedBinaryInsideObjects() {
        ArrayNode args = SocketIoCodec.toJsonArray("upload", Map.of("file", new byte[] {9}), List.of(new byte[] {8}));
        SocketIoPacket packet = SocketIoCodec.event("/", OptionalLong.of(3), args);
        SocketIoEncodedPacket encoded = SocketIoCodec.encode(packet);
        assertEquals("52-3[\"upload\",{\"file\":{\"_placeholder\":true,\"num\":0}},[{\"_placeholder\":true,\"num\":1}]]",
                encoded.text());
        assertEquals(args, SocketIoCodec.arguments(packet));
    }

    @Test
    void escapesTheRecordSeparatorAndKeepsUnicode() {
        String text = "a\u001eb\u00e9\u4e2d\ud83d\ude00\"\\";
        String encoded = encodeText(SocketIoCodec.event("/", OptionalLong.empty(), SocketIoCodec.toJsonArray("m", text)));
        assertEquals("2[\"m\",\"a\\u001Eb\u00e9\u4e2d\ud83d\ude00\\\"\\\\\"]", encoded);
        assertFalse(encoded.contains("\u001e"));
        SocketIoPacket back = decodeOne(encoded);
        assertEquals(text, SocketIoCodec.arguments(back).get(1).textValue());
    }

    @Test
    void decodesTheSpecExamples() {
        assertEquals(new SocketIoPacket.Connect("/", null), decodeOne("0"));
        assertEquals(new SocketIoPacket.Connect("/admin", (ObjectNode) json("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")),
                decodeOne("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"));
        assertEquals(new SocketIoPacket.ConnectError("/", json("{\"message\":\"Not authorized\"}")),
                decodeOne("4{\"message\":\"Not authorized\"}"));
        assertEquals(new SocketIoPacket.Event("/", OptionalLong.empty(), array("[\"foo\"]")), decodeOne("2[\"foo\"]"));
        assertEquals(new SocketIoPacket.Event("/admin", OptionalLong.empty(), array("[\"bar\"]")),
                decodeOne("2/admin,[\"bar\"]"));
        assertEquals(new SocketIoPacket.Event("/", OptionalLong.of(12), array("[\"foo\"]")), decodeOne("212[\"foo\"]"));
        assertEquals(new SocketIoPacket.Ack("/admin", 13, array("[\"bar\"]")), decodeOne("3/admin,13[\"bar\"]"));
        assertEquals(new SocketIoPacket.Disconnect("/"), decodeOne("1"));
        assertEquals(new SocketIoPacket.Disconnect("/admin"), decodeOne("1/admin,"));
        assertEquals(new SocketIoPacket.Ack("/", 12, array("[]")), decodeOne("312[]"));
    }

    @Test
    void decodesTheConformanceSuitePackets() {
        assertEquals(new SocketIoPacket.Connect("/", (ObjectNode) json("{\"token\":\"123\"}")),
                decodeOne("0{\"token\":\"123\"}"));
        assertEquals(new SocketIoPacket.Connect("/custom", null), decodeOne("0/custom,"));
        assertEquals(new SocketIoPacket.Connect("/custom", null), decodeOne("0/custom"));
        assertEquals(new SocketIoPacket.Connect("/custom", (ObjectNode) json("{\"token\":\"abc\"}")),
                decodeOne("0/custom,{\"token\":\"abc\"}"));
        assertEquals(new SocketIoPacket.Disconnect("/custom"), decodeOne("1/custom"));
        SocketIoPacket event = decodeOne("2[\"message\",1,\"2\",{\"3\":[true]}]");
        assertEquals("2[\"message\",1,\"2\",{\"3\":[true]}]", encodeText(event));
        SocketIoPacket withAck = decodeOne("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertEquals(OptionalLong.of(456), ((SocketIoPacket.Event) withAck).ackId());
        assertEquals(SocketIoDecodeError.UNKNOWN_PACKET_TYPE, decodeError("abc"));
        assertEquals(SocketIoDecodeError.INVALID_PAYLOAD, decodeError("2{}"));
        assertEquals(SocketIoDecodeError.INVALID_PAYLOAD, decodeError("2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"));
    }

    @Test
    void reassemblesBinaryAttachmentsAndRoundTrips() throws Exception {
        SocketIoDecoder decoder = new SocketIoDecoder();
        String header = "52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
        assertEquals(new SocketIoDecodeResult.Incomplete(2), decoder.decodeText(header));
        assertTrue(decoder.reconstructing());
        assertEquals(new SocketIoDecodeResult.Incomplete(1), decoder.decodeBinary(new byte[] {1, 2, 3}));
        SocketIoDecodeResult last = decoder.decodeBinary(new byte[] {4, 5, 6});
        SocketIoPacket.BinaryEvent packet = (SocketIoPacket.BinaryEvent)
                assertInstanceOf(SocketIoDecodeResult.Decoded.class, last).packet();
        assertFalse(decoder.reconstructing());
        assertEquals(OptionalLong.of(789), packet.ackId());
        ArrayNode args = SocketIoCodec.arguments(packet);
        assertArrayEquals(new byte[] {1, 2, 3}, args.get(1).binaryValue());
        assertArrayEquals(new byte[] {4, 5, 6}, args.get(2).binaryValue());
        assertEquals(header, SocketIoCodec.encode(packet).text());

        ArrayNode ackArgs = args.deepCopy();
        ackArgs.remove(0);
        SocketIoEncodedPacket ack = SocketIoCodec.encode(SocketIoCodec.ack("/", 789, ackArgs));
        assertEquals("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", ack.text());
    }

    @Test
    void acceptsABinaryPacketWithZeroAttachmentsAtOnce() {
        SocketIoPacket packet = decodeOne("50-[\"x\"]");
        assertEquals(List.of(), ((SocketIoPacket.BinaryEvent) packet).attachments());
    }

    @Test
    void rejectsTextWhileReconstructingAndBinaryWhenNotExpected() {
        SocketIoDecoder decoder = new SocketIoDecoder();
        assertEquals(SocketIoDecodeError.UNEXPECTED_BINARY,
                ((SocketIoDecodeResult.Failed) decoder.decodeBinary(new byte[] {1})).error());
        decoder.decodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        assertEquals(SocketIoDecodeError.TEXT_WHILE_RECONSTRUCTING,
                ((SocketIoDecodeResult.Failed) decoder.decodeText("2[\"b\"]")).error());
        assertFalse(decoder.reconstructing(), "reset after an error");
    }

    @Test
    void rejectsPlaceholdersThatNameNoAttachment() {
        SocketIoDecoder decoder = new SocketIoDecoder();
        decoder.decodeText("51-[\"a\",{\"_placeholder\":true,\"num\":1}]");
        assertEquals(SocketIoDecodeError.ILLEGAL_ATTACHMENTS,
                ((SocketIoDecodeResult.Failed) decoder.decodeBinary(new byte[] {1})).error());
        decoder.decodeText("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]");
        assertInstanceOf(SocketIoDecodeResult.Failed.class, decoder.decodeBinary(new byte[] {1}));
        decoder.decodeText("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]");
        assertInstanceOf(SocketIoDecodeResult.Failed.class, decoder.decodeBinary(new byte[] {1}));
    }

    @Test
    void enforcesTheAttachmentLimit() {
        assertEquals(SocketIoDecodeError.TOO_MANY_ATTACHMENTS, decodeError("511-[\"a\"]"));
        assertInstanceOf(SocketIoDecodeResult.Incomplete.class, new SocketIoDecoder().decodeText("510-[\"a\"]"));
        assertEquals(SocketIoDecodeError.TOO_MANY_ATTACHMENTS,
                ((SocketIoDecodeResult.Failed) new SocketIoDecoder(2).decodeText("53-[\"a\"]")).error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "9[\"a\"]", "a", " 0", "-1"})
    void rejectsUnknownPacketTypes(String text) {
        assertEquals(SocketIoDecodeError.UNKNOWN_PACKET_TYPE, decodeError(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5[\"a\"]", "5-[\"a\"]", "5x-[\"a\"]", "5 1-[\"a\"]", "51", "6-1[]", "51234567890-[\"a\"]"})
    void rejectsMalformedAttachmentCounts(String text) {
        assertEquals(SocketIoDecodeError.ILLEGAL_ATTACHMENTS, decodeError(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2", "2[]", "2{}", "2\"a\"", "2[\"connect\"]", "2[\"disconnect\",1]", "2[\"newListener\"]", "2[true]",
        "2[null]", "2[{}]", "2[\"a\"] x", "2[\"a\"", "2/admin,", "2/admin,{}", "3", "31", "31{}", "0[]", "0\"x\"",
        "01", "1{}", "1/admin,{}", "4[]", "41", "4 ", "2['a']", "2[\"a\",NaN]", "2[01]"
    })
    void rejectsPayloadsInvalidForTheirType(String text) {
        SocketIoDecodeError error = decodeError(text);
        assertTrue(error == SocketIoDecodeError.INVALID_PAYLOAD || error == SocketIoDecodeError.INVALID_ACK_ID,
                () -> text + " -> " + error);
    }

    @Test
    void rejectsAckIdsAJavaScriptPeerCannotHold() {
        assertEquals(SocketIoDecodeError.INVALID_ACK_ID, decodeError("29007199254740992[\"a\"]"));
        assertEquals(SocketIoDecodeError.INVALID_ACK_ID, decodeError("212345678901234567[\"a\"]"));
        assertEquals(OptionalLong.of(9007199254740991L),
                ((SocketIoPacket.Event) decodeOne("29007199254740991[\"a\"]")).ackId());
        assertEquals(SocketIoDecodeError.INVALID_ACK_ID, decodeError("3[\"a\"]"));
    }

    @Test
    void acceptsNumericEventNamesAndStringConnectErrors() {
        assertEquals(1, ((SocketIoPacket.Event) decodeOne("2[1,\"x\"]")).data().get(0).intValue());
        assertEquals("nope", ((SocketIoPacket.ConnectError) decodeOne("4\"nope\"")).data().textValue());
    }

    @Test
    void keepsNumbersExact() {
        String text = "2[\"n\",1,-0.5,12345678901234567890,1e400,1.50]";
        assertEquals("2[\"n\",1,-0.5,12345678901234567890,1E+400,1.5]", encodeText(decodeOne(text)));
    }

    @Test
    void packetTypeLookupFailsLoudly() {
        assertEquals(SocketIoPacketType.BINARY_ACK, SocketIoPacketType.of('6'));
        assertThrows(IllegalArgumentException.class, () -> SocketIoPacketType.of('7'));
    }

    @Test
    void packetsRejectInvalidContentOnConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new SocketIoPacket.Event("/", OptionalLong.empty(), array("[\"connect\"]")));
        assertThrows(IllegalArgumentException.class, () -> new SocketIoPacket.Disconnect("admin"));
        assertThrows(IllegalArgumentException.class, () -> new SocketIoPacket.Disconnect("/a,b"));
        assertThrows(IllegalArgumentException.class, () -> new SocketIoPacket.Ack("/", -1, array("[]")));
    }
}
