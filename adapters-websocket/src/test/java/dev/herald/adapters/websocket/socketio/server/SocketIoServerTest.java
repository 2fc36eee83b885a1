package dev.herald.adapters.websocket.socketio.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketIoServerTest {

    private static final Pattern SID_REPLY = Pattern.compile("0(/[a-z]+,)?\\{\"sid\":\"([A-Za-z0-9_-]{20})\"}");

    private ManualScheduler scheduler;
    private SocketIoServer server;
    private final List<SocketIoSocket> connected = Collections.synchronizedList(new ArrayList<>());
    private final List<String> disconnects = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        scheduler = new ManualScheduler();
        server = new SocketIoServer(SocketIoServerOptions.defaults(scheduler).withClock(scheduler.clock));
        track(server.mainNamespace());
    }

    private void track(SocketIoNamespace namespace) {
        namespace.onConnection(socket -> {
            connected.add(socket);
            socket.onDisconnect(reason -> disconnects.add(namespace.name() + " " + reason.wireName()));
        });
    }

    private FakeEngineIoConnection connect(String connectPacket) {
        FakeEngineIoConnection connection = new FakeEngineIoConnection(server).open();
        connection.receive(connectPacket);
        return connection;
    }

    @Test
    void repliesWithARandomUrlSafeSocketIdDistinctFromTheEngineIoId() {
        FakeEngineIoConnection a = connect("0");
        FakeEngineIoConnection b = connect("0");
        var ma = SID_REPLY.matcher(a.texts().getFirst());
        var mb = SID_REPLY.matcher(b.texts().getFirst());
        assertTrue(ma.matches() && mb.matches(), a.texts().getFirst());
        assertNotEquals(ma.group(2), mb.group(2));
        assertNotEquals(a.id(), ma.group(2));
        assertEquals(ma.group(2), connected.getFirst().id());
        assertFalse(connected.getFirst().recovered());
    }

    @Test
    void exposesTheHandshake() {
        connect("0{\"token\":\"t\"}");
        SocketIoHandshake handshake = connected.getFirst().handshake();
        assertEquals("t", handshake.auth().get("token").textValue());
        assertEquals("4", handshake.query().get("EIO"));
        assertEquals("fake", handshake.headers().get("user-agent"));
        connect("0");
        assertEquals(0, connected.get(1).handshake().auth().size(), "auth defaults to {}");
    }

    @Test
    void connectHookRefusesWithMessageAndDataAndTheConnectionStaysOpen() {
        server.mainNamespace().use((handshake, data) -> handshake.auth().has("token")
                ? SocketIoConnectDecision.accept()
                : SocketIoConnectDecision.refuse("Not authorized",
                        JsonNodeFactory.instance.objectNode().put("code", 7)));
        FakeEngineIoConnection connection = connect("0");
        assertEquals(List.of("4{\"message\":\"Not authorized\",\"data\":{\"code\":7}}"), connection.texts());
        assertTrue(connection.isOpen());
        assertTrue(connected.isEmpty());
        connection.receive("0{\"token\":\"x\"}");
        assertTrue(SID_REPLY.matcher(connection.lastText()).matches());
        assertEquals(1, connected.size());
    }

    @Test
    void connectHooksRunInOrderMayBeAsyncAndMayFillData() {
        CompletableFuture<SocketIoConnectDecision> later = new CompletableFuture<>();
        server.mainNamespace()
                .use((handshake, data) -> {
                    data.put("user", "ann");
                    return SocketIoConnectDecision.accept();
                })
                .use((handshake, data) -> later);
        FakeEngineIoConnection connection = connect("0");
        assertEquals(List.of(), connection.texts(), "the reply waits for the hook");
        later.complete(new SocketIoConnectDecision.Accept());
        assertTrue(SID_REPLY.matcher(connection.texts().getFirst()).matches());
        assertEquals("ann", connected.getFirst().data().get("user"));
    }

    @Test
    void aThrowingHookRefusesWithoutDetails() {
        server.mainNamespace().use((handshake, data) -> {
            throw new IllegalStateException("secret detail");
        });
        FakeEngineIoConnection connection = connect("0");
        assertEquals(List.of("4{\"message\":\"Server error\"}"), connection.texts());
    }

    @Test
    void multiplexesNamespacesAndADisconnectLeavesOnlyThatNamespace() {
        track(server.of("/admin"));
        FakeEngineIoConnection connection = connect("0");
        connection.receive("0/admin,");
        assertTrue(SID_REPLY.matcher(connection.lastText()).matches(), connection.lastText());
        assertEquals(2, connected.size());
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        connected.get(0).on("hi", (args, ack) -> got.add("main " + args));
        connected.get(1).on("hi", (args, ack) -> got.add("admin " + args));
        connection.receive("2/admin,[\"hi\",1]");
        connection.receive("2[\"hi\",2]");
        connection.receive("1/admin,");
        assertEquals(List.of("/admin client namespace disconnect"), disconnects);
        assertTrue(connection.isOpen());
        assertTrue(connected.get(0).emit("still", "here"));
        assertEquals("2[\"still\",\"here\"]", connection.lastText());
        assertFalse(connected.get(1).emit("gone"));
        assertEquals(List.of("admin [1]", "main [2]"), got);
        assertEquals(List.of(connected.get(0)), List.copyOf(server.mainNamespace().sockets()));
        assertTrue(server.of("/admin").sockets().isEmpty());
    }

    @Test
    void invalidStatesCloseTheEngineIoConnection() {
        track(server.of("/admin"));
        FakeEngineIoConnection eventForUnjoined = connect("0");
        eventForUnjoined.receive("2/admin,[\"x\"]");
        assertFalse(eventForUnjoined.isOpen());
        assertEquals(List.of("/ forced server close"), disconnects);

        FakeEngineIoConnection secondConnect = connect("0");
        secondConnect.receive("0");
        assertFalse(secondConnect.isOpen());

        FakeEngineIoConnection clientConnectError = connect("0");
        clientConnectError.receive("4{\"message\":\"x\"}");
        assertFalse(clientConnectError.isOpen());

        FakeEngineIoConnection eventFirst = new FakeEngineIoConnection(server).open();
        eventFirst.receive("2[\"x\"]");
        assertFalse(eventFirst.isOpen());
    }

    @Test
    void decodeErrorsCloseWithParseError() {
        FakeEngineIoConnection connection = connect("0");
        connection.receive(new byte[] {1});
        assertFalse(connection.isOpen());
        assertEquals("parse error", connection.closeReason());
        assertEquals(List.of("/ parse error"), disconnects);

        FakeEngineIoConnection tooMany = connect("0");
        tooMany.receive("511-[\"x\"]");
        assertFalse(tooMany.isOpen());
        assertEquals(0, server.connectionCount());
    }

    @Test
    void interleavedTextDuringReassemblyCloses() {
        FakeEngineIoConnection connection = connect("0");
        connection.receive("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        connection.receive("2[\"y\"]");
        assertFalse(connection.isOpen());
    }

    @Test
    void deliversBinaryArgumentsInPlaceAndAcksWithBinary() throws Exception {
        FakeEngineIoConnection connection = connect("0");
        AtomicReference<List<JsonNode>> received = new AtomicReference<>();
        connected.getFirst().on("upload", (args, ack) -> {
            received.set(args);
            ack.send("ok", new byte[] {9, 9});
        });
        connection.receive("52-7[\"upload\",{\"name\":\"f\",\"bytes\":{\"_placeholder\":true,\"num\":1}},"
                + "{\"_placeholder\":true,\"num\":0}]");
        connection.receive(new byte[] {1});
        assertTrue(received.get() == null, "not dispatched before the last attachment");
        connection.receive(new byte[] {2, 2});
        assertArrayEquals(new byte[] {2, 2}, ((BinaryNode) received.get().get(0).get("bytes")).binaryValue());
        assertArrayEquals(new byte[] {1}, ((BinaryNode) received.get().get(1)).binaryValue());
        assertEquals(List.of(EngineIoMessage.text("61-7[\"ok\",{\"_placeholder\":true,\"num\":0}]"),
                EngineIoMessage.binary(new byte[] {9, 9})), connection.sendCalls().getLast());
    }

    @Test
    void anAckIsSentOnceFromAnyThreadLater() throws Exception {
        FakeEngineIoConnection connection = connect("0");
        AtomicReference<SocketIoAck> saved = new AtomicReference<>();
        connected.getFirst().on("q", (args, ack) -> saved.set(ack));
        connection.receive("212[\"q\"]");
        assertTrue(saved.get().requested());
        Thread later = Thread.ofVirtual().start(() -> saved.get().send("a"));
        later.join();
        assertFalse(saved.get().send("b"));
        assertEquals(List.of("312[\"a\"]"), connection.texts().subList(1, connection.texts().size()));

        connected.getFirst().on("n", (args, ack) -> assertFalse(ack.requested() || ack.send()));
        connection.receive("2[\"n\"]");
    }

    @Test
    void serverToClientAcksUsePerNamespaceIdsAndResolveOnce() {
        FakeEngineIoConnection first = connect("0");
        FakeEngineIoConnection second = connect("0");
        List<SocketIoAckResult> results = Collections.synchronizedList(new ArrayList<>());
        assertTrue(connected.get(0).emitWithAck("ping", results::add, 1));
        assertTrue(connected.get(1).emitWithAck("ping", results::add, 2));
        assertEquals("20[\"ping\",1]", first.lastText());
        assertEquals("21[\"ping\",2]", second.lastText());
        first.receive("30[\"pong\",{\"x\":1}]");
        first.receive("30[\"again\"]");
        second.receive("61-1[{\"_placeholder\":true,\"num\":0}]");
        second.receive(new byte[] {5});
        assertEquals(2, results.size());
        SocketIoAckResult.Acked acked = assertInstanceOf(SocketIoAckResult.Acked.class, results.get(0));
        assertEquals("pong", acked.args().get(0).textValue());
        SocketIoAckResult.Acked binary = assertInstanceOf(SocketIoAckResult.Acked.class, results.get(1));
        assertArrayEquals(new byte[] {5}, ((BinaryNode) binary.args().get(0)).binaryValue());
        assertEquals(0, scheduler.pendingTimers(), "ack timers cancelled");
    }

    @Test
    void serverToClientAckTimesOutAndALateAckIsIgnored() {
        FakeEngineIoConnection connection = connect("0");
        List<SocketIoAckResult> results = new ArrayList<>();
        connected.getFirst().emitWithAck("ping", Duration.ofSeconds(2), results::add);
        scheduler.advance(Duration.ofMillis(1999));
        assertTrue(results.isEmpty());
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(List.of(new SocketIoAckResult.TimedOut()), results);
        connection.receive("30[]");
        assertEquals(1, results.size());
        assertTrue(connection.isOpen(), "an unknown ack id is ignored, not fatal");
    }

    @Test
    void pendingAcksFailWhenTheSocketDisconnects() {
        FakeEngineIoConnection connection = connect("0");
        List<SocketIoAckResult> results = new ArrayList<>();
        connected.getFirst().emitWithAck("ping", results::add);
        connection.lose("transport close");
        assertEquals(List.of(new SocketIoAckResult.Disconnected()), results);
        assertFalse(connected.getFirst().emitWithAck("ping", results::add), "nothing queued after the disconnect");
        assertEquals(1, results.size());
    }

    @Test
    void emitReturnsFalseWhenTheOutboundBufferIsFullOrClosed() throws Exception {
        FakeEngineIoConnection connection = connect("0");
        SocketIoSocket socket = connected.getFirst();
        connection.setFull(true);
        assertFalse(socket.emit("x"));
        assertFalse(socket.awaitWritable(10));
        connection.setFull(false);
        assertTrue(socket.emit("x"));
        connection.lose("transport close");
        assertFalse(socket.emit("x"));
        assertFalse(socket.connected());
    }

    @Test
    void reservedEventNamesCannotBeEmitted() {
        connect("0");
        assertThrows(IllegalArgumentException.class, () -> connected.getFirst().emit("disconnect"));
        assertThrows(IllegalArgumentException.class, () -> server.mainNamespace().prepare("connect"));
        server.mainNamespace().prepareForOne("chat message", "allowed");
        assertThrows(IllegalArgumentException.class, () -> server.mainNamespace().prepareForOne("disconnecting"),
                "an allowed name before does not let a reserved one through");
        assertThrows(NullPointerException.class, () -> server.mainNamespace().prepare(null));
    }

    @Test
    void serverNamespaceDisconnectSendsDisconnectAndKeepsTheTransport() {
        FakeEngineIoConnection connection = connect("0");
        connected.getFirst().disconnect(false);
        assertEquals("1", connection.lastText());
        assertTrue(connection.isOpen());
        assertEquals(List.of("/ server namespace disconnect"), disconnects);
        connected.getFirst().disconnect(false);
        assertEquals(1, disconnects.size());
    }

    @Test
    void disconnectWithCloseLeavesEveryNamespaceAndClosesTheTransport() {
        track(server.of("/admin"));
        FakeEngineIoConnection connection = connect("0");
        connection.receive("0/admin,");
        connected.getFirst().disconnect(true);
        assertFalse(connection.isOpen());
        assertEquals(List.of("1", "1/admin,"), connection.texts().subList(2, 4).stream().sorted().toList());
        assertEquals(List.of("/ server namespace disconnect", "/admin server namespace disconnect"),
                disconnects.stream().sorted().toList());
    }

    @Test
    void transportLossReportsTheEngineIoReason() {
        FakeEngineIoConnection a = connect("0");
        FakeEngineIoConnection b = connect("0");
        FakeEngineIoConnection c = connect("0");
        a.lose("ping timeout");
        b.lose("transport error");
        c.lose("something else");
        assertEquals(List.of("/ ping timeout", "/ transport error", "/ forced close"), disconnects);
        assertEquals(0, server.connectionCount());
    }

    @Test
    void preparedEventsShareTheSameMessagesAcrossRecipients() {
        FakeEngineIoConnection a = connect("0");
        FakeEngineIoConnection b = connect("0");
        SocketIoPreparedEvent event = server.mainNamespace().prepare("chat message", "hi", 17, new byte[] {1});
        assertTrue(event.offset().isEmpty(), "no offset with recovery off");
        assertEquals(2, server.mainNamespace().broadcast(event));
        assertSame(a.sendCalls().getLast().get(0), b.sendCalls().getLast().get(0));
        assertSame(a.sendCalls().getLast().get(1), b.sendCalls().getLast().get(1));
        assertEquals("51-[\"chat message\",\"hi\",17,{\"_placeholder\":true,\"num\":0}]", a.lastText());
        assertThrows(IllegalArgumentException.class,
                () -> connected.getFirst().send(server.of("/other").prepare("x")));
    }

    @Test
    void concurrentBinaryEmitsNeverInterleaveAttachments() throws Exception {
        FakeEngineIoConnection connection = connect("0");
        SocketIoSocket socket = connected.getFirst();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                byte id = (byte) t;
                threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        socket.emit("bin", id, new byte[] {id}, new byte[] {id, id});
                    }
                });
            }
        }
        List<List<EngineIoMessage>> calls = connection.sendCalls();
        assertEquals(1 + 800, calls.size());
        for (List<EngineIoMessage> call : calls.subList(1, calls.size())) {
            String header = ((EngineIoMessage.Text) call.get(0)).text();
            byte id = (byte) (header.charAt(10) - '0');
            assertEquals(List.of(EngineIoMessage.binary(new byte[] {id}), EngineIoMessage.binary(new byte[] {id, id})),
                    call.subList(1, 3), header);
        }
    }

    @Test
    void handlersOfOneSocketRunInArrivalOrderOnAnExecutor() throws Exception {
        try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            server = new SocketIoServer(SocketIoServerOptions.defaults(scheduler).withHandlerExecutor(virtualThreads));
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            server.mainNamespace().onConnection(socket -> {
                socket.on("n", (args, ack) -> {
                    seen.add(args.get(0).intValue());
                    if (seen.size() == 500) {
                        done.countDown();
                    }
                });
                socket.onDisconnect(reason -> seen.add(-1));
            });
            FakeEngineIoConnection connection = new FakeEngineIoConnection(server).open();
            connection.receive("0");
            for (int i = 0; i < 500; i++) {
                connection.receive("2[\"n\"," + i + "]");
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                expected.add(i);
            }
            assertEquals(expected, List.copyOf(seen));
        }
    }

    @Test
    void shutdownClosesEveryConnectionAndRefusesNewOnes() {
        FakeEngineIoConnection a = connect("0");
        server.shutdown();
        assertFalse(a.isOpen());
        assertEquals("server shutting down", a.closeReason());
        assertEquals(List.of("/ server shutting down"), disconnects);
        FakeEngineIoConnection late = new FakeEngineIoConnection(server).open();
        assertFalse(late.isOpen());
    }

    @Test
    void namespaceNamesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> server.of("admin"));
        assertThrows(IllegalArgumentException.class, () -> server.of("/a,b"));
        assertSame(server.of("/a"), server.of("/a"));
        assertTrue(server.namespace("/nope").isEmpty());
    }

    @Test
    void numericEventNamesReachStringHandlers() {
        FakeEngineIoConnection connection = connect("0");
        List<List<JsonNode>> got = new ArrayList<>();
        connected.getFirst().on("42", (args, ack) -> got.add(args));
        connection.receive("2[42,\"x\"]");
        assertEquals(1, got.size());
    }
}
