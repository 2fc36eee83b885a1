package dev.herald.bootstrap;

import dev.herald.adapters.persistence.StoreObserver;
import dev.herald.adapters.websocket.socketio.server.SocketIoDisconnectReason;
import dev.herald.adapters.websocket.socketio.server.SocketIoNamespace;
import dev.herald.adapters.websocket.socketio.server.SocketIoObserver;
import dev.herald.adapters.websocket.socketio.server.SocketIoServer;
import dev.herald.adapters.websocket.transport.EngineIoObserver;
import dev.herald.adapters.websocket.transport.EngineIoServer;
import dev.herald.application.FeedObserver;
import dev.herald.application.MessageFeed;
import dev.herald.application.port.MessageStoreException.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Herald's meters (docs/metrics.md is the catalogue): the Micrometer side of the observers the store, the feed and
 * the two protocol layers report to, plus gauges read at scrape time. Meters are created once and cached, so an
 * event costs a map lookup at most and never builds tags; tag values come from closed sets (transports, reasons,
 * failure kinds), never from a client's input.
 */
final class HeraldMetrics implements StoreObserver, FeedObserver, EngineIoObserver, SocketIoObserver {

    private static final List<String> TRANSPORTS = List.of("polling", "websocket");

    private final MeterRegistry registry;

    // Store.
    private final Timer appendLatency;
    private final Timer commitLatency;
    private final DistributionSummary batchSize;
    private final Timer readLatency;
    private final Counter rowsRead;
    private final Map<Operation, Map<Failure, Counter>> storeFailures = new EnumMap<>(Operation.class);

    // Feed.
    private final Counter liveDeliveries;
    private final Counter replayDeliveries;
    private final Counter dispatchedMessages;
    private final Timer deliveryLatency;

    // Engine.IO.
    private final Map<String, Counter> handshakes = new ConcurrentHashMap<>();
    private final Counter upgrades;
    private final Map<String, Counter> transportDisconnects = new ConcurrentHashMap<>();
    private final Map<String, Counter> httpErrors = new ConcurrentHashMap<>();

    // Socket.IO.
    private final Map<String, Counter> socketDisconnects = new ConcurrentHashMap<>();
    private final Map<ProtocolError, Counter> protocolErrors = new EnumMap<>(ProtocolError.class);
    private final Counter recoveriesSucceeded;
    private final Counter recoveriesFailed;

    HeraldMetrics(MeterRegistry registry) {
        this.registry = registry;
        appendLatency = Timer.builder("herald.store.append.latency")
                .description("time a post waits for its commit, queueing for the writer included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        commitLatency = Timer.builder("herald.store.commit.latency")
                .description("duration of one group-commit transaction, BEGIN to COMMIT")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        batchSize = DistributionSummary.builder("herald.store.batch.size")
                .description("posts committed per transaction (group commit)")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1_000.0)
                .register(registry);
        readLatency = Timer.builder("herald.store.read.latency")
                .description("duration of one page read (replay and live tailing)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        rowsRead = Counter.builder("herald.store.rows.read").description("messages read back from the store")
                .register(registry);
        for (Operation operation : Operation.values()) {
            Map<Failure, Counter> byFailure = new EnumMap<>(Failure.class);
            for (Failure failure : Failure.values()) {
                byFailure.put(failure, Counter.builder("herald.store.failures")
                        .description("failed store transactions (write: every post in it) and reads, by kind")
                        .tag("operation", lower(operation.name()))
                        .tag("failure", lower(failure.name()))
                        .register(registry));
            }
            storeFailures.put(operation, byFailure);
        }

        liveDeliveries = Counter.builder("herald.deliveries").description("messages handed to sockets")
                .tag("path", "live").register(registry);
        replayDeliveries = Counter.builder("herald.deliveries").description("messages handed to sockets")
                .tag("path", "replay").register(registry);
        dispatchedMessages = Counter.builder("herald.feed.dispatched")
                .description("new messages the feed dispatched to the live sockets")
                .register(registry);
        deliveryLatency = Timer.builder("herald.delivery.latency")
                .description("from a commit to its messages being queued for every live socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);

        for (String transport : TRANSPORTS) {
            handshake(transport, 0);
        }
        upgrades = Counter.builder("herald.engineio.upgrades").description("polling sessions upgraded to WebSocket")
                .register(registry);

        for (ProtocolError error : ProtocolError.values()) {
            protocolErrors.put(error, Counter.builder("herald.socketio.protocol.errors")
                    .description("clients that broke the Socket.IO protocol, by kind")
                    .tag("error", lower(error.name())).register(registry));
        }
        recoveriesSucceeded = recoveries("succeeded");
        recoveriesFailed = recoveries("failed");
    }

    /** Gauges read at scrape time from the running parts. */
    void bindGauges(EngineIoServer engineIo, SocketIoServer socketIo, MessageFeed feed) {
        for (String transport : TRANSPORTS) {
            Gauge.builder("herald.connections", engineIo, server -> server.sessionCount(transport))
                    .description("open Engine.IO connections by the transport carrying them now")
                    .tag("transport", transport).register(registry);
        }
        Gauge.builder("herald.outbound.queued", engineIo, EngineIoServer::queuedMessages)
                .description("outbound messages queued for all connections, not yet written to the network")
                .register(registry);
        for (SocketIoNamespace namespace : socketIo.namespaces()) {
            Gauge.builder("herald.socketio.sockets", namespace, n -> n.sockets().size())
                    .description("connected Socket.IO sockets by namespace")
                    .tag("namespace", namespace.name()).register(registry);
        }
        Gauge.builder("herald.feed.live.followers", feed, MessageFeed::liveFollowers)
                .description("sockets caught up and receiving the live stream").register(registry);
    }

    // ---- StoreObserver

    @Override
    public void appendCompleted(long nanos) {
        appendLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchCommitted(int posts, long nanos) {
        batchSize.record(posts);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void readCompleted(int rows, long nanos) {
        readLatency.record(nanos, TimeUnit.NANOSECONDS);
        rowsRead.increment(rows);
    }

    @Override
    public void failed(Operation operation, Failure failure) {
        storeFailures.get(operation).get(failure).increment();
    }

    // ---- FeedObserver

    @Override
    public void replayed(int messages) {
        replayDeliveries.increment(messages);
    }

    @Override
    public void dispatched(int messages, int deliveries, long nanosSinceCommitted) {
        dispatchedMessages.increment(messages);
        liveDeliveries.increment(deliveries);
        if (nanosSinceCommitted >= 0) {
            deliveryLatency.record(nanosSinceCommitted, TimeUnit.NANOSECONDS);
        }
    }

    // ---- EngineIoObserver

    @Override
    public void handshake(String transport) {
        handshake(transport, 1);
    }

    private void handshake(String transport, int count) {
        handshakes.computeIfAbsent(transport, t -> Counter.builder("herald.engineio.handshakes")
                .description("Engine.IO sessions opened, by the transport they opened on")
                .tag("transport", t).register(registry)).increment(count);
    }

    @Override
    public void upgraded() {
        upgrades.increment();
    }

    @Override
    public void closed(String transport, String reason) {
        cached(transportDisconnects, transport + '\n' + reason, key -> Counter.builder("herald.engineio.disconnects")
                .description("Engine.IO connections closed, by transport and reason")
                .tag("transport", transport).tag("reason", tagValue(reason)).register(registry)).increment();
    }

    @Override
    public void requestRefused(String error, int status) {
        cached(httpErrors, error + '\n' + status, key -> Counter.builder("herald.http.errors")
                .description("Engine.IO requests refused, by error code and HTTP status")
                .tag("error", lower(error)).tag("status", Integer.toString(status)).register(registry)).increment();
    }

    // ---- SocketIoObserver

    @Override
    public void disconnected(String namespace, SocketIoDisconnectReason reason) {
        cached(socketDisconnects, namespace + '\n' + reason.name(), key -> Counter.builder("herald.socketio.disconnects")
                .description("sockets that left their namespace, by reason")
                .tag("namespace", namespace).tag("reason", lower(reason.name())).register(registry)).increment();
    }

    @Override
    public void protocolError(ProtocolError error) {
        protocolErrors.get(error).increment();
    }

    @Override
    public void recovery(boolean succeeded) {
        (succeeded ? recoveriesSucceeded : recoveriesFailed).increment();
    }

    // ---- helpers

    private Counter recoveries(String result) {
        return Counter.builder("herald.socketio.recoveries")
                .description("connection state recovery attempts, by result").tag("result", result).register(registry);
    }

    private static Counter cached(Map<String, Counter> cache, String key, Function<String, Counter> create) {
        Counter counter = cache.get(key);
        return counter != null ? counter : cache.computeIfAbsent(key, create);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Engine.IO reasons are phrases ("transport close"); as tag values they get underscores. */
    private static String tagValue(String reason) {
        return lower(reason).replace(' ', '_');
    }
}
