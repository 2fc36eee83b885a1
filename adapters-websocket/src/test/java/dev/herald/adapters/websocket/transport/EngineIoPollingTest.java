package dev.herald.adapters.websocket.transport;

import static dev.herald.adapters.websocket.transport.EngineIoTestServer.json;
import static dev.herald.adapters.websocket.transport.EngineIoTestServer.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineIoPollingTest {

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
    void theHandshakeAnswersTheOpenPacketWithExactlyTheFiveKeys() throws Exception {
        start(EngineIoTestServer.options(), false);
        HttpResponse<String> response = server.get("EIO=4&transport=polling");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=UTF-8", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().startsWith("0"), response.body());
        JsonNode open = json(response.body().substring(1));
        Set<String> keys = new HashSet<>();
        open.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"), keys);
        assertEquals("[\"websocket\"]", open.get("upgrades").toString());
        assertEquals(30000, open.get("pingInterval").asInt());
        assertEquals(1000000, open.get("maxPayload").asInt());
        EngineIoConnection connection = server.recorder.nextOpened();
        assertEquals(open.get("sid").asText(), connection.id());
        assertEquals("polling", connection.transport());
        assertEquals("4", connection.query().get("EIO"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} code {3}")
    @CsvSource(delimiter = '|', value = {
            "GET  | transport=polling           | 400 | 5",
            "GET  | EIO=abc&transport=polling   | 400 | 5",
            "GET  | EIO=3&transport=polling     | 400 | 5",
            "GET  | EIO=4                       | 400 | 0",
            "GET  | EIO=4&transport=abc         | 400 | 0",
            "POST | EIO=4&transport=polling     | 400 | 2",
            "PUT  | EIO=4&transport=polling     | 400 | 2",
            "GET  | EIO=4&transport=websocket   | 400 | 3",
            "GET  | EIO=4&transport=polling&sid=nope | 400 | 1",
            "POST | EIO=4&transport=polling&sid=nope | 400 | 1",
    })
    void badRequestsGetTheSpecErrorAnswer(String method, String query, int status, int code) throws Exception {
        start(EngineIoTestServer.options(), false);
        HttpResponse<String> response = server.request(method, query);
        assertEquals(status, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode error = json(response.body());
        assertEquals(code, error.get("code").asInt());
        assertEquals(EngineIoError.values()[code].message(), error.get("message").asText());
    }

    @Test
    void aRefusedHandshakeGets403Forbidden() throws Exception {
        start(EngineIoTestServer.options().withAllowRequest((query, headers) -> query.containsKey("token")), false);
        HttpResponse<String> refused = server.get("EIO=4&transport=polling");
        assertEquals(403, refused.statusCode());
        assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", refused.body());
        assertEquals(200, server.get("EIO=4&transport=polling&token=t").statusCode());
    }

    @Test
    void messagesPostedComeBackInOneGetInOrder() throws Exception {
        start(EngineIoTestServer.options(), true);
        String sid = server.handshake();
        HttpResponse<String> posted = server.post(poll(sid), "4test1\u001e4test2\u001ebAQIDBA==\u001e4\u00e9\ud83d\ude00");
        assertEquals(200, posted.statusCode());
        assertEquals("ok", posted.body());
        assertEquals("text/html", posted.headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> polled = server.get(poll(sid));
        assertEquals("4test1\u001e4test2\u001ebAQIDBA==\u001e4\u00e9\ud83d\ude00", polled.body());
    }

    @Test
    void aParkedGetIsAnsweredWhenTheServerSends() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        CompletableFuture<HttpResponse<String>> parked = server.getAsync(poll(sid));
        assertTrue(connection.send(List.of(EngineIoMessage.text("late"))));
        assertEquals("4late", parked.get(5, TimeUnit.SECONDS).body());
    }

    @Test
    void getResponsesAreBatchedUpToMaxPayload() throws Exception {
        start(EngineIoTestServer.options().withMaxPayload(100), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        String forty = "x".repeat(39);
        assertTrue(connection.send(List.of(EngineIoMessage.text(forty), EngineIoMessage.text(forty),
                EngineIoMessage.text(forty))));
        assertEquals("4" + forty + "\u001e4" + forty, server.get(poll(sid)).body());
        assertEquals("4" + forty, server.get(poll(sid)).body());
    }

    @Test
    void aPostOverMaxPayloadGets413() throws Exception {
        start(EngineIoTestServer.options().withMaxPayload(1000), true);
        String sid = server.handshake();
        assertEquals(413, server.post(poll(sid), "4" + "x".repeat(1000)).statusCode());
        assertEquals(200, server.post(poll(sid), "4fits").statusCode());
    }

    @Test
    void anInvalidPayloadGets400AndClosesTheSession() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        assertEquals(400, server.post(poll(sid), "abc").statusCode());
        assertEquals("parse error", server.recorder.nextClosed().reason());
        assertEquals(400, server.get(poll(sid)).statusCode());
    }

    @Test
    void aBinaryContentTypeGets400AndClosesTheSession() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        HttpResponse<String> response = server.http.send(HttpRequest.newBuilder(URI.create(server.base + "?" + poll(sid)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("4hi")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals("transport error", server.recorder.nextClosed().reason());
    }

    @Test
    void twoConcurrentGetsCloseTheSessionAndTheParkedOneGetsClose() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        CompletableFuture<HttpResponse<String>> first = server.getAsync(poll(sid));
        CompletableFuture<HttpResponse<String>> second = server.getAsync(poll(sid) + "&t=burst");
        // Whichever reached the server first was parked and gets the close packet; the other gets 400.
        Set<String> outcomes = Set.of(describe(first.get(5, TimeUnit.SECONDS)), describe(second.get(5, TimeUnit.SECONDS)));
        assertEquals(Set.of("200 1", "400"), outcomes);
        assertEquals("transport error", server.recorder.nextClosed().reason());
        assertEquals(400, server.get(poll(sid)).statusCode());
    }

    private static String describe(HttpResponse<String> response) {
        return response.statusCode() == 200 ? "200 " + response.body() : String.valueOf(response.statusCode());
    }

    @Test
    void anAbortedGetClosesTheSession() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        URI uri = URI.create(server.base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getPath() + "?" + poll(sid) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertEquals("transport error", server.recorder.nextClosed().reason());
        assertEquals(400, server.get(poll(sid)).statusCode());
    }

    @Test
    void aClientCloseAnswersTheParkedGetWithNoop() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        CompletableFuture<HttpResponse<String>> parked = server.getAsync(poll(sid));
        assertEquals(200, server.post(poll(sid), "1").statusCode());
        HttpResponse<String> answered = parked.get(5, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode());
        assertEquals("6", answered.body());
        assertEquals("transport close", server.recorder.nextClosed().reason());
        assertFalse(connection.isOpen());
        assertEquals(400, server.get(poll(sid)).statusCode());
    }

    @Test
    void sendReturnsFalseOverTheOutboundLimitAndAwaitWritableWaitsForRoom() throws Exception {
        start(EngineIoTestServer.options().withOutboundLimit(3, 1 << 20), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        assertTrue(connection.send(List.of(EngineIoMessage.text("a"), EngineIoMessage.text("b"))));
        assertFalse(connection.send(List.of(EngineIoMessage.text("c"), EngineIoMessage.text("d"))),
                "a call is atomic: two more would exceed three");
        assertTrue(connection.send(List.of(EngineIoMessage.text("c"))));
        assertFalse(connection.send(List.of(EngineIoMessage.text("d"))));
        assertEquals(3, connection.pendingMessages());
        assertFalse(connection.awaitWritable(1));

        CompletableFuture<Boolean> writable = CompletableFuture.supplyAsync(() -> {
            try {
                return connection.awaitWritable(5000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("4a\u001e4b\u001e4c", server.get(poll(sid)).body());
        assertTrue(writable.get(5, TimeUnit.SECONDS));
        assertEquals(0, connection.pendingMessages());
        assertTrue(connection.send(List.of(EngineIoMessage.text("d"))));
    }

    @Test
    void awaitWritableReturnsOnlyOnceHalfTheOutboundLimitIsFreeSoThatAReplayPageFits() throws Exception {
        // maxPayload 3 bytes: each GET carries one "4x" packet, so the queue drains one message at a time.
        start(EngineIoTestServer.options().withOutboundLimit(4, 1 << 20).withMaxPayload(3), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        assertTrue(connection.send(List.of(EngineIoMessage.text("a"), EngineIoMessage.text("b"),
                EngineIoMessage.text("c"), EngineIoMessage.text("d"))));
        assertEquals("4a", server.get(poll(sid)).body());
        assertEquals(3, connection.pendingMessages());
        assertFalse(connection.awaitWritable(1), "one free slot is not room for a page");
        assertEquals("4b", server.get(poll(sid)).body());
        assertTrue(connection.awaitWritable(1), "half the limit free");
    }

    @Test
    void corsEchoesAnAllowedOriginAndRefusesOthers() throws Exception {
        start(EngineIoTestServer.options().withAllowedOrigins(Set.of("https://chat.example")), false);
        HttpResponse<String> preflight = server.http.send(HttpRequest.newBuilder(
                        URI.create(server.base + "?EIO=4&transport=polling"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://chat.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("https://chat.example", preflight.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("true", preflight.headers().firstValue("access-control-allow-credentials").orElseThrow());
        assertEquals("content-type", preflight.headers().firstValue("access-control-allow-headers").orElseThrow());

        HttpResponse<String> allowed = server.http.send(HttpRequest.newBuilder(
                URI.create(server.base + "?EIO=4&transport=polling")).header("Origin", "https://chat.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode());
        assertEquals("https://chat.example", allowed.headers().firstValue("access-control-allow-origin").orElseThrow());

        HttpResponse<String> refused = server.http.send(HttpRequest.newBuilder(
                URI.create(server.base + "?EIO=4&transport=polling")).header("Origin", "https://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("access-control-allow-origin").isEmpty());
    }

    @Test
    void withoutAnAllowListAnyOriginIsAllowed() throws Exception {
        start(EngineIoTestServer.options(), false);
        HttpResponse<String> response = server.http.send(HttpRequest.newBuilder(
                URI.create(server.base + "?EIO=4&transport=polling")).header("Origin", "https://any.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
    }

    @Test
    void aServerCloseSendsQueuedPacketsThenClose() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        EngineIoConnection connection = server.recorder.nextOpened();
        assertTrue(connection.send(List.of(EngineIoMessage.text("bye"))));
        connection.close("forced close");
        assertFalse(connection.send(List.of(EngineIoMessage.text("too late"))));
        assertEquals("4bye\u001e1", server.get(poll(sid)).body());
        assertEquals("forced close", server.recorder.nextClosed().reason());
        assertEquals(400, server.get(poll(sid)).statusCode());
    }

    @Test
    void shuttingTheServerDownAnswersParkedGetsWithClose() throws Exception {
        start(EngineIoTestServer.options(), false);
        String sid = server.handshake();
        server.recorder.nextOpened();
        CompletableFuture<HttpResponse<String>> parked = server.getAsync(poll(sid));
        // Parked or not yet arrived: either the close packet or 503 (no longer accepting); the session closes.
        server.engine.close();
        HttpResponse<String> answered = parked.get(5, TimeUnit.SECONDS);
        assertTrue(answered.statusCode() == 503 || "1".equals(answered.body()), describe(answered));
        assertEquals("server shutting down", server.recorder.nextClosed().reason());
        assertEquals(0, server.engine.sessionCount());
    }
}
