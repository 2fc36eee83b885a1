package dev.herald.adapters.websocket.transport;

import static dev.herald.adapters.websocket.transport.EngineIoTestServer.json;
import static dev.herald.adapters.websocket.transport.EngineIoTestServer.poll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineIoWebSocketTest {

    private static final String WS = "EIO=4&transport=websocket";

    private EngineIoTestServer server;

    private EngineIoTestServer start(EngineIoServerOptions options, boolean echo) {
        server = new EngineIoTestServer(options, echo);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDirectWebSocketGetsTheOpenPacketFirstWithNoUpgrades() throws Exception {
        start(EngineIoTestServer.options(), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        String open = client.nextText();
        assertTrue(open.startsWith("0"), open);
        JsonNode handshake = json(open.substring(1));
        assertEquals("[]", handshake.get("upgrades").toString());
        assertEquals("websocket", server.recorder.nextOpened().transport());
    }

    @Test
    void aBadWebSocketHandshakeIsRefused() throws Exception {
        start(EngineIoTestServer.options(), false);
        for (String query : List.of("transport=websocket", "EIO=abc&transport=websocket", "EIO=4", "EIO=4&transport=abc",
                WS + "&sid=unknown")) {
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> server.webSocket(query), query);
            assertTrue(refused.getCause() instanceof WebSocketHandshakeException, query + ": " + refused.getCause());
            assertEquals(400, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(), query);
        }
    }

    @Test
    void textAndBinaryMessagesAreEchoed() throws Exception {
        start(EngineIoTestServer.options(), true);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        client.send("4hello \u00e9\ud83d\ude00");
        assertEquals("4hello \u00e9\ud83d\ude00", client.nextText());
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), true).join();
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) client.next());
    }

    @Test
    void anInvalidFrameClosesTheSession() throws Exception {
        start(EngineIoTestServer.options(), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        client.send("abc");
        client.awaitClose();
        assertEquals("parse error", server.recorder.nextClosed().reason());
    }

    @Test
    void aFrameOverMaxPayloadClosesWith1009() throws Exception {
        start(EngineIoTestServer.options().withMaxPayload(1000), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        client.socket.sendBinary(ByteBuffer.wrap(new byte[2000]), true).join();
        assertEquals(1009, client.awaitClose());
        EngineIoTestServer.Client text = server.webSocket(WS);
        text.nextText();
        text.send("4" + "x".repeat(2000));
        assertEquals(1009, text.awaitClose());
    }

    @Test
    void aClientPingIsAnErrorInV4() throws Exception {
        start(EngineIoTestServer.options(), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        client.send("2");
        client.awaitClose();
        assertEquals("transport error", server.recorder.nextClosed().reason());
    }

    @Test
    void aClientCloseClosesTheSession() throws Exception {
        start(EngineIoTestServer.options(), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        client.send("1");
        client.awaitClose();
        assertEquals("transport close", server.recorder.nextClosed().reason());
    }

    @Test
    void pongsKeepTheSessionAliveAndSilenceTimesItOut() throws Exception {
        start(EngineIoTestServer.options().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(100)), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        EngineIoConnection connection = server.recorder.nextOpened();
        for (int i = 0; i < 3; i++) {
            assertEquals("2", client.nextText());
            client.send("3");
        }
        assertTrue(connection.isOpen());
        assertEquals("2", client.nextText()); // and no pong this time
        client.awaitClose();
        assertEquals("ping timeout", server.recorder.nextClosed().reason());
        assertFalse(connection.isOpen());
    }

    @Test
    void aPollingSessionWithoutPongTimesOut() throws Exception {
        start(EngineIoTestServer.options().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(100)), false);
        String sid = server.handshake();
        assertEquals("2", server.get(poll(sid)).body());
        assertEquals("ping timeout", server.recorder.nextClosed().reason());
        assertEquals(400, server.get(poll(sid)).statusCode());
    }

    @Test
    void aBatchLeavesAsOneFramePerMessageInOrderAndASharedMessageReachesEveryConnectionIntact() throws Exception {
        start(EngineIoTestServer.options(), false);
        EngineIoTestServer.Client a = server.webSocket(WS);
        a.nextText();
        EngineIoConnection first = server.recorder.nextOpened();
        EngineIoTestServer.Client b = server.webSocket(WS);
        b.nextText();
        EngineIoConnection second = server.recorder.nextOpened();

        // One instance for both connections, as a broadcast does: its encoded frame is shared, not per connection.
        EngineIoMessage shared = EngineIoMessage.text("shared h\u00e9llo \ud83d\ude00");
        assertTrue(first.send(List.of(EngineIoMessage.text("one"), EngineIoMessage.binary(new byte[] {9, 8}), shared,
                EngineIoMessage.text("two"))));
        assertTrue(second.send(List.of(shared)));
        assertTrue(second.send(List.of(shared)));

        assertEquals("4one", a.nextText());
        assertArrayEquals(new byte[] {9, 8}, (byte[]) a.next());
        assertEquals("4shared h\u00e9llo \ud83d\ude00", a.nextText());
        assertEquals("4two", a.nextText());
        assertEquals("4shared h\u00e9llo \ud83d\ude00", b.nextText());
        assertEquals("4shared h\u00e9llo \ud83d\ude00", b.nextText());
        assertTrue(first.isOpen() && second.isOpen());
    }

    @Test
    void theUpgradeFlushesPacketsQueuedDuringItOnTheWebSocketInOrderExactlyOnce() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        CompletableFuture<HttpResponse<String>> parked = server.getAsync(poll(sid));

        EngineIoTestServer.Client client = server.webSocket(WS + "&sid=" + sid);
        client.send("2probe");
        assertEquals("3probe", client.nextText());
        // The paused client's GET is ended with a noop so that it can send "5".
        HttpResponse<String> noop = parked.get(5, TimeUnit.SECONDS);
        assertEquals("6", noop.body());
        assertEquals("polling", connection.transport());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assertTrue(connection.send(List.of(EngineIoMessage.text("m" + i))));
            expected.add("4m" + i);
        }
        client.send("5");
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            received.add(client.nextText());
        }
        assertEquals(expected, received);
        assertEquals("websocket", connection.transport());
        assertTrue(connection.send(List.of(EngineIoMessage.text("after"))));
        assertEquals("4after", client.nextText());
        assertTrue(client.messages.isEmpty(), "nothing twice: " + client.messages);

        HttpResponse<String> afterUpgrade = server.get(poll(sid));
        assertEquals(400, afterUpgrade.statusCode());
        assertEquals(3, json(afterUpgrade.body()).get("code").asInt());

        EngineIoTestServer.Client second = server.webSocket(WS + "&sid=" + sid);
        second.awaitClose();
        assertTrue(connection.isOpen());
    }

    @Test
    void anythingButProbeAndUpgradeOnTheProbingSocketClosesItAndKeepsPolling() throws Exception {
        start(EngineIoTestServer.options(), true);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        EngineIoTestServer.Client client = server.webSocket(WS + "&sid=" + sid);
        client.send("4hello");
        client.awaitClose();
        assertTrue(connection.isOpen());
        assertEquals("polling", connection.transport());
        assertEquals(200, server.post(poll(sid), "4still polling").statusCode());
        assertEquals("4still polling", server.get(poll(sid)).body());
    }

    @Test
    void anUnfinishedUpgradeTimesOut() throws Exception {
        start(EngineIoTestServer.options().withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(30)), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        EngineIoTestServer.Client client = server.webSocket(WS + "&sid=" + sid);
        client.send("2probe");
        assertEquals("3probe", client.nextText());
        client.awaitClose();
        assertTrue(connection.isOpen());
        assertEquals("polling", connection.transport());
    }

    @Test
    void shuttingTheServerDownClosesWebSocketSessionsAfterTheirQueuedMessages() throws Exception {
        start(EngineIoTestServer.options(), false);
        EngineIoTestServer.Client client = server.webSocket(WS);
        client.nextText();
        EngineIoConnection connection = server.recorder.nextOpened();
        assertTrue(connection.send(List.of(EngineIoMessage.text("last words"))));
        server.engine.close();
        assertEquals("4last words", client.nextText());
        client.awaitClose();
        assertEquals("server shutting down", server.recorder.nextClosed().reason());
        assertEquals(503, server.get("EIO=4&transport=polling").statusCode());
    }
}
