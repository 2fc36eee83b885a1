package dev.herald.adapters.websocket.transport;

import dev.herald.adapters.websocket.engineio.EngineIoCodec;
import dev.herald.adapters.websocket.engineio.EngineIoDecodeResult;
import dev.herald.adapters.websocket.engineio.EngineIoListener;
import dev.herald.adapters.websocket.engineio.EngineIoPacket;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Pooled;

/**
 * An Engine.IO v4 server as an Undertow {@link HttpHandler}: the bootstrap mounts {@link #handler()} at
 * {@link EngineIoServerOptions#path()}, and every session is reported to one {@link EngineIoListener}.
 *
 * <p>Requests are verified in the reference server's order ({@code verify()} then {@code handshake()} in
 * {@code packages/engine.io/lib/server.ts}): transport, Origin, sid (unknown → 1, transport mismatch → 3), then for a
 * handshake: method (2), WebSocket without upgrade (3), {@code allowRequest} (4), {@code EIO} (5).
 *
 * <p>Nothing here blocks an IO thread: handlers park polls with {@code dispatch()}, listener calls run on the listener
 * executor (one at a time per session), timers on a scheduler.
 */
public final class EngineIoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoServer.class);
    private static final AttachmentKey<EngineIoSession> UPGRADING = AttachmentKey.create(EngineIoSession.class);
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    private static final HttpString VARY = new HttpString("Vary");
    private static final long CLIENT_CLOSE_GRACE_MILLIS = 1_000;

    private final EngineIoServerOptions options;
    private final EngineIoListener listener;
    private final EngineIoObserver observer;
    private final ExecutorService listenerExecutor;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsExecutors;
    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final WebSocketProtocolHandshakeHandler webSocketHandshake;
    private volatile boolean closed;
    /** Sids whose client just sent {@code close} over polling with no GET parked; see {@link #rememberClientClose}. */
    private final Map<String, Boolean> clientClosed = new ConcurrentHashMap<>();

    /** A server with its own executors: virtual threads for listener calls, one platform thread for timers. */
    public EngineIoServer(EngineIoServerOptions options, EngineIoListener listener) {
        this(options, listener, EngineIoObserver.NONE);
    }

    /** As {@link #EngineIoServer(EngineIoServerOptions, EngineIoListener)}, reporting to {@code observer}. */
    public EngineIoServer(EngineIoServerOptions options, EngineIoListener listener, EngineIoObserver observer) {
        this(options, listener, Executors.newVirtualThreadPerTaskExecutor(), newScheduler(), true, observer);
    }

    /** A server on the caller's executors; {@link #close()} does not shut them down. */
    public EngineIoServer(EngineIoServerOptions options, EngineIoListener listener, ExecutorService listenerExecutor,
                          ScheduledExecutorService scheduler) {
        this(options, listener, listenerExecutor, scheduler, false, EngineIoObserver.NONE);
    }

    private EngineIoServer(EngineIoServerOptions options, EngineIoListener listener, ExecutorService listenerExecutor,
                           ScheduledExecutorService scheduler, boolean ownsExecutors, EngineIoObserver observer) {
        this.options = options;
        this.listener = listener;
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.listenerExecutor = listenerExecutor;
        this.scheduler = scheduler;
        this.ownsExecutors = ownsExecutors;
        this.webSocketHandshake = new WebSocketProtocolHandshakeHandler(
                (WebSocketConnectionCallback) this::onWebSocket,
                exchange -> {
                    refused(EngineIoError.BAD_REQUEST, true);
                    EngineIoHttp.sendUpgradeError(exchange, EngineIoError.BAD_REQUEST);
                });
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "engineio-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    public EngineIoServerOptions options() {
        return options;
    }

    EngineIoListener listener() {
        return listener;
    }

    EngineIoObserver observer() {
        return observer;
    }

    ExecutorService listenerExecutor() {
        return listenerExecutor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Open sessions (including those closing). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Open sessions carried by {@code transport} now ({@code "polling"} or {@code "websocket"}); walks them all. */
    public int sessionCount(String transport) {
        int count = 0;
        for (EngineIoSession session : sessions.values()) {
            if (transport.equals(session.transport())) {
                count++;
            }
        }
        return count;
    }

    /** Outbound messages queued and not yet handed to the network, over every session; walks them all. */
    public long queuedMessages() {
        long queued = 0;
        for (EngineIoSession session : sessions.values()) {
            queued += session.pendingMessages();
        }
        return queued;
    }

    /** The handler to mount at {@link EngineIoServerOptions#path()}. */
    public HttpHandler handler() {
        return this::handle;
    }

    /**
     * A polling client sends {@code close} while its GET is in flight, and the reference answers that GET with
     * {@code noop}. The two requests travel on separate connections and may be handled in either order here (several
     * IO threads), so for a short while the one GET that lost the race still gets {@code 6}; later ones get 400.
     */
    void rememberClientClose(String sid) {
        clientClosed.put(sid, Boolean.TRUE);
        scheduler.schedule(() -> clientClosed.remove(sid), CLIENT_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean takeClientClose(String sid) {
        return clientClosed.remove(sid) != null;
    }

    void unregister(EngineIoSession session) {
        sessions.remove(session.id(), session);
    }

    /**
     * Stops accepting requests and closes every session with reason {@code "server shutting down"}: WebSockets get
     * their queued frames then a close frame, parked polls their queued packets then {@code 1}.
     */
    @Override
    public void close() {
        closed = true;
        for (EngineIoSession session : List.copyOf(sessions.values())) {
            session.closeGracefully("server shutting down", true);
        }
        if (ownsExecutors) {
            scheduler.shutdownNow();
            listenerExecutor.shutdown();
            try {
                listenerExecutor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------ HTTP

    private void handle(HttpServerExchange exchange) throws Exception {
        if (closed) {
            observer.requestRefused("SHUTTING_DOWN", 503);
            EngineIoHttp.sendStatus(exchange, 503);
            return;
        }
        Map<String, String> query = firstValues(exchange.getQueryParameters());
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        boolean upgrade = Methods.GET.equals(exchange.getRequestMethod())
                && "websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(Headers.UPGRADE));

        if (!upgrade && origin != null && originAllowed(origin)) {
            addCorsHeaders(exchange, origin);
        }
        if (Methods.OPTIONS.equals(exchange.getRequestMethod())) {
            preflight(exchange, origin);
            return;
        }

        String transport = query.get("transport");
        if (!EngineIoSession.POLLING.equals(transport) && !EngineIoSession.WEBSOCKET.equals(transport)) {
            reject(exchange, upgrade, EngineIoError.UNKNOWN_TRANSPORT);
            return;
        }
        if (origin != null && hasInvalidHeaderChar(origin)) {
            reject(exchange, upgrade, EngineIoError.BAD_REQUEST);
            return;
        }
        if (origin != null && !originAllowed(origin)) {
            // Browsers do not apply CORS to WebSockets, so the allow-list is enforced here for every request.
            reject(exchange, upgrade, EngineIoError.FORBIDDEN);
            return;
        }
        String sid = query.get("sid");
        if (sid != null) {
            EngineIoSession session = sessions.get(sid);
            if (session == null && !upgrade && Methods.GET.equals(exchange.getRequestMethod())
                    && takeClientClose(sid)) {
                EngineIoHttp.sendPayload(exchange, EngineIoCodec.encodePacket(new EngineIoPacket.Noop()));
                return;
            }
            if (session == null) {
                reject(exchange, upgrade, EngineIoError.UNKNOWN_SID);
                return;
            }
            if (!upgrade && !transport.equals(session.transport())) {
                reject(exchange, false, EngineIoError.BAD_REQUEST);
                return;
            }
            if (upgrade) {
                if (!EngineIoSession.WEBSOCKET.equals(transport)) {
                    reject(exchange, true, EngineIoError.BAD_REQUEST);
                    return;
                }
                exchange.putAttachment(UPGRADING, session);
                webSocketHandshake.handleRequest(exchange);
            } else if (Methods.GET.equals(exchange.getRequestMethod())) {
                EngineIoPoll poll = new EngineIoPoll(exchange);
                exchange.dispatch();
                session.onPoll(poll);
            } else if (Methods.POST.equals(exchange.getRequestMethod())) {
                handlePost(exchange, session);
            } else {
                reject(exchange, false, EngineIoError.BAD_REQUEST);
            }
            return;
        }

        if (!Methods.GET.equals(exchange.getRequestMethod())) {
            reject(exchange, upgrade, EngineIoError.BAD_HANDSHAKE_METHOD);
            return;
        }
        if (EngineIoSession.WEBSOCKET.equals(transport) && !upgrade) {
            reject(exchange, false, EngineIoError.BAD_REQUEST);
            return;
        }
        Map<String, String> headers = headers(exchange);
        if (!options.allowRequest().allow(query, headers)) {
            reject(exchange, upgrade, EngineIoError.FORBIDDEN);
            return;
        }
        if (!"4".equals(query.get("EIO"))) {
            reject(exchange, upgrade, EngineIoError.UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        if (upgrade) {
            webSocketHandshake.handleRequest(exchange);
            return;
        }
        EngineIoSession session = new EngineIoSession(this, newId(), EngineIoSession.POLLING, query, headers,
                remoteAddress(exchange.getSourceAddress()));
        sessions.put(session.id(), session);
        observer.handshake(EngineIoSession.POLLING);
        session.opened();
        EngineIoHttp.sendPayload(exchange, EngineIoCodec.encodePacket(EngineIoPacket.Open.of(session.handshake())));
    }

    private void handlePost(HttpServerExchange exchange, EngineIoSession session) {
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            // v4 payloads are always text; the reference closes the session on a binary body.
            session.abort("transport error");
            reject(exchange, false, EngineIoError.BAD_REQUEST);
            return;
        }
        long length = exchange.getRequestContentLength();
        if (length > options.maxPayload()) {
            exchange.setPersistent(false);
            observer.requestRefused("PAYLOAD_TOO_LARGE", 413);
            EngineIoHttp.sendStatus(exchange, 413);
            return;
        }
        if (!session.beginPost()) {
            reject(exchange, false, EngineIoError.BAD_REQUEST);
            return;
        }
        exchange.setMaxEntitySize(options.maxPayload());
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            switch (EngineIoCodec.decodePayload(body)) {
                case EngineIoDecodeResult.Invalid invalid -> {
                    session.endPost();
                    session.abort("parse error");
                    reject(ex, false, EngineIoError.BAD_REQUEST);
                }
                case EngineIoDecodeResult.Decoded decoded -> {
                    ex.dispatch();
                    session.onPayload(decoded.packets(), () -> {
                        session.endPost();
                        ex.getIoThread().execute(() -> EngineIoHttp.sendOk(ex));
                    });
                }
            }
        }, (ex, error) -> {
            session.endPost();
            if (error instanceof RequestTooBigException) {
                ex.setPersistent(false);
                observer.requestRefused("PAYLOAD_TOO_LARGE", 413);
                EngineIoHttp.sendStatus(ex, 413);
            } else {
                session.abort("transport error");
                observer.requestRefused(EngineIoError.BAD_REQUEST.name(), 400);
                EngineIoHttp.sendStatus(ex, 400);
            }
        });
    }

    private void reject(HttpServerExchange exchange, boolean upgrade, EngineIoError error) {
        refused(error, upgrade);
        if (upgrade) {
            EngineIoHttp.sendUpgradeError(exchange, error);
        } else {
            EngineIoHttp.sendError(exchange, error);
        }
    }

    /** Counts a refusal with the status it is answered with (an upgrade is always refused with 400). */
    void refused(EngineIoError error, boolean upgrade) {
        observer.requestRefused(error.name(), upgrade ? 400 : error.httpStatus());
    }

    private boolean originAllowed(String origin) {
        return options.allowedOrigins().isEmpty() || options.allowedOrigins().contains(origin);
    }

    private void addCorsHeaders(HttpServerExchange exchange, String origin) {
        if (options.allowedOrigins().isEmpty()) {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, "*");
        } else {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
            exchange.getResponseHeaders().put(ALLOW_CREDENTIALS, "true");
            exchange.getResponseHeaders().add(VARY, "Origin");
        }
    }

    private void preflight(HttpServerExchange exchange, String origin) {
        if (origin != null && !originAllowed(origin)) {
            reject(exchange, false, EngineIoError.FORBIDDEN);
            return;
        }
        exchange.getResponseHeaders().put(ALLOW_METHODS, "GET,HEAD,PUT,PATCH,POST,DELETE");
        String requested = exchange.getRequestHeaders().getFirst(REQUEST_HEADERS);
        if (requested != null) {
            exchange.getResponseHeaders().put(ALLOW_HEADERS, requested);
            exchange.getResponseHeaders().add(VARY, "Access-Control-Request-Headers");
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, "0");
        EngineIoHttp.sendStatus(exchange, 204);
    }

    /** The reference server's {@code checkInvalidHeaderChar}: control characters other than tab, and DEL. */
    static boolean hasInvalidHeaderChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------ WebSocket

    private void onWebSocket(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        EngineIoSession upgrading = exchange.getAttachment(UPGRADING);
        EngineIoSession session;
        if (upgrading != null) {
            session = upgrading;
            session.beginUpgrade(channel);
        } else {
            Map<String, String> query = firstValues(exchange.getRequestParameters());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.getFirst());
                }
            });
            session = new EngineIoSession(this, newId(), EngineIoSession.WEBSOCKET, query, headers,
                    remoteAddress(channel.getSourceAddress()));
            if (closed) {
                channel.getIoThread().execute(() -> io.undertow.websockets.core.WebSockets.sendClose(
                        io.undertow.websockets.core.CloseMessage.GOING_AWAY, "", channel, null));
                return;
            }
            sessions.put(session.id(), session);
            observer.handshake(EngineIoSession.WEBSOCKET);
            session.attachWebSocket(channel);
            session.opened();
        }
        channel.addCloseTask(ch -> session.onWebSocketClosed(ch));
        channel.getReceiveSetter().set(new Frames(session));
        channel.resumeReceives();
    }

    /** Reads whole messages (up to maxPayload; Undertow closes with 1009 beyond) and hands them to the session. */
    private final class Frames extends AbstractReceiveListener {
        private final EngineIoSession session;

        Frames(EngineIoSession session) {
            this.session = session;
        }

        @Override
        protected long getMaxTextBufferSize() {
            return options.maxPayload();
        }

        @Override
        protected long getMaxBinaryBufferSize() {
            return options.maxPayload();
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            switch (EngineIoCodec.decodeTextFrame(message.getData())) {
                case EngineIoDecodeResult.Decoded decoded -> session.onFrame(channel, decoded.single());
                case EngineIoDecodeResult.Invalid invalid -> session.onBadFrame(channel);
            }
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            Pooled<ByteBuffer[]> data = message.getData();
            try {
                ByteBuffer[] buffers = data.getResource();
                int size = 0;
                for (ByteBuffer buffer : buffers) {
                    size += buffer.remaining();
                }
                byte[] bytes = new byte[size];
                int offset = 0;
                for (ByteBuffer buffer : buffers) {
                    int n = buffer.remaining();
                    buffer.get(bytes, offset, n);
                    offset += n;
                }
                session.onFrame(channel, ((EngineIoDecodeResult.Decoded) EngineIoCodec.decodeBinaryFrame(bytes)).single());
            } finally {
                data.free();
            }
        }

        /**
         * The peer's close frame ends the session at once: Undertow would report the channel closed only when the
         * peer also shuts its TCP side, which a client that stopped reading never does, and until then the session
         * would neither be reported lost nor be recoverable.
         */
        @Override
        protected void onFullCloseMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
            session.onWebSocketClosed(channel);
            super.onFullCloseMessage(channel, message);
        }

        @Override
        protected void onError(WebSocketChannel channel, Throwable error) {
            LOG.debug("Engine.IO WebSocket error on session {}", session.id(), error);
            super.onError(channel, error);
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private String newId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> firstValues(Map<String, ? extends java.util.Collection<String>> parameters) {
        Map<String, String> first = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.put(name, values.iterator().next());
            }
        });
        return first;
    }

    private static Map<String, String> headers(HttpServerExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            if (!values.isEmpty()) {
                headers.putIfAbsent(values.getHeaderName().toString().toLowerCase(Locale.ROOT), values.getFirst());
            }
        }
        return headers;
    }

    private static String remoteAddress(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

}
