package dev.herald.adapters.websocket.socketio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection state recovery (PROTOCOL.md §1.3; CORRECTNESS.md items 14-16). */
class SocketIoRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManualScheduler scheduler;
    private SocketIoServer server;
    private final List<SocketIoSocket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        start(SocketIoRecoveryOptions.enabledWithDefaults());
    }

    private void start(SocketIoRecoveryOptions recovery) {
        scheduler = new ManualScheduler();
        server = new SocketIoServer(SocketIoServerOptions.defaults(scheduler)
                .withClock(scheduler.clock)
                .withRecovery(recovery));
        sockets.clear();
        server.mainNamespace().onConnection(socket -> {
            sockets.add(socket);
            events.add("connected recovered=" + socket.recovered());
        });
    }

    private FakeEngineIoConnection connect(String packet) {
        return new FakeEngineIoConnection(server).open().receive(packet);
    }

    private static JsonNode reply(FakeEngineIoConnection connection) throws Exception {
        return JSON.readTree(connection.texts().getFirst().substring(1));
    }

    private static String lastArg(String eventText) throws Exception {
        JsonNode array = JSON.readTree(eventText.substring(eventText.indexOf('[')));
        return array.get(array.size() - 1).textValue();
    }

    private static String reconnectPacket(String pid, String offset) {
        return "0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\",\"serverOffset\":17}";
    }

    @Test
    void theConnectReplyCarriesAPidAndEventsWithoutAckCarryAnOffset() throws Exception {
        FakeEngineIoConnection connection = connect("0");
        JsonNode reply = reply(connection);
        assertEquals(List.of("sid", "pid"), List.copyOf(iterator(reply)));
        assertNotEquals(reply.get("sid").textValue(), reply.get("pid").textValue());
        SocketIoSocket socket = sockets.getFirst();
        socket.emit("m", "a");
        socket.emit("m", "b");
        String first = connection.texts().get(1);
        String second = connection.texts().get(2);
        assertTrue(first.startsWith("2[\"m\",\"a\",\""), first);
        assertNotEquals(lastArg(first), lastArg(second));
        socket.emitWithAck("q", result -> { });
        assertEquals("20[\"q\"]", connection.lastText(), "no offset on an event that asks for an ack");
        SocketIoPreparedEvent prepared = server.mainNamespace().prepare("p", 1);
        assertEquals(prepared.offset().orElseThrow(), lastArg(((EngineIoMessage.Text) prepared.messages().get(0)).text()));
    }

    @Test
    void sendAllQueuesEveryEventInOneSendAndKeepsEachForRecoveryOrNoneWhenTheyDoNotFit() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        SocketIoSocket socket = sockets.getFirst();
        socket.emit("chat message", "zero", 0);
        String offsetOfZero = lastArg(first.lastText());
        List<SocketIoPreparedEvent> run = List.of(
                server.mainNamespace().prepareForOne("chat message", "one", 1),
                server.mainNamespace().prepareForOne("chat message", "two", 2),
                server.mainNamespace().prepareForOne("chat message", "three", 3));
        assertTrue(((EngineIoMessage.Text) run.getFirst().messages().getFirst()).forOneConnection());
        assertFalse(((EngineIoMessage.Text) server.mainNamespace().prepare("chat message", "all", 4).messages()
                .getFirst()).forOneConnection(), "a broadcast's frame is shared by its recipients");

        first.setFull(true);
        assertFalse(socket.sendAll(run), "a full buffer takes none of them");
        assertEquals(2, first.sendCalls().size());
        first.setFull(false);
        assertTrue(socket.sendAll(run));

        assertEquals(3, first.sendCalls().size(), "one send for the whole run");
        List<EngineIoMessage> sent = first.sendCalls().getLast();
        assertEquals(List.of(run.get(0).messages().getFirst(), run.get(1).messages().getFirst(),
                run.get(2).messages().getFirst()), sent);
        first.lose("transport close");

        FakeEngineIoConnection second = new FakeEngineIoConnection(server).open();
        second.receive(reconnectPacket(pid, offsetOfZero));
        assertEquals(sent, second.sent().subList(1, 4), "each event of the run is re-sent by the recovery");
        assertTrue(sockets.get(1).recovered());
    }

    private static List<String> iterator(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void restoresAfterATransportCloseWithMissedPacketsInOrderAndTheSameData() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String sid = reply(first).get("sid").textValue();
        String pid = reply(first).get("pid").textValue();
        SocketIoSocket socket = sockets.getFirst();
        socket.data().put("cursor", 41L);
        socket.emit("chat message", "one", 1);
        String offsetOfOne = lastArg(first.lastText());
        socket.emit("chat message", "two", 2);
        SocketIoPreparedEvent three = server.mainNamespace().prepare("chat message", "three", 3);
        socket.send(three);
        List<EngineIoMessage> missed = first.sent().subList(2, 4);
        first.lose("transport close");

        AtomicInteger sentBeforeHandler = new AtomicInteger(-1);
        FakeEngineIoConnection second = new FakeEngineIoConnection(server).open();
        server.mainNamespace().onConnection(s -> sentBeforeHandler.set(second.sent().size()));
        second.receive(reconnectPacket(pid, offsetOfOne));

        assertEquals(sid, reply(second).get("sid").textValue());
        assertEquals(pid, reply(second).get("pid").textValue());
        assertEquals(missed, second.sent().subList(1, 3));
        assertSame(missed.get(1), second.sent().get(2), "the prepared event's very messages are re-sent");
        assertEquals(1, second.sendCalls().size(), "reply and missed packets go in one send");
        assertEquals(3, sentBeforeHandler.get(), "the application sees the socket after the missed packets");
        SocketIoSocket restored = sockets.get(1);
        assertTrue(restored.recovered());
        assertEquals(sid, restored.id());
        assertSame(socket.data(), restored.data());
        assertEquals(41L, restored.data().get("cursor"));
        assertEquals(List.of("connected recovered=false", "connected recovered=true"), events);
        assertEquals("three", JSON.readTree(((EngineIoMessage.Text) second.sent().get(2)).text().substring(1))
                .get(1).textValue());
    }

    @Test
    void aSessionIsRestoredOnlyOnce() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        sockets.getFirst().emit("m");
        String offset = lastArg(first.lastText());
        first.lose("ping timeout");
        assertTrue(sockets.size() == 1);
        connect(reconnectPacket(pid, offset));
        assertTrue(sockets.get(1).recovered());
        connect(reconnectPacket(pid, offset));
        assertFalse(sockets.get(2).recovered());
    }

    @Test
    void recoveredSocketsKeepRecordingAndCanRecoverAgain() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        sockets.getFirst().emit("m", 1);
        String offset1 = lastArg(first.lastText());
        first.lose("transport close");
        FakeEngineIoConnection second = connect(reconnectPacket(pid, offset1));
        sockets.get(1).emit("m", 2);
        String offset2 = lastArg(second.lastText());
        sockets.get(1).emit("m", 3);
        second.lose("transport error");
        FakeEngineIoConnection third = connect(reconnectPacket(pid, offset2));
        assertTrue(sockets.get(2).recovered());
        assertEquals(2, third.texts().size());
        assertTrue(third.texts().get(1).startsWith("2[\"m\",3,"), third.texts().get(1));
    }

    @Test
    void failsClosedOnUnknownPidOrUnknownOffset() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        sockets.getFirst().emit("m");
        String offset = lastArg(first.lastText());
        first.lose("transport close");

        FakeEngineIoConnection unknownPid = connect(reconnectPacket("nope", offset));
        assertFalse(sockets.get(1).recovered());
        assertNotEquals(pid, reply(unknownPid).get("pid").textValue());

        connect(reconnectPacket(pid, "999999"));
        assertFalse(sockets.get(2).recovered());

        connect("0{\"pid\":\"" + pid + "\",\"offset\":5}");
        assertFalse(sockets.get(3).recovered(), "a non-string offset never restores");

        connect(reconnectPacket(pid, offset));
        assertTrue(sockets.get(4).recovered(), "failed attempts do not consume the session");
    }

    @Test
    void failsClosedWhenTheSessionExpired() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        sockets.getFirst().emit("m");
        String offset = lastArg(first.lastText());
        first.lose("transport close");
        scheduler.advance(Duration.ofMinutes(2).plusMillis(1));
        connect(reconnectPacket(pid, offset));
        assertFalse(sockets.get(1).recovered());
    }

    @Test
    void expiredSessionsArePurgedOnATimer() {
        connect("0").lose("transport close");
        connect("0").lose("transport close");
        assertEquals(2, server.sessions().size());
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(2, server.sessions().size());
        scheduler.advance(Duration.ofMinutes(2));
        assertEquals(0, server.sessions().size());
    }

    @Test
    void explicitDisconnectsKeepNoSession() throws Exception {
        FakeEngineIoConnection byClient = connect("0");
        sockets.getFirst().emit("m");
        byClient.receive("1");
        FakeEngineIoConnection byServer = connect("0");
        sockets.get(1).emit("m");
        sockets.get(1).disconnect(false);
        FakeEngineIoConnection broken = connect("0");
        broken.receive("9");
        assertEquals(0, server.sessions().size());

        String pid = reply(byClient).get("pid").textValue();
        connect(reconnectPacket(pid, lastArg(byClient.texts().get(1))));
        assertFalse(sockets.getLast().recovered());
        assertTrue(byServer.isOpen());
    }

    @Test
    void recoverableReasonsKeepASession() {
        for (String reason : List.of("transport error", "transport close", "forced close", "ping timeout")) {
            connect("0").lose(reason);
        }
        connect("0");
        server.shutdown();
        assertEquals(5, server.sessions().size());
    }

    @Test
    void theOffsetJustEvictedStillRestoresButAnOlderOneDoesNot() throws Exception {
        start(SocketIoRecoveryOptions.enabledWithDefaults().withBufferSize(2));
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        SocketIoSocket socket = sockets.getFirst();
        List<String> offsets = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            socket.emit("m", i);
            offsets.add(lastArg(first.lastText()));
        }
        first.lose("transport close");

        connect(reconnectPacket(pid, offsets.get(0)));
        assertFalse(sockets.get(1).recovered(), "event 2 was evicted too: it would be lost");

        FakeEngineIoConnection second = connect(reconnectPacket(pid, offsets.get(1)));
        assertTrue(sockets.get(2).recovered(), "nothing after the newest evicted offset was lost");
        assertEquals(3, second.texts().size());
        assertTrue(second.texts().get(1).startsWith("2[\"m\",3,"));
        assertTrue(second.texts().get(2).startsWith("2[\"m\",4,"));
    }

    @Test
    void packetsTheTransportRefusedAreNotKeptSoFalseMeansTheClientNeverGetsThem() throws Exception {
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        SocketIoSocket socket = sockets.getFirst();
        socket.emit("m", 1);
        String offset = lastArg(first.lastText());
        first.dieSilently();
        assertFalse(socket.emit("m", 2), "not queued on a dead transport");
        first.lose("transport error");
        FakeEngineIoConnection second = connect(reconnectPacket(pid, offset));
        assertEquals(1, second.texts().size(), "only the CONNECT reply: the refused event is the application's to resend");
        assertTrue(sockets.getLast().recovered());
    }

    @Test
    void middlewaresAreSkippedForRecoveredSocketsUnlessConfigured() throws Exception {
        AtomicInteger hookCalls = new AtomicInteger();
        server.mainNamespace().use((handshake, data) -> {
            hookCalls.incrementAndGet();
            return SocketIoConnectDecision.accept();
        });
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        sockets.getFirst().emit("m");
        String offset = lastArg(first.lastText());
        first.lose("transport close");
        connect(reconnectPacket(pid, offset));
        assertTrue(sockets.get(1).recovered());
        assertEquals(1, hookCalls.get());
    }

    @Test
    void aRecoveredSocketRefusedByAMiddlewareKeepsItsSession() throws Exception {
        start(SocketIoRecoveryOptions.enabledWithDefaults().withSkipMiddlewares(false));
        AtomicInteger calls = new AtomicInteger();
        server.mainNamespace().use((handshake, data) -> calls.incrementAndGet() == 2
                ? SocketIoConnectDecision.refuse("try later", null)
                : SocketIoConnectDecision.accept());
        FakeEngineIoConnection first = connect("0");
        String pid = reply(first).get("pid").textValue();
        sockets.getFirst().emit("m");
        String offset = lastArg(first.lastText());
        first.lose("transport close");
        FakeEngineIoConnection refused = connect(reconnectPacket(pid, offset));
        assertEquals(List.of("4{\"message\":\"try later\"}"), refused.texts());
        connect(reconnectPacket(pid, offset));
        assertTrue(sockets.get(1).recovered());
        assertEquals(3, calls.get());
    }

    @Test
    void sessionsBelongToTheirNamespace() throws Exception {
        server.of("/chat").onConnection(sockets::add);
        FakeEngineIoConnection first = connect("0/chat,");
        String pid = JSON.readTree(first.texts().getFirst().substring("0/chat,".length())).get("pid").textValue();
        sockets.getFirst().emit("m");
        String offset = lastArg(first.lastText());
        first.lose("transport close");
        connect(reconnectPacket(pid, offset));
        assertFalse(sockets.get(1).recovered(), "a /chat session does not restore a / socket");
        connect("0/chat," + reconnectPacket(pid, offset).substring(1));
        assertTrue(sockets.get(2).recovered());
    }

    @Test
    void recoveryOffDoesNotAppendOffsetsOrSendPid() throws Exception {
        start(SocketIoRecoveryOptions.disabled());
        FakeEngineIoConnection connection = connect("0");
        assertEquals(List.of("sid"), iterator(reply(connection)));
        sockets.getFirst().emit("m", "last string");
        assertEquals("2[\"m\",\"last string\"]", connection.lastText());
        connection.lose("transport close");
        assertEquals(0, server.sessions().size());
    }
}
