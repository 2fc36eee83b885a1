package dev.herald.adapters.websocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.herald.adapters.websocket.socketio.server.SocketIoAckResult;
import dev.herald.adapters.websocket.socketio.server.SocketIoConnectDecision;
import dev.herald.adapters.websocket.socketio.server.SocketIoNamespace;
import dev.herald.adapters.websocket.socketio.server.SocketIoRecoveryOptions;
import dev.herald.adapters.websocket.socketio.server.SocketIoServer;
import dev.herald.adapters.websocket.socketio.server.SocketIoServerOptions;
import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import dev.herald.adapters.websocket.transport.EngineIoServer;
import dev.herald.adapters.websocket.transport.EngineIoServerOptions;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Undertow + {@link EngineIoServer} + {@link SocketIoServer} (recovery on) on an ephemeral port, with test handlers:
 * <ul>
 *   <li>{@code /}: on connection {@code welcome(id, recovered)}; {@code echo} emits its arguments back (binary kept);
 *       {@code ack} acknowledges with its arguments; {@code ask} asks the client {@code question} with an ack and
 *       emits the client's answer back as {@code answer}; {@code burst(targetId, n)} emits {@code burst(0..n-1)} to
 *       the target socket and acknowledges how many were queued; {@code kick} drops the connection (recoverably);
 *       {@code auth} is emitted back with the handshake's auth on request ({@code whoami}).</li>
 *   <li>{@code /admin}: {@code ack} as above.</li>
 *   <li>{@code /private}: a connect hook refusing any auth but {@code {"token":"secret"}} with
 *       {@code "not authorized"} and data {@code {"reason":"bad token"}}; emits {@code auth} on connection.</li>
 * </ul>
 */
final class ProtocolServer implements AutoCloseable {

    final ScheduledThreadPoolExecutor timers;
    final ExecutorService handlers;
    private final ExecutorService transportEvents;
    /** Virtual threads of the listener and handler executors that have not finished: stuck ones stay counted. */
    final AtomicInteger liveThreads = new AtomicInteger();
    final SocketIoServer io;
    final EngineIoServer engine;
    private final Undertow http;
    final int port;

    ProtocolServer(EngineIoServerOptions engineOptions, Duration connectTimeout) {
        timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("it-timers").daemon(true).factory());
        timers.setRemoveOnCancelPolicy(true);
        handlers = Executors.newThreadPerTaskExecutor(countedVirtualThreads());
        transportEvents = Executors.newThreadPerTaskExecutor(countedVirtualThreads());
        io = new SocketIoServer(SocketIoServerOptions.defaults(timers)
                .withConnectTimeout(connectTimeout)
                .withRecovery(SocketIoRecoveryOptions.enabledWithDefaults())
                .withHandlerExecutor(handlers));
        install(io);
        engine = new EngineIoServer(engineOptions.withPath("/socket.io/"), io, transportEvents, timers);
        http = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath("/socket.io", engine.handler()))
                .build();
        http.start();
        port = ((InetSocketAddress) http.getListenerInfo().getFirst().getAddress()).getPort();
    }

    /** Reference defaults except a short heartbeat, so a dead client is noticed within a test's patience. */
    static ProtocolServer start() {
        return new ProtocolServer(EngineIoServerOptions.defaults()
                .withHeartbeat(Duration.ofMillis(2_000), Duration.ofMillis(2_000)), Duration.ofSeconds(5));
    }

    private ThreadFactory countedVirtualThreads() {
        return task -> {
            liveThreads.incrementAndGet();
            return Thread.ofVirtual().unstarted(() -> {
                try {
                    task.run();
                } finally {
                    liveThreads.decrementAndGet();
                }
            });
        };
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private static void install(SocketIoServer io) {
        SocketIoNamespace main = io.mainNamespace();
        main.onConnection(socket -> {
            socket.emit("welcome", socket.id(), socket.recovered());
            socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray()));
            socket.on("ack", (args, ack) -> ack.send(args.toArray()));
            socket.on("whoami", (args, ack) -> socket.emit("auth", socket.handshake().auth()));
            socket.on("ask", (args, ack) -> socket.emitWithAck("question", result -> {
                if (result instanceof SocketIoAckResult.Acked acked) {
                    socket.emit("answer", acked.args().toArray());
                } else {
                    socket.emit("answer-failed", result.getClass().getSimpleName());
                }
            }, args.toArray()));
            socket.on("burst", (args, ack) -> {
                SocketIoSocket target = main.socket(args.get(0).asText()).orElse(null);
                int queued = 0;
                for (int i = 0; target != null && i < args.get(1).asInt(); i++) {
                    if (target.emit("burst", i)) {
                        queued++;
                    }
                }
                ack.send(queued);
            });
            socket.on("kick", (args, ack) -> socket.dropConnection());
        });
        io.of("/admin").onConnection(socket -> socket.on("ack", (args, ack) -> ack.send(args.toArray())));
        io.of("/private")
                .use((handshake, data) -> {
                    JsonNode token = handshake.auth().get("token");
                    return token != null && "secret".equals(token.asText())
                            ? SocketIoConnectDecision.accept()
                            : SocketIoConnectDecision.refuse("not authorized",
                                    JsonNodeFactory.instance.objectNode().put("reason", "bad token"));
                })
                .onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
    }

    /** Waits for a condition the server reaches asynchronously (a session closing), polling a cheap getter. */
    static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + patience + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    /** No Engine.IO session, no Socket.IO connection and no listener or handler thread left. */
    void awaitNoSessions(Duration patience) throws InterruptedException {
        await("every session closed (engine " + engine.sessionCount() + ", socket.io " + io.connectionCount()
                        + ", threads " + liveThreads.get() + ")",
                patience, () -> engine.sessionCount() == 0 && io.connectionCount() == 0 && liveThreads.get() == 0);
    }

    @Override
    public void close() {
        io.shutdown();
        engine.close();
        http.stop();
        handlers.shutdown();
        transportEvents.shutdown();
        try {
            handlers.awaitTermination(2, TimeUnit.SECONDS);
            transportEvents.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
    }
}
