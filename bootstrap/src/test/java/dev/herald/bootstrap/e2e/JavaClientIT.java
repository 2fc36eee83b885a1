package dev.herald.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Java client ({@code io.socket:socket.io-client} 2.1.2), which sends every {@code auth} value as a string
 * (its auth is a {@code Map<String, String>}): it connects with {@code serverOffset "n"}, receives exactly the stored
 * messages after {@code n}, posts with an acknowledgement, and another Java client receives the broadcast.
 */
class JavaClientIT {

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        sockets.forEach(Socket::close);
    }

    @Test
    void connectsWithAStringCursorGetsTheReplayAndPostsWithAnAck(@TempDir Path temp) throws Exception {
        Path logs = E2e.logDirectory("java-client");
        Path database = temp.resolve("chat.db");
        try (HeraldProcess herald = HeraldProcess.start(database, logs.resolve("server.log"))) {
            Deliveries early = new Deliveries();
            Socket first = connect(herald, "0", WebSocket.NAME, early);
            for (int i = 0; i < 5; i++) {
                assertNull(post(first, "history " + i, "java-first-" + i), "ack for history " + i);
            }
            List<Delivery> history = early.next(5);
            List<StoredMessages.Row> stored = StoredMessages.read(database);
            assertEquals(5, stored.size());
            assertEquals(stored.stream().map(r -> new Delivery(r.content(), r.id())).toList(), history,
                    "the first client got each message live, with its stored offset");

            // Resume after the second stored message, the cursor sent as the string this client always sends.
            long cursor = stored.get(1).id();
            Deliveries late = new Deliveries();
            Socket second = connect(herald, Long.toString(cursor), Polling.NAME, late);
            List<Delivery> replay = late.next(3);
            assertEquals(stored.subList(2, 5).stream().map(r -> new Delivery(r.content(), r.id())).toList(), replay,
                    "exactly the messages after the cursor, in order");

            assertNull(post(second, "hello from the second Java client", "java-second-0"), "acknowledged");
            // The same client offset again, as a client retries after a lost ack: acknowledged, not stored twice.
            assertNull(post(second, "hello from the second Java client", "java-second-0"), "retry acknowledged");
            Delivery broadcast = early.next(1).getFirst();
            Delivery own = late.next(1).getFirst();
            List<StoredMessages.Row> after = StoredMessages.read(database);
            StoredMessages.Row newest = after.getLast();

            assertAll(
                    () -> assertEquals(6, after.size(), "one new row despite the retry"),
                    () -> assertEquals(new Delivery("hello from the second Java client", newest.id()), broadcast,
                            "the first client received the broadcast"),
                    () -> assertEquals(broadcast, own, "the sender received it too"),
                    () -> assertEquals("java-second-0", newest.clientOffset()),
                    () -> assertTrue(early.none() && late.none(), "nothing else was delivered"));
        }
    }

    @Test
    void sigtermStopsGracefullyClientsMayReconnectAndNothingAcknowledgedIsLost(@TempDir Path temp) throws Exception {
        Path logs = E2e.logDirectory("java-client-sigterm");
        Path database = temp.resolve("chat.db");
        // This client does not answer a WebSocket close frame (OkHttp leaves that to the application), so it notices
        // a closed server by its heartbeat: short heartbeats keep the test short.
        try (HeraldProcess herald = HeraldProcess.start(database, logs.resolve("server.log"),
                "--ping-interval-ms", "500", "--ping-timeout-ms", "500")) {
            Socket client = connect(herald, "0", WebSocket.NAME, new Deliveries());
            BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
            client.on(Socket.EVENT_DISCONNECT, args -> disconnects.add(args.length > 0 ? String.valueOf(args[0]) : ""));
            for (int i = 0; i < 5; i++) {
                assertNull(post(client, "before shutdown " + i, "sigterm-" + i), "ack " + i);
            }

            int exit = herald.terminate(java.time.Duration.ofSeconds(20));

            String reason = disconnects.poll(10, TimeUnit.SECONDS);
            assertAll(
                    () -> assertEquals(143, exit, "exit status of a JVM stopped by SIGTERM after its shutdown hook"),
                    () -> assertNotNull(reason, "the client was disconnected"),
                    // "io server disconnect" would be a namespace disconnect: the client would not reconnect.
                    () -> assertTrue(!"io server disconnect".equals(reason), "recoverable close, got " + reason),
                    () -> assertTrue(java.nio.file.Files.readString(herald.log()).contains("herald stopped"),
                            "the shutdown ran to the end"));

            herald.restart();
            Deliveries again = new Deliveries();
            connect(herald, "0", Polling.NAME, again);
            List<Delivery> all = again.next(5);
            assertEquals(List.of("before shutdown 0", "before shutdown 1", "before shutdown 2", "before shutdown 3",
                    "before shutdown 4"), all.stream().map(Delivery::text).toList(), "every acknowledged message");
            assertEquals(5, StoredMessages.read(database).size());
        }
    }

    private Socket connect(HeraldProcess herald, String serverOffset, String transport, Deliveries deliveries)
            throws Exception {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setTransports(transport.equals(Polling.NAME)
                        ? new String[] {Polling.NAME, WebSocket.NAME} : new String[] {WebSocket.NAME})
                .setAuth(Map.of("serverOffset", serverOffset))
                .build();
        Socket socket = IO.socket(URI.create(herald.url()), options);
        sockets.add(socket);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new AssertionError("connect refused: " + List.of(args))));
        // 'chat message'(text, offset); with connection state recovery on, a trailing recovery offset this client ignores.
        socket.on("chat message", args -> deliveries.queue.add(
                new Delivery((String) args[0], ((Number) args[1]).longValue())));
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        return socket;
    }

    /** Emits with an ack and waits for it; returns the ack's first argument (null for the tutorial's empty ack). */
    private static Object post(Socket socket, String text, String clientOffset) throws Exception {
        CompletableFuture<Object[]> acked = new CompletableFuture<>();
        socket.emit("chat message", new Object[] {text, clientOffset}, acked::complete);
        Object[] args = acked.get(10, TimeUnit.SECONDS);
        return args.length == 0 ? null : args[0];
    }

    private record Delivery(String text, long offset) {}

    private static final class Deliveries {
        final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();

        List<Delivery> next(int count) throws InterruptedException {
            List<Delivery> got = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Delivery delivery = queue.poll(10, TimeUnit.SECONDS);
                assertNotNull(delivery, "delivery " + (i + 1) + " of " + count + " (got " + got + ")");
                got.add(delivery);
            }
            return got;
        }

        boolean none() throws InterruptedException {
            // Anything still in flight would have arrived with the broadcast that was just awaited.
            return queue.poll(300, TimeUnit.MILLISECONDS) == null;
        }
    }
}
