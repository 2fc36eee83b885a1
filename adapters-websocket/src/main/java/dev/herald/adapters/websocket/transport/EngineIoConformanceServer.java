package dev.herald.adapters.websocket.transport;

import dev.herald.adapters.websocket.engineio.EngineIoEchoListener;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The raw Engine.IO echo server the official Engine.IO v4 test suite expects: path {@code /engine.io/}, ping
 * interval 300 ms, ping timeout 200 ms, maxPayload 1,000,000, every message echoed back. See docs/conformance.md.
 */
public final class EngineIoConformanceServer implements AutoCloseable {

    /** The configuration the suite hard-codes ({@code PING_INTERVAL}, {@code PING_TIMEOUT}, maxPayload). */
    public static EngineIoServerOptions suiteOptions() {
        return EngineIoServerOptions.defaults()
                .withPath("/engine.io/")
                .withHeartbeat(Duration.ofMillis(300), Duration.ofMillis(200))
                .withMaxPayload(1_000_000);
    }

    private final Undertow undertow;
    private final EngineIoServer engine;

    private EngineIoConformanceServer(Undertow undertow, EngineIoServer engine) {
        this.undertow = undertow;
        this.engine = engine;
    }

    /** Starts on 127.0.0.1:{@code port} (0 picks a free port). */
    public static EngineIoConformanceServer start(int port) {
        return start("127.0.0.1", port);
    }

    public static EngineIoConformanceServer start(String host, int port) {
        EngineIoServerOptions options = suiteOptions();
        EngineIoServer engine = new EngineIoServer(options, new EngineIoEchoListener());
        // One IO thread: requests are then handled in the order their connections became readable, as in the
        // single-threaded reference server. The suite races concurrent requests (an aborted GET against the next
        // one) and expects the reference's order; with several IO threads a loaded machine can reorder them.
        Undertow undertow = Undertow.builder()
                .setIoThreads(1)
                .addHttpListener(port, host)
                .setHandler(Handlers.path().addPrefixPath(options.path(), engine.handler()))
                .build();
        undertow.start();
        return new EngineIoConformanceServer(undertow, engine);
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
    }

    @Override
    public void close() {
        engine.close();
        undertow.stop();
    }

    /** {@code java ... EngineIoConformanceServer [port] [host]}: runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        EngineIoConformanceServer server = start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "engineio-shutdown"));
        System.out.println("Engine.IO conformance echo server on http://" + host + ":" + server.port() + "/engine.io/");
        Thread.currentThread().join();
    }
}
