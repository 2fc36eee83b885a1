package dev.herald.bootstrap;

import dev.herald.adapters.persistence.Durability;
import dev.herald.adapters.persistence.JooqMessageStore;
import dev.herald.adapters.persistence.SqliteStoreConfig;
import dev.herald.adapters.websocket.chat.ChatEvents;
import dev.herald.adapters.websocket.socketio.server.SocketIoRecoveryOptions;
import dev.herald.adapters.websocket.socketio.server.SocketIoServer;
import dev.herald.adapters.websocket.socketio.server.SocketIoServerOptions;
import dev.herald.adapters.websocket.transport.EngineIoServer;
import dev.herald.adapters.websocket.transport.EngineIoServerOptions;
import dev.herald.application.MessageFeed;
import dev.herald.application.PostMessage;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every object of a running Herald, built by hand, top to bottom in the order they depend on
 * each other, and closed in the reverse order by {@link #close()}.
 */
public final class HeraldServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldServer.class);

    private final HeraldConfig config;
    private final PrometheusMeterRegistry registry;
    private final JooqMessageStore store;
    private final ExecutorService catchUpThreads;
    private final MessageFeed feed;
    private final ScheduledExecutorService timers;
    private final ExecutorService handlerThreads;
    private final SocketIoServer socketIo;
    private final EngineIoServer engineIo;
    private final Undertow http;
    private final Undertow management;
    private volatile boolean shuttingDown;
    private volatile boolean closed;

    private HeraldServer(HeraldConfig config) {
        this.config = config;

        // Metrics first, so every part can register its meters.
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two binder meters whose names promtool's lint rejects (a unit abbreviation, a "_count" gauge); CPU is covered
        // by process_cpu_usage and system_cpu_usage.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        HeraldMetrics metrics = new HeraldMetrics(registry);

        // The durable log, then the one ordered path that delivers from it, then posting into it.
        store = JooqMessageStore.open(SqliteStoreConfig.defaults(config.database())
                .withDurability(Durability.valueOf(config.durability().name())), metrics);
        catchUpThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-catch-up-", 0).factory());
        feed = new MessageFeed(store, config.replayPageSize(), Duration.ofSeconds(1), catchUpThreads, metrics);
        feed.start();
        PostMessage postMessage = new PostMessage(store, feed, config.maxMessageLength());

        // Socket.IO: chat handlers may block on the store, so they run on virtual threads (one socket's in order).
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("herald-timers").daemon(true).factory());
        scheduler.setRemoveOnCancelPolicy(true);
        timers = scheduler;
        handlerThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-socket-", 0).factory());
        SocketIoRecoveryOptions recovery = config.recoveryWindow().isZero()
                ? SocketIoRecoveryOptions.disabled()
                : SocketIoRecoveryOptions.enabledWithDefaults().withMaxDisconnectionDuration(config.recoveryWindow());
        socketIo = new SocketIoServer(SocketIoServerOptions.defaults(timers)
                .withConnectTimeout(config.connectTimeout())
                .withRecovery(recovery)
                .withHandlerExecutor(handlerThreads), metrics);
        new ChatEvents(socketIo.mainNamespace(), postMessage, feed, registry).install();

        // Engine.IO transports under /socket.io/, beside the page, the bundle, health and metrics.
        EngineIoServerOptions defaults = EngineIoServerOptions.defaults();
        engineIo = new EngineIoServer(new EngineIoServerOptions("/socket.io/", config.pingInterval(),
                config.pingTimeout(), defaults.upgradeTimeout(), defaults.closeTimeout(), config.maxPayloadBytes(),
                new HashSet<>(config.allowedOrigins()), config.outboundLimit(), defaults.maxBufferedBytes(),
                defaults.allowRequest()), socketIo, metrics);
        metrics.bindGauges(engineIo, socketIo, feed);

        Health health = new Health(this::notReadyReason);
        // Scraping walks every meter: not on an IO thread.
        HttpHandler scrape = new BlockingHandler(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(registry.scrape());
        });
        StaticResource page = StaticResource.load("/static/index.html", "text/html; charset=utf-8");
        PathHandler routes = new PathHandler(exchange -> {
            exchange.setStatusCode(404);
            exchange.getResponseSender().send("Not Found");
        })
                .addExactPath("/", page)
                .addExactPath("/index.html", page)
                .addExactPath("/socket.io/socket.io.js",
                        StaticResource.load("/static/socket.io/socket.io.js", "application/javascript; charset=utf-8"))
                .addExactPath("/socket.io/socket.io.min.js.map",
                        StaticResource.load("/static/socket.io/socket.io.min.js.map", "application/json"))
                .addPrefixPath("/socket.io", engineIo.handler());
        PathHandler operations = config.managementPort() == 0 ? routes : new PathHandler();
        operations.addExactPath("/health/live", health.live())
                .addExactPath("/health/ready", new BlockingHandler(health.ready()))
                .addExactPath("/metrics", scrape);
        management = config.managementPort() == 0 ? null
                : Undertow.builder().addHttpListener(config.managementPort(), config.host()).setHandler(operations).build();
        http = Undertow.builder().addHttpListener(config.port(), config.host()).setHandler(routes)
                // A connection that never sends a request (or a complete one) is closed, as Node does after 60 s:
                // idle sockets must not pile up. Held polls and WebSockets are not idle in this sense.
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .build();
    }

    /** Builds and starts a server; on failure, whatever was started is closed again. */
    public static HeraldServer start(HeraldConfig config) {
        HeraldServer server = new HeraldServer(config);
        try {
            server.http.start();
            if (server.management != null) {
                server.management.start();
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("herald started: port={} db={} durability={} recoveryWindow={}ms", server.port(),
                config.database(), config.durability(), config.recoveryWindow().toMillis());
        return server;
    }

    /** The port the chat listens on (the one picked when configured as 0). */
    public int port() {
        return ((InetSocketAddress) http.getListenerInfo().getFirst().getAddress()).getPort();
    }

    /** The port serving /metrics and /health: the management port if one is configured, else {@link #port()}. */
    public int managementPort() {
        return management == null ? port()
                : ((InetSocketAddress) management.getListenerInfo().getFirst().getAddress()).getPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private String notReadyReason() {
        if (shuttingDown) {
            return "shutting down";
        }
        return store.checkWritable()
                .map(failure -> "the database is not writable (" + failure + ")")
                .orElse(null);
    }

    /**
     * Graceful shutdown: readiness goes down; every client is told to go ("server shutting down", a recoverable
     * reason, so clients reconnect and catch up); posts already handed to the store are committed and the handlers
     * waiting for them finish; then the feed, the store and the listeners close.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shuttingDown = true;
        LOG.info("herald stopping");
        long graceMillis = config.shutdownGrace().toMillis();
        socketIo.shutdown();
        engineIo.close();
        handlerThreads.shutdown();
        try {
            if (!handlerThreads.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("in-flight handlers still running after {} ms; closing anyway", graceMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        feed.close();
        catchUpThreads.shutdownNow();
        store.close();
        http.stop();
        if (management != null) {
            management.stop();
        }
        timers.shutdownNow();
        registry.close();
        LOG.info("herald stopped");
    }
}
