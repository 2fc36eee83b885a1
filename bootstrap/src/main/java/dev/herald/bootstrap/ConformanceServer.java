package dev.herald.bootstrap;

import dev.herald.adapters.websocket.engineio.EngineIoEchoListener;
import dev.herald.adapters.websocket.socketio.server.ConformanceHandlers;
import dev.herald.adapters.websocket.socketio.server.SocketIoServer;
import dev.herald.adapters.websocket.transport.EngineIoConformanceServer;
import dev.herald.adapters.websocket.transport.EngineIoServer;
import dev.herald.adapters.websocket.transport.EngineIoServerOptions;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.LoggerFactory;

/**
 * What the official test suites expect of a server (docs/conformance.md): an Engine.IO echo endpoint at
 * {@code /engine.io/} and the Socket.IO test handlers at {@code /socket.io/} (main namespace and {@code /custom},
 * recovery off, ping interval 300 ms, ping timeout 200 ms, max payload 1,000,000, connect timeout 1,000 ms).
 */
final class ConformanceServer implements AutoCloseable {

    private final Undertow http;
    private final EngineIoServer echo;
    private final EngineIoServer socketIoTransport;
    private final SocketIoServer socketIo;
    private final ScheduledExecutorService timers;

    private ConformanceServer(int port) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("conformance-timers").daemon(true).factory());
        scheduler.setRemoveOnCancelPolicy(true);
        timers = scheduler;
        EngineIoServerOptions suite = EngineIoConformanceServer.suiteOptions();
        echo = new EngineIoServer(suite.withPath("/engine.io/"), new EngineIoEchoListener());
        socketIo = ConformanceHandlers.createServer(timers);
        socketIoTransport = new EngineIoServer(suite.withPath("/socket.io/"), socketIo);
        // One IO thread: requests are handled in arrival order, like the reference server's single event loop,
        // which the suites' tightly timed steps assume (docs/conformance.md).
        http = Undertow.builder().setIoThreads(1).addHttpListener(port, "127.0.0.1")
                .setHandler(new PathHandler()
                        .addPrefixPath("/engine.io", echo.handler())
                        .addPrefixPath("/socket.io", socketIoTransport.handler()))
                .build();
    }

    static ConformanceServer start(int port) {
        ConformanceServer server = new ConformanceServer(port);
        server.http.start();
        LoggerFactory.getLogger(ConformanceServer.class)
                .info("conformance server on 127.0.0.1:{}: /engine.io/ echo, /socket.io/ test handlers", port);
        return server;
    }

    @Override
    public void close() {
        socketIo.shutdown();
        socketIoTransport.close();
        echo.close();
        http.stop();
        timers.shutdownNow();
    }
}
