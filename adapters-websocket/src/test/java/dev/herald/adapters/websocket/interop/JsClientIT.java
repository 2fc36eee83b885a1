package dev.herald.adapters.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real JS {@code socket.io-client} 4.8.4 against the server: with its default transports (polling, then the
 * upgrade to WebSocket) and WebSocket only.
 */
class JsClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private ProtocolServer server;

    @BeforeEach
    void start() {
        server = ProtocolServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "websocket"})
    void eventsAcksBinaryAndNamespacesWorkBothWays(String transports) throws Exception {
        JsonNode out = NodeClient.run("basics", server.url(), transports);

        assertEquals(transports.equals("default") ? "polling" : "websocket", out.get("firstTransport").asText());
        assertEquals("websocket", out.get("transport").asText(), "ends on WebSocket");
        assertFalse(out.get("welcome").get(1).asBoolean(), "a first connection is not recovered");
        // Events carry the recovery offset as an extra last argument (recovery is on).
        JsonNode echo = out.get("echo");
        assertEquals(json("[\"hello\",42,{\"a\":[1,true,null]},\"ünïcödé \\u001e\"]"), slice(echo, 4));
        assertTrue(echo.get(4).isTextual(), "offset appended: " + echo);
        assertEquals(json("[\"x\",7,{\"y\":[false]}]"), out.get("ack"), "acks carry no offset");
        assertEquals(json("[{\"binary\":[1,2,3]},{\"nested\":{\"binary\":[4,5]}}]"), slice(out.get("binaryEcho"), 2));
        assertEquals(json("[{\"binary\":[9,8,7]},\"text\"]"), out.get("binaryAck"));
        assertEquals(json("[\"q!\",42,{\"binary\":[6]}]"), slice(out.get("answer"), 3),
                "server-to-client ack with binary came back");
        assertEquals(json("[\"admin\"]"), out.get("adminAck"));
        assertEquals("still here", out.get("mainAfterAdminLeft").asText());
        assertEquals(json("{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}"), out.get("refused"));
        assertEquals(json("{\"token\":\"secret\"}"), out.get("allowedAuth"));
        assertEquals("Invalid namespace", out.get("unknownNamespace").asText());
        assertTrue(out.get("stillConnected").asBoolean(), "a refused namespace leaves the connection up");
        server.awaitNoSessions(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "websocket"})
    void aDroppedClientReconnectsByItselfAndIsRecovered(String transports) throws Exception {
        JsonNode out = NodeClient.run("reconnect", server.url(), transports);

        assertEquals("transport close", out.get("disconnectReason").asText());
        assertTrue(out.get("recovered").asBoolean(), "forced close is recoverable");
        assertTrue(out.get("sameId").asBoolean(), "a recovered socket keeps its id");
        assertEquals(json("[\"back\"]"), out.get("ackAfter"));
        server.awaitNoSessions(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "websocket"})
    void aTransportDropComesBackRecoveredWithTheMissedEventsInOrder(String transports) throws Exception {
        JsonNode out = NodeClient.run("recovery", server.url(), transports);

        assertEquals("websocket", out.get("transport").asText());
        assertEquals(5, out.get("queued").asInt());
        assertEquals(0, out.get("receivedBeforeDrop").asInt(), "the client had read none of them");
        assertEquals("forced close", out.get("disconnectReason").asText());
        assertTrue(out.get("recovered").asBoolean());
        assertTrue(out.get("sameId").asBoolean());
        assertEquals(json("[0,1,2,3,4]"), out.get("bursts"), "each missed event exactly once, in order");
        server.awaitNoSessions(Duration.ofSeconds(5));
    }

    private static JsonNode slice(JsonNode array, int length) {
        var copy = JSON.createArrayNode();
        for (int i = 0; i < length; i++) {
            copy.add(array.get(i));
        }
        assertEquals(length, Math.min(length, array.size()), "too few elements in " + array);
        return copy;
    }
}
