package dev.herald.adapters.websocket.socketio.server;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The server the official Socket.IO v5 test suite expects ({@code docs/socket.io-protocol/v5-test-suite} of the
 * socketio/socket.io repository; PROTOCOL.md §2): connect timeout 1 s, recovery off (its CONNECT reply must have only
 * {@code sid}, and events no extra offset), and on {@code /} and {@code /custom}:
 * <ul>
 *   <li>right after connecting, {@code emit("auth", handshake.auth)};</li>
 *   <li>on {@code /} only: {@code "message"} is echoed as {@code "message-back"} with the same arguments (binary
 *       kept), and {@code "message-with-ack"} is acknowledged with the same arguments.</li>
 * </ul>
 * Every other namespace is refused. The Engine.IO side of that profile (pingInterval 300 ms, pingTimeout 200 ms,
 * maxPayload 1,000,000, path {@code /socket.io/}) is configured on the transport.
 */
public final class ConformanceHandlers {

    /** The connect timeout the suite's "should close the connection if no handshake is received" relies on. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);

    private ConformanceHandlers() {}

    /** The options of the conformance profile. */
    public static SocketIoServerOptions options(ScheduledExecutorService scheduler) {
        return SocketIoServerOptions.defaults(scheduler)
                .withConnectTimeout(CONNECT_TIMEOUT)
                .withRecovery(SocketIoRecoveryOptions.disabled());
    }

    /** A server with the conformance profile and handlers. */
    public static SocketIoServer createServer(ScheduledExecutorService scheduler) {
        SocketIoServer server = new SocketIoServer(options(scheduler));
        install(server);
        return server;
    }

    /** Installs the suite's handlers on {@code /} and {@code /custom}. */
    public static void install(SocketIoServer server) {
        server.mainNamespace().onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
            socket.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
        });
        server.of("/custom").onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
    }
}
