package dev.herald.adapters.websocket.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real Java {@code io.socket:socket.io-client} 2.1.2 (which sends {@code auth} values as strings). */
class JavaClientIT {

    private ProtocolServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        server = ProtocolServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(Socket::close);
        server.awaitNoSessions(Duration.ofSeconds(5));
        server.close();
    }

    private Socket socket(String namespace, String transport, Map<String, String> auth) {
        String[] transports = transport.equals("websocket")
                ? new String[] {WebSocket.NAME}
                : new String[] {Polling.NAME, WebSocket.NAME};
        IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
                .setTransports(transports).setAuth(auth).build();
        Socket socket = IO.socket(URI.create(server.url() + namespace), options);
        sockets.add(socket);
        return socket;
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no " + what + " within 10 s", e);
        }
    }

    private static CompletableFuture<Object[]> next(Socket socket, String event) {
        CompletableFuture<Object[]> future = new CompletableFuture<>();
        socket.once(event, future::complete);
        return future;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void connectsWithAuthAndExchangesEventsAcksAndBinary(String transport) throws Exception {
        Socket socket = socket("/", transport, Map.of("token", "t1", "serverOffset", "17"));
        CompletableFuture<Object[]> welcome = next(socket, "welcome");
        socket.connect();
        await(welcome, "welcome");

        CompletableFuture<Object[]> auth = next(socket, "auth");
        socket.emit("whoami");
        JSONObject echoedAuth = (JSONObject) await(auth, "auth")[0];
        assertEquals("17", echoedAuth.get("serverOffset"), "the Java client sends auth values as strings");
        assertEquals("t1", echoedAuth.get("token"));

        CompletableFuture<Object[]> echo = next(socket, "echo");
        socket.emit("echo", "hello", 42, new JSONObject().put("a", new JSONArray().put(1).put(true)));
        Object[] echoed = await(echo, "echo");
        assertEquals("hello", echoed[0]);
        assertEquals(42, echoed[1]);
        assertEquals("{\"a\":[1,true]}", echoed[2].toString());
        assertInstanceOf(String.class, echoed[3], "the recovery offset comes last");

        CompletableFuture<Object[]> acked = new CompletableFuture<>();
        socket.emit("ack", new Object[] {"x", 7}, (Ack) acked::complete);
        assertArrayEquals(new Object[] {"x", 7}, await(acked, "ack"));

        CompletableFuture<Object[]> binary = next(socket, "echo");
        socket.emit("echo", new byte[] {1, 2, 3}, "text");
        Object[] binaryEcho = await(binary, "binary echo");
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) binaryEcho[0]);
        assertEquals("text", binaryEcho[1]);

        CompletableFuture<Object[]> binaryAck = new CompletableFuture<>();
        socket.emit("ack", new Object[] {new byte[] {9, 8}}, (Ack) binaryAck::complete);
        assertArrayEquals(new byte[] {9, 8}, (byte[]) await(binaryAck, "binary ack")[0]);

        socket.on("question", args -> ((Ack) args[args.length - 1]).call(args[0] + "!", (Integer) args[1] * 2));
        CompletableFuture<Object[]> answer = next(socket, "answer");
        socket.emit("ask", "q", 21);
        Object[] answered = await(answer, "answer");
        assertEquals("q!", answered[0]);
        assertEquals(42, answered[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aConnectHookAdmitsTheRightAuthAndRefusesTheWrongOne(String transport) throws Exception {
        Socket refused = socket("/private", transport, Map.of("token", "wrong"));
        CompletableFuture<Object[]> error = next(refused, Socket.EVENT_CONNECT_ERROR);
        refused.connect();
        JSONObject refusal = (JSONObject) await(error, "connect_error")[0];
        assertEquals("not authorized", refusal.getString("message"));
        assertEquals("bad token", refusal.getJSONObject("data").getString("reason"));

        Socket admitted = socket("/private", transport, Map.of("token", "secret"));
        CompletableFuture<Object[]> auth = next(admitted, "auth");
        admitted.connect();
        assertEquals("secret", ((JSONObject) await(auth, "auth")[0]).getString("token"));
    }
}
