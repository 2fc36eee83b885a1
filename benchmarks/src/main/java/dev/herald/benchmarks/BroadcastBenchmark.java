package dev.herald.benchmarks;

import dev.herald.adapters.websocket.engineio.EngineIoCodec;
import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.socketio.server.SocketIoNamespace;
import dev.herald.adapters.websocket.socketio.server.SocketIoPreparedEvent;
import dev.herald.adapters.websocket.socketio.server.SocketIoRecoveryOptions;
import dev.herald.adapters.websocket.socketio.server.SocketIoServer;
import dev.herald.adapters.websocket.socketio.server.SocketIoServerOptions;
import dev.herald.adapters.websocket.socketio.server.SocketIoSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One chat message to {@code connections} sockets through the Socket.IO server as Herald runs it (recovery on, so
 * each socket also keeps the event in its recovery buffer): {@code SocketIoNamespace.prepare} once, then {@code
 * SocketIoSocket.send} to every socket, each over an Engine.IO connection that takes the frame bytes the WebSocket
 * transport would write. Time per operation is for the whole broadcast; divide by {@code connections} for one
 * delivery. The network write itself is not in it (see the end-to-end figures for that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BroadcastBenchmark {

    @Param({"1000"})
    public int connections;

    @Param({"true"})
    public boolean recovery;

    private ScheduledExecutorService scheduler;
    private SocketIoServer server;
    private SocketIoNamespace namespace;
    private List<SocketIoSocket> sockets;
    private long offset;

    @Setup(Level.Trial)
    public void connect() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        SocketIoServerOptions options = SocketIoServerOptions.defaults(scheduler);
        if (recovery) {
            options = options.withRecovery(SocketIoRecoveryOptions.enabledWithDefaults());
        }
        server = new SocketIoServer(options);
        namespace = server.mainNamespace();
        for (int i = 0; i < connections; i++) {
            SinkConnection connection = new SinkConnection("c" + i);
            server.onOpen(connection);
            server.onMessage(connection, EngineIoMessage.text("0"));
        }
        sockets = List.copyOf(namespace.sockets());
        if (sockets.size() != connections) {
            throw new IllegalStateException("only " + sockets.size() + " of " + connections + " sockets joined");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        server.shutdown();
        scheduler.shutdownNow();
    }

    @Benchmark
    public int broadcastOneMessage(Blackhole sink) {
        long id = ++offset;
        SocketIoPreparedEvent event = namespace.prepare("chat message", CodecBenchmark.TEXT, id);
        int queued = 0;
        for (SocketIoSocket socket : sockets) {
            if (socket.send(event)) {
                queued++;
            }
        }
        sink.consume(event);
        return queued;
    }

    /** An open connection that consumes what the WebSocket transport would write, and keeps nothing. */
    static final class SinkConnection implements EngineIoConnection {
        private final String id;
        private long bytes;

        SinkConnection(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String transport() {
            return "websocket";
        }

        @Override
        public Map<String, String> query() {
            return Map.of("EIO", "4", "transport", "websocket");
        }

        @Override
        public Map<String, String> headers() {
            return Map.of();
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }

        @Override
        public synchronized boolean send(List<EngineIoMessage> messages) {
            for (EngineIoMessage message : messages) {
                if (message instanceof EngineIoMessage.Text text) {
                    bytes += EngineIoCodec.textFrame(text).remaining();
                }
            }
            return true;
        }

        @Override
        public boolean awaitWritable(long timeoutMillis) {
            return true;
        }

        @Override
        public int pendingMessages() {
            return 0;
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
