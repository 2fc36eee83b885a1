package dev.herald.adapters.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import dev.herald.adapters.websocket.transport.EngineIoServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile clients against a real server over real sockets: each gets the spec's answer and nothing
 * else happens. Every test ends with no session and no listener or handler thread left, and a good client still
 * served; outbound buffers stay bounded for a client that stops reading.
 */
class HostileClientIT {

    private static final String WS = "/socket.io/?EIO=4&transport=websocket";
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final int OUTBOUND_LIMIT = 64;

    private ProtocolServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        // Short heartbeat, connect and close timeouts so the silent clients below are dealt with quickly.
        server = new ProtocolServer(EngineIoServerOptions.defaults()
                .withHeartbeat(Duration.ofMillis(300), Duration.ofMillis(300))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withOutboundLimit(OUTBOUND_LIMIT, 1 << 20), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            server.awaitNoSessions(PATIENCE);
            assertAGoodClientIsStillServed();
            server.awaitNoSessions(PATIENCE); // also: no listener or handler thread left running or stuck
        } finally {
            server.close();
        }
    }

    private void assertAGoodClientIsStillServed() throws Exception {
        try (RawWebSocket good = connected()) {
            good.sendText("42[\"echo\",\"fine\"]");
            assertTrue(nextAnsweringPings(good).startsWith("42[\"echo\",\"fine\","));
        }
    }

    /** A WebSocket that has joined the main namespace and read the welcome. */
    private RawWebSocket connected() throws Exception {
        RawWebSocket ws = new RawWebSocket(server.port, WS);
        assertTrue(ws.readText().startsWith("0{\"sid\""));
        ws.sendText("40");
        assertTrue(nextAnsweringPings(ws).startsWith("40{\"sid\""));
        assertTrue(nextAnsweringPings(ws).startsWith("42[\"welcome\""));
        return ws;
    }

    /** The next frame that is not a ping; pings (every 300 ms here) are answered. */
    private static String nextAnsweringPings(RawWebSocket ws) throws Exception {
        String next = ws.readText();
        while ("2".equals(next)) {
            ws.sendText("3");
            next = ws.readText();
        }
        return next;
    }

    private static void assertClosedByServer(RawWebSocket ws) throws Exception {
        String next;
        do {
            next = ws.readText();
        } while (next != null && (next.equals("2") || next.startsWith("42[")));
        assertNull(next, "expected the close, got " + next);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "4abc",                                             // unknown Socket.IO packet type
            "42{}",                                             // an event that is not an array
            "42abc[\"echo\",1]",                                // an invalid ack id
            "43[1]",                                            // an ack without id
            "42[]",                                             // an event without a name
            "42[\"connect\"]",                                  // a reserved event name
            "41/other,",                                        // DISCONNECT for a namespace not joined
            "42/admin,[\"ack\"]",                               // an event for a namespace not joined
            "40",                                               // a second CONNECT for a joined namespace
            "44{\"message\":\"x\"}",                            // CONNECT_ERROR sent by a client
            "499-[\"echo\",{\"_placeholder\":true,\"num\":0}]",  // more attachments than allowed
            "45x-[\"echo\",{\"_placeholder\":true,\"num\":0}]",  // an attachment count that is not a number
            "4",                                                // an empty Socket.IO packet
            "2",                                                // a client-sent Engine.IO ping (v4: an error)
            "9",                                                // an unknown Engine.IO packet type
    })
    void aMalformedPacketClosesTheConnection(String frame) throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText(frame);
            assertClosedByServer(ws);
        }
    }

    @Test
    void anAttachmentWithoutItsHeaderClosesTheConnection() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertClosedByServer(ws);
        }
    }

    @Test
    void textWhereAnAttachmentIsDueClosesTheConnection() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]");
            ws.sendText("42[\"echo\",1]");
            assertClosedByServer(ws);
        }
    }

    @Test
    void anUnknownNamespaceIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("40/nope,");
            assertEquals("44/nope,{\"message\":\"Invalid namespace\"}", nextAnsweringPings(ws));
            ws.sendText("42[\"echo\",\"after\"]");
            String echoed = nextAnsweringPings(ws);
            assertTrue(echoed.startsWith("42[\"echo\",\"after\""), echoed);
        }
    }

    @Test
    void aClientThatNeverSendsConnectIsClosedAfterTheConnectTimeout() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.port, WS)) {
            assertTrue(ws.readText().startsWith("0{"));
            String next;
            do {
                next = ws.readText();
                if ("2".equals(next)) {
                    ws.sendText("3"); // it pongs, so only the missing CONNECT can end it
                }
            } while (next != null);
        }
    }

    @Test
    void aClientThatNeverPongsIsClosedAfterThePingTimeout() throws Exception {
        try (RawWebSocket ws = connected()) {
            assertEquals("2", ws.readText());
            assertNull(ws.readText(), "closed without a pong");
        }
    }

    @Test
    void connectionsThatSendNothingAreClosed() throws Exception {
        List<RawWebSocket> silent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            silent.add(new RawWebSocket(server.port, WS)); // the open packet is never read, nothing is sent
        }
        server.awaitNoSessions(PATIENCE);
        for (RawWebSocket ws : silent) {
            assertTrue(ws.drainUntilClosed(5_000), "the server closed the TCP connection");
            ws.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2", "abc", "4hello\u001e9"})
    void aBadPollingPostEndsTheSessionAndItsSidIsUnknownAfterwards(String body) throws Exception {
        HttpResponse<String> open = get("EIO=4&transport=polling");
        String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7).split("\"")[0];
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                URI.create(base() + "EIO=4&transport=polling&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (!body.equals("2")) {
            assertEquals(400, posted.statusCode(), "an undecodable payload is a bad request");
        }
        server.awaitNoSessions(PATIENCE);
        HttpResponse<String> after = get("EIO=4&transport=polling&sid=" + sid);
        assertEquals(400, after.statusCode());
        assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", after.body());
    }

    @Test
    void aPollingClientThatNeverGetsIsBoundedAndClosed() throws Exception {
        HttpResponse<String> open = get("EIO=4&transport=polling");
        String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7).split("\"")[0];
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                URI.create(base() + "EIO=4&transport=polling&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("40")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode());
        ProtocolServer.await("the socket joined", PATIENCE, () -> server.io.mainNamespace().sockets().size() == 1);
        SocketIoSocket socket = server.io.mainNamespace().sockets().iterator().next();
        assertEmitsStopAtTheLimit(socket);
    }

    @Test
    void aWebSocketClientThatStopsReadingIsBoundedAndDisconnected() throws Exception {
        try (RawWebSocket ws = connected()) {
            SocketIoSocket socket = server.io.mainNamespace().sockets().iterator().next();
            assertEmitsStopAtTheLimit(socket);
            // The TCP connection is closed too, although the client never read our close frame.
            assertTrue(ws.drainUntilClosed(10_000), "the server closed the TCP connection");
        }
    }

    /** Emits 10 KB events until the connection refuses one, then drops it the way the chat does. */
    private void assertEmitsStopAtTheLimit(SocketIoSocket socket) throws Exception {
        String chunk = "x".repeat(10_000);
        int accepted = 0;
        while (accepted < 100_000 && socket.emit("flood", chunk)) {
            accepted++;
        }
        assertTrue(accepted < 100_000, "emit never refused: the outbound buffer is unbounded");
        assertTrue(socket.connected());
        socket.dropConnection();
        assertFalse(socket.connected());
        server.awaitNoSessions(PATIENCE);
    }

    private String base() {
        return server.url() + "/socket.io/?";
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
