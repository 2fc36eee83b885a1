package dev.herald.adapters.websocket.socketio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Socket.IO v5 suite's "Socket.IO protocol" cases (PROTOCOL.md §2.2), replayed against the conformance
 * handlers through a fake Engine.IO connection. Messages here are Socket.IO packets: the suite's {@code 40} is the
 * Engine.IO {@code 4} plus our {@code 0}.
 */
class ConformanceHandlersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManualScheduler scheduler;
    private SocketIoServer server;
    private FakeEngineIoConnection connection;

    @BeforeEach
    void setUp() {
        scheduler = new ManualScheduler();
        server = ConformanceHandlers.createServer(scheduler);
        connection = new FakeEngineIoConnection(server).open();
    }

    private static void assertHandshakeWithOnlySid(String text, String prefix) throws Exception {
        assertTrue(text.startsWith(prefix), text);
        JsonNode handshake = JSON.readTree(text.substring(prefix.length()));
        assertEquals(List.of("sid"), iterable(handshake.fieldNames()));
        assertTrue(handshake.get("sid").isTextual());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private void connectMain() {
        connection.receive("0");
        assertEquals(2, connection.texts().size());
    }

    @Test
    void allowsConnectionToTheMainNamespace() throws Exception {
        connection.receive("0");
        assertHandshakeWithOnlySid(connection.texts().get(0), "0");
        assertEquals("2[\"auth\",{}]", connection.texts().get(1));
    }

    @Test
    void allowsConnectionToTheMainNamespaceWithAPayload() throws Exception {
        connection.receive("0{\"token\":\"123\"}");
        assertHandshakeWithOnlySid(connection.texts().get(0), "0");
        assertEquals("2[\"auth\",{\"token\":\"123\"}]", connection.texts().get(1));
    }

    @Test
    void allowsConnectionToACustomNamespace() throws Exception {
        connection.receive("0/custom,");
        assertHandshakeWithOnlySid(connection.texts().get(0), "0/custom,");
        assertEquals("2/custom,[\"auth\",{}]", connection.texts().get(1));
    }

    @Test
    void allowsConnectionToACustomNamespaceWithAPayload() throws Exception {
        connection.receive("0/custom,{\"token\":\"abc\"}");
        assertHandshakeWithOnlySid(connection.texts().get(0), "0/custom,");
        assertEquals("2/custom,[\"auth\",{\"token\":\"abc\"}]", connection.texts().get(1));
    }

    @Test
    void disallowsConnectionToAnUnknownNamespace() {
        connection.receive("0/random");
        assertEquals(List.of("4/random,{\"message\":\"Invalid namespace\"}"), connection.texts());
        assertTrue(connection.isOpen());
    }

    @Test
    void disallowsConnectionWithAnInvalidHandshake() {
        connection.receive("abc");
        assertFalse(connection.isOpen());
    }

    @Test
    void closesTheConnectionIfNoHandshakeIsReceived() {
        scheduler.advance(Duration.ofMillis(999));
        assertTrue(connection.isOpen());
        scheduler.advance(Duration.ofMillis(1));
        assertFalse(connection.isOpen());
        assertEquals("forced server close", connection.closeReason());
    }

    @Test
    void disconnectingFromTheMainNamespaceKeepsTheEngineIoSession() {
        connectMain();
        connection.receive("1");
        assertTrue(connection.isOpen());
        scheduler.advance(Duration.ofSeconds(5));
        assertTrue(connection.isOpen(), "the connect timeout does not fire once a namespace was joined");
        assertEquals(2, connection.texts().size(), "no reply to a DISCONNECT");
    }

    @Test
    void connectsThenDisconnectsFromACustomNamespace() {
        connectMain();
        connection.receive("0/custom");
        assertEquals("2/custom,[\"auth\",{}]", connection.lastText());
        connection.receive("1/custom");
        connection.receive("2[\"message\",\"message to main namespace\"]");
        assertEquals("2[\"message-back\",\"message to main namespace\"]", connection.lastText());
    }

    @Test
    void sendsAPlainTextPacket() {
        connectMain();
        connection.receive("2[\"message\",1,\"2\",{\"3\":[true]}]");
        assertEquals("2[\"message-back\",1,\"2\",{\"3\":[true]}]", connection.lastText());
    }

    @Test
    void sendsAPacketWithBinaryAttachments() {
        connectMain();
        connection.receive("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        connection.receive(new byte[] {1, 2, 3});
        connection.receive(new byte[] {4, 5, 6});
        assertEquals(List.of(
                EngineIoMessage.text("52-[\"message-back\",{\"_placeholder\":true,\"num\":0},"
                        + "{\"_placeholder\":true,\"num\":1}]"),
                EngineIoMessage.binary(new byte[] {1, 2, 3}),
                EngineIoMessage.binary(new byte[] {4, 5, 6})), connection.sendCalls().getLast());
    }

    @Test
    void sendsAPlainTextPacketWithAnAck() {
        connectMain();
        connection.receive("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertEquals("3456[1,\"2\",{\"3\":[false]}]", connection.lastText());
    }

    @Test
    void sendsAPacketWithBinaryAttachmentsAndAnAck() {
        connectMain();
        connection.receive(
                "52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        connection.receive(new byte[] {1, 2, 3});
        connection.receive(new byte[] {4, 5, 6});
        assertEquals(List.of(
                EngineIoMessage.text("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"),
                EngineIoMessage.binary(new byte[] {1, 2, 3}),
                EngineIoMessage.binary(new byte[] {4, 5, 6})), connection.sendCalls().getLast());
    }

    @Test
    void closesTheConnectionUponAnUnknownPacketType() {
        connectMain();
        connection.receive("abc");
        assertFalse(connection.isOpen());
    }

    @Test
    void closesTheConnectionUponAnInvalidPayloadFormat() {
        connectMain();
        connection.receive("2{}");
        assertFalse(connection.isOpen());
    }

    @Test
    void closesTheConnectionUponAnInvalidAckId() {
        connectMain();
        connection.receive("2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertFalse(connection.isOpen());
    }
}
