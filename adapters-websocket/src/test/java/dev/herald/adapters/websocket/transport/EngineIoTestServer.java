package dev.herald.adapters.websocket.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoListener;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real Undertow on an ephemeral port with an {@link EngineIoServer}, and small polling/WebSocket clients. */
final class EngineIoTestServer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    final Recorder recorder = new Recorder();
    final EngineIoServer engine;
    private final Undertow undertow;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String base;

    EngineIoTestServer(EngineIoServerOptions options, boolean echo) {
        recorder.echo = echo;
        engine = new EngineIoServer(options, recorder);
        undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(options.path(), engine.handler()))
                .build();
        undertow.start();
        int port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
        base = "http://127.0.0.1:" + port + options.path();
    }

    static EngineIoServerOptions options() {
        return EngineIoServerOptions.defaults().withHeartbeat(Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        engine.close();
        undertow.stop();
    }

    // -------------------------------------------------------------------------------------------- polling

    HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> request(String method, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(WAIT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a polling session; returns its sid. */
    String handshake() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        if (response.statusCode() != 200 || !response.body().startsWith("0")) {
            throw new AssertionError("handshake failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body().substring(1)).get("sid").asText();
    }

    static String poll(String sid) {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    // -------------------------------------------------------------------------------------------- websocket

    Client webSocket(String query) throws Exception {
        Client client = new Client();
        String url = base.replace("http://", "ws://") + "?" + query;
        client.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), client)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /** A WebSocket client that records whole messages (String or byte[]) and the close code. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                byte[] bytes = new byte[binary.remaining()];
                binary.get(bytes);
                messages.add(bytes);
                binary = ByteBuffer.allocate(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no WebSocket message within " + WAIT);
            }
            return message;
        }

        String nextText() throws InterruptedException {
            Object message = next();
            if (!(message instanceof String text)) {
                throw new AssertionError("expected a text frame, got " + message);
            }
            return text;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        int awaitClose() throws Exception {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    // -------------------------------------------------------------------------------------------- listener

    record Closed(EngineIoConnection connection, String reason) {
    }

    static final class Recorder implements EngineIoListener {
        volatile boolean echo;
        final BlockingQueue<EngineIoConnection> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<EngineIoMessage> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(EngineIoConnection connection) {
            opened.add(connection);
        }

        @Override
        public void onMessage(EngineIoConnection connection, EngineIoMessage message) {
            received.add(message);
            if (echo) {
                connection.send(List.of(message));
            }
        }

        @Override
        public void onClose(EngineIoConnection connection, String reason) {
            closed.add(new Closed(connection, reason));
        }

        EngineIoConnection nextOpened() throws InterruptedException {
            return require(opened.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "onOpen");
        }

        Closed nextClosed() throws InterruptedException {
            return require(closed.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "onClose");
        }

        private static <T> T require(T value, String what) {
            if (value == null) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            return value;
        }
    }
}
