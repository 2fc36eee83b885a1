package dev.herald.adapters.websocket.transport;

import dev.herald.adapters.websocket.engineio.EngineIoCodec;
import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoHandshake;
import dev.herald.adapters.websocket.engineio.EngineIoListener;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.engineio.EngineIoPacket;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSinkFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One Engine.IO session: its state machine, outbound queue, heartbeat and upgrade, whatever transport carries it.
 *
 * <p>Threading: state lives under {@link #lock}; nothing calls into Undertow while holding it except queueing tasks on
 * IO threads. Writes to a WebSocket run as tasks on that WebSocket's IO thread and answers to a poll on the poll's
 * IO thread, queued in the order their packets left {@link #outbox}, so the wire order is the queue order. Listener
 * calls go through a per-session {@link EngineIoSerialExecutor}.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/packages/engine.io/lib/socket.ts">reference socket.ts</a>
 */
final class EngineIoSession implements EngineIoConnection {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoSession.class);

    enum State { OPEN, CLOSING, CLOSED }

    static final String POLLING = "polling";
    /** The most bytes of one batch's frames copied into one native buffer (see queueFrames). */
    private static final long MAX_BATCH_BUFFER = 1 << 20;
    private static final long NOOP_CHECK_MILLIS = 100;
    static final String WEBSOCKET = "websocket";

    private final EngineIoServer server;
    private final EngineIoServerOptions options;
    private final EngineIoListener listener;
    private final String id;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final String remoteAddress;
    private final EngineIoSerialExecutor events;

    /** The completion callback of frames that release nothing: only a write error matters. */
    private final WebSocketCallback<Void> errorsOnly = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable error) {
            onWebSocketError(ch);
        }
    };

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    /** Threads in {@link #awaitWritable}; a write completion takes {@link #roomLock} only when there are some. */
    private final AtomicInteger roomWaiters = new AtomicInteger();
    private final AtomicInteger pendingMessages = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();

    // Guarded by lock.
    private volatile State state = State.OPEN;
    private volatile String transport;
    private final ArrayDeque<EngineIoPacket> outbox = new ArrayDeque<>();
    private boolean flushScheduled;
    private EngineIoPoll poll;
    private boolean postInFlight;
    private WebSocketChannel socket;
    private WebSocketChannel probe;
    private boolean probed;
    private ScheduledFuture<?> upgradeTimer;
    private ScheduledFuture<?> noopTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pingTimeoutTimer;
    private ScheduledFuture<?> closeTimer;
    private String closeReason;

    EngineIoSession(EngineIoServer server, String id, String transport, Map<String, String> query,
                    Map<String, String> headers, String remoteAddress) {
        this.server = server;
        this.options = server.options();
        this.listener = server.listener();
        this.id = id;
        this.transport = transport;
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
        this.remoteAddress = remoteAddress;
        this.events = new EngineIoSerialExecutor(server.listenerExecutor());
    }

    EngineIoHandshake handshake() {
        List<String> upgrades = POLLING.equals(transport) ? List.of(WEBSOCKET) : List.of();
        return new EngineIoHandshake(id, upgrades, options.pingInterval().toMillis(),
                options.pingTimeout().toMillis(), options.maxPayload());
    }

    /** Starts the heartbeat and tells the listener. Called once the open packet is on its way. */
    void opened() {
        lock.lock();
        try {
            schedulePingLocked();
        } finally {
            lock.unlock();
        }
        events.execute(() -> listener.onOpen(this));
    }

    /** A session opened directly over WebSocket: the open packet is its first frame. */
    void attachWebSocket(WebSocketChannel channel) {
        lock.lock();
        try {
            socket = channel;
            outbox.add(EngineIoPacket.Open.of(handshake()));
            scheduleFlushLocked();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------ EngineIoConnection

    @Override
    public String id() {
        return id;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public Map<String, String> query() {
        return query;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean send(List<EngineIoMessage> messages) {
        if (messages.isEmpty()) {
            return state == State.OPEN;
        }
        long bytes = 0;
        List<EngineIoPacket> packets = new ArrayList<>(messages.size());
        for (EngineIoMessage message : messages) {
            EngineIoPacket packet = new EngineIoPacket.Message(message);
            bytes += EngineIoCodec.encodedLength(packet);
            packets.add(packet);
        }
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            if (POLLING.equals(transport)) {
                for (EngineIoPacket packet : packets) {
                    if (!EngineIoCodec.isPayloadSafe(packet)) {
                        LOG.warn("Engine.IO session {}: a text message with U+001E cannot travel over polling", id);
                        return false;
                    }
                }
            }
            int queued = pendingMessages.get();
            long queuedBytes = pendingBytes.get();
            if (queued + packets.size() > options.maxBufferedMessages()
                    || (queuedBytes > 0 && queuedBytes + bytes > options.maxBufferedBytes())) {
                return false;
            }
            pendingMessages.addAndGet(packets.size());
            pendingBytes.addAndGet(bytes);
            outbox.addAll(packets);
            scheduleFlushLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitWritable(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        roomLock.lock();
        roomWaiters.incrementAndGet(); // before the check: a release that misses this count finds room already made
        try {
            while (state == State.OPEN && !hasRoom()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = room.awaitNanos(nanos);
            }
            return state == State.OPEN;
        } finally {
            roomWaiters.decrementAndGet();
            roomLock.unlock();
        }
    }

    /**
     * Room for a replay to go on: at most half the outbound limits queued. A replay sends a page after each wait;
     * waking it as soon as one slot was free let the next page overflow the buffer, and the connection was dropped
     * as too slow in the middle of a catch-up. The low-water mark also wakes the replay once per half buffer instead
     * of once per written frame.
     */
    private boolean hasRoom() {
        return pendingMessages.get() <= options.maxBufferedMessages() / 2
                && pendingBytes.get() <= options.maxBufferedBytes() / 2;
    }

    private void released(int messages, long bytes) {
        if (messages == 0) {
            return;
        }
        pendingMessages.addAndGet(-messages);
        pendingBytes.addAndGet(-bytes);
        if (roomWaiters.get() > 0 && hasRoom()) {
            signalRoom(); // not once per written frame: a lock round trip on the IO thread, mostly for nobody
        }
    }

    private void signalRoom() {
        roomLock.lock();
        try {
            room.signalAll();
        } finally {
            roomLock.unlock();
        }
    }

    @Override
    public int pendingMessages() {
        return Math.max(0, pendingMessages.get());
    }

    @Override
    public void close(String reason) {
        closeGracefully(reason, false);
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    State state() {
        return state;
    }

    // ------------------------------------------------------------------------------------ flushing

    private void scheduleFlushLocked() {
        if (flushScheduled || outbox.isEmpty()) {
            return;
        }
        if (WEBSOCKET.equals(transport) && socket != null) {
            flushScheduled = true;
            socket.getIoThread().execute(this::flush);
        } else if (POLLING.equals(transport) && poll != null) {
            flushScheduled = true;
            poll.later(this::flush);
        }
    }

    /**
     * Moves queued packets to the transport; the write tasks are queued under the lock to keep wire order. On the
     * WebSocket's own IO thread (where {@link #scheduleFlushLocked} runs this) the frames are written at once after
     * the lock is released: every other write to that socket is a task on this same thread, so none can come between.
     */
    private void flush() {
        WebSocketChannel writeNow = null;
        List<EngineIoPacket> frames = null;
        lock.lock();
        try {
            flushScheduled = false;
            if (outbox.isEmpty()) {
                return;
            }
            if (WEBSOCKET.equals(transport) && socket != null) {
                List<EngineIoPacket> batch = new ArrayList<>(outbox);
                outbox.clear();
                WebSocketChannel channel = socket;
                if (channel.getIoThread() == Thread.currentThread()) {
                    writeNow = channel;
                    frames = batch;
                } else {
                    channel.getIoThread().execute(() -> writeFrames(channel, batch));
                }
                if (batch.getLast() instanceof EngineIoPacket.Close) {
                    finishLocked(closeReason, null, false);
                }
            } else if (POLLING.equals(transport) && poll != null) {
                EngineIoPoll target = poll;
                poll = null;
                List<EngineIoPacket> batch = takeBatchLocked();
                String payload = EngineIoCodec.encodePayload(batch);
                int messages = 0;
                long bytes = 0;
                for (EngineIoPacket packet : batch) {
                    if (packet instanceof EngineIoPacket.Message) {
                        messages++;
                        bytes += EngineIoCodec.encodedLength(packet);
                    }
                }
                released(messages, bytes);
                target.later(() -> target.answer(payload));
                if (batch.getLast() instanceof EngineIoPacket.Close) {
                    finishLocked(closeReason, null, false);
                }
            }
        } finally {
            lock.unlock();
        }
        if (writeNow != null) {
            writeFrames(writeNow, frames);
        }
    }

    /** Packets for one GET: at least one, then as many as fit in {@code maxPayload} bytes. */
    private List<EngineIoPacket> takeBatchLocked() {
        List<EngineIoPacket> batch = new ArrayList<>();
        long size = 0;
        while (!outbox.isEmpty()) {
            long next = EngineIoCodec.encodedLength(outbox.peek()) + (batch.isEmpty() ? 0 : 1);
            if (!batch.isEmpty() && size + next > options.maxPayload()) {
                break;
            }
            size += next;
            batch.add(outbox.poll());
        }
        return batch;
    }

    /**
     * WebSocket IO thread: one frame per packet; a queued close becomes a close frame. The frames of one batch leave in
     * one gathering write (Undertow otherwise writes each frame as soon as it is queued, one system call per frame).
     */
    private void writeFrames(WebSocketChannel channel, List<EngineIoPacket> batch) {
        boolean gather = batch.size() > 1;
        if (gather) {
            channel.setRequireExplicitFlush(true);
        }
        try {
            queueFrames(channel, batch, gather);
        } finally {
            if (gather) {
                channel.setRequireExplicitFlush(false);
                channel.flush();
            }
        }
    }

    /**
     * Queues the batch's frames. Only one frame, the batch's last message, carries a completion callback, which
     * releases the whole batch's messages from the outbound limits: frames leave in order, so when it is written so
     * are the others. In a gathered batch the other text messages are queued bare (no flush, no listener), which
     * spares Undertow's per-frame flushing listener and write-resume task; the batch's explicit flush writes them.
     */
    private void queueFrames(WebSocketChannel channel, List<EngineIoPacket> batch, boolean gathered) {
        int carrier = -1;
        int messages = 0;
        long bytes = 0;
        long copiedBytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            EngineIoPacket packet = batch.get(i);
            if (packet instanceof EngineIoPacket.Close) {
                break;
            }
            if (packet instanceof EngineIoPacket.Message message) {
                carrier = i;
                messages++;
                long length = EngineIoCodec.encodedLength(packet);
                bytes += length;
                if (message.message() instanceof EngineIoMessage.Text text && text.forOneConnection()) {
                    copiedBytes += length;
                }
            }
        }
        // Messages for this connection only (a replay's) are copied into one native buffer for the batch rather
        // than one each; a broadcast's keep the shared frame every recipient reuses.
        ByteBuffer copies = copiedBytes == 0 ? null
                : ByteBuffer.allocateDirect((int) Math.min(copiedBytes, MAX_BATCH_BUFFER));
        for (int i = 0; i < batch.size(); i++) {
            EngineIoPacket packet = batch.get(i);
            if (packet instanceof EngineIoPacket.Close) {
                WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "", channel, null);
                return;
            }
            if (i != carrier && gathered && packet instanceof EngineIoPacket.Message(EngineIoMessage.Text text)) {
                if (!queueBare(channel, frameOf(text, copies))) {
                    return;
                }
                continue;
            }
            WebSocketCallback<Void> done = i == carrier ? batchDone(messages, bytes) : errorsOnly;
            if (packet instanceof EngineIoPacket.Message(EngineIoMessage.Text text)) {
                WebSockets.sendText(frameOf(text, copies), channel, done);
                continue;
            }
            switch (EngineIoCodec.encodeFrame(packet)) {
                case EngineIoCodec.Frame.Text text -> WebSockets.sendText(text.text(), channel, done);
                case EngineIoCodec.Frame.Binary binary -> WebSockets.sendBinary(ByteBuffer.wrap(binary.bytes()), channel, done);
            }
        }
    }

    /**
     * A message's frame: a message for this connection only is copied into the batch's buffer (while it has room);
     * any other gets the shared native frame (the same bytes for every connection a broadcast reaches, a view per
     * write).
     */
    private static ByteBuffer frameOf(EngineIoMessage.Text text, ByteBuffer copies) {
        if (copies != null && text.forOneConnection() && copies.remaining() > text.utf8().length) {
            return EngineIoCodec.textFrameInto(text, copies);
        }
        return EngineIoCodec.textFrame(text);
    }

    /** A text frame queued on the channel without flushing it; false (and the session aborted) if that failed. */
    private boolean queueBare(WebSocketChannel channel, ByteBuffer payload) {
        try {
            StreamSinkFrameChannel sink = channel.send(WebSocketFrameType.TEXT);
            if (!sink.send(new ImmediatePooledByteBuffer(payload))) {
                throw new IOException("a new frame channel refused its payload");
            }
            sink.shutdownWrites();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Engine.IO session {}: queueing a frame failed: {}", id, e.toString());
            onWebSocketError(channel);
            return false;
        }
    }

    private WebSocketCallback<Void> batchDone(int messages, long bytes) {
        return new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                released(messages, bytes);
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable error) {
                released(messages, bytes);
                onWebSocketError(ch);
            }
        };
    }

    private void enqueueControlLocked(EngineIoPacket packet) {
        outbox.add(packet);
        scheduleFlushLocked();
    }

    // ------------------------------------------------------------------------------------ heartbeat

    private void schedulePingLocked() {
        cancel(pingTimer);
        pingTimer = server.scheduler().schedule(this::sendPing, options.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendPing() {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            enqueueControlLocked(EngineIoPacket.Ping.heartbeat());
            cancel(pingTimeoutTimer);
            pingTimeoutTimer = server.scheduler().schedule(() -> abort("ping timeout"),
                    options.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------ inbound

    /** A packet from the transport that carries the session (a POST body, or the session's WebSocket). */
    private void onPacketLocked(EngineIoPacket packet) {
        if (state != State.OPEN) {
            return; // like the reference: packets after close or during a server close are dropped
        }
        switch (packet) {
            case EngineIoPacket.Pong pong -> {
                if (pingTimeoutTimer != null) {
                    cancel(pingTimeoutTimer);
                    pingTimeoutTimer = null;
                    schedulePingLocked(); // the next ping is pingInterval after this pong
                }
            }
            // v4: the server pings; a client ping ("2", or "2probe" outside an upgrade) is an error.
            case EngineIoPacket.Ping ping -> abortLocked("transport error", EngineIoPacket.Close.class);
            case EngineIoPacket.Close close -> {
                if (POLLING.equals(transport) && poll == null) {
                    server.rememberClientClose(id);
                }
                abortLocked("transport close", EngineIoPacket.Noop.class);
            }
            case EngineIoPacket.Message message -> events.execute(() -> listener.onMessage(this, message.message()));
            case EngineIoPacket.Open open -> { }
            case EngineIoPacket.Upgrade upgrade -> { }
            case EngineIoPacket.Noop noop -> { }
        }
    }

    // ------------------------------------------------------------------------------------ polling

    /** A GET for this session, on its IO thread; the exchange is already dispatched. */
    void onPoll(EngineIoPoll request) {
        EngineIoPoll overlapped = null;
        lock.lock();
        try {
            if (state == State.CLOSED && server.takeClientClose(id)) {
                request.later(() -> request.answer(EngineIoCodec.encodePacket(new EngineIoPacket.Noop())));
                return;
            }
            if (state == State.CLOSED || !POLLING.equals(transport)) {
                EngineIoError error = state == State.CLOSED ? EngineIoError.UNKNOWN_SID : EngineIoError.BAD_REQUEST;
                server.refused(error, false);
                request.later(() -> request.answerError(error));
                return;
            }
            if (poll != null) {
                // Two GETs at once: the spec says 400 and close; the parked GET gets the close packet.
                overlapped = request;
                abortLocked("transport error", EngineIoPacket.Close.class);
            } else {
                poll = request;
                // During an upgrade a GET that arrives after the probe is ended by the noop check, not at once:
                // a GET racing the client's "5" must find the session upgraded and get 400.
                scheduleFlushLocked();
            }
        } finally {
            lock.unlock();
        }
        if (overlapped != null) {
            EngineIoPoll rejected = overlapped;
            server.refused(EngineIoError.BAD_REQUEST, false);
            rejected.later(() -> rejected.answerError(EngineIoError.BAD_REQUEST));
            return;
        }
        request.watchForAbort(() -> onPollAborted(request));
    }

    private void answerPollLocked(Class<? extends EngineIoPacket> reply) {
        EngineIoPoll target = poll;
        if (target == null) {
            return;
        }
        poll = null;
        String payload = reply == EngineIoPacket.Close.class ? "1" : "6";
        target.later(() -> target.answer(payload));
    }

    private void onPollAborted(EngineIoPoll request) {
        lock.lock();
        try {
            if (poll == request) {
                poll = null;
            }
            abortLocked("transport error", null);
        } finally {
            lock.unlock();
        }
    }

    /** Starts a POST; false (and the session closed) if another POST is in flight. */
    boolean beginPost() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return false;
            }
            if (postInFlight) {
                abortLocked("transport error", EngineIoPacket.Close.class);
                return false;
            }
            postInFlight = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void endPost() {
        lock.lock();
        try {
            postInFlight = false;
        } finally {
            lock.unlock();
        }
    }

    /** The packets of one POST body; {@code done} runs after the listener has seen every message in it. */
    void onPayload(List<EngineIoPacket> packets, Runnable done) {
        lock.lock();
        try {
            for (EngineIoPacket packet : packets) {
                onPacketLocked(packet);
            }
        } finally {
            lock.unlock();
        }
        events.execute(done);
    }

    // ------------------------------------------------------------------------------------ websocket

    /** A frame from a WebSocket of this session: the session's own, or one probing for an upgrade. */
    void onFrame(WebSocketChannel channel, EngineIoPacket packet) {
        lock.lock();
        try {
            if (channel == socket) {
                onPacketLocked(packet);
            } else if (channel == probe) {
                onProbePacketLocked(channel, packet);
            } else {
                channel.getIoThread().execute(() -> closeChannel(channel));
            }
        } finally {
            lock.unlock();
        }
    }

    /** A frame that is not Engine.IO. */
    void onBadFrame(WebSocketChannel channel) {
        lock.lock();
        try {
            if (channel == socket) {
                abortLocked("parse error", null);
            } else {
                if (channel == probe) {
                    cancelUpgradeLocked();
                }
                channel.getIoThread().execute(() -> closeChannel(channel));
            }
        } finally {
            lock.unlock();
        }
    }

    void onWebSocketClosed(WebSocketChannel channel) {
        lock.lock();
        try {
            if (channel == socket) {
                abortLocked("transport close", null);
            } else if (channel == probe) {
                cancelUpgradeLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private void onWebSocketError(WebSocketChannel channel) {
        lock.lock();
        try {
            if (channel == socket) {
                abortLocked("transport error", null);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A WebSocket with this sid: the start of the upgrade dance. Refused (closed after the 101, as the reference does)
     * when the session is not on polling, or another upgrade is under way.
     *
     * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md#upgrade">v4 §Upgrade</a>
     */
    void beginUpgrade(WebSocketChannel channel) {
        lock.lock();
        try {
            if (state != State.OPEN || !POLLING.equals(transport) || probe != null) {
                channel.getIoThread().execute(() -> closeChannel(channel));
                return;
            }
            probe = channel;
            probed = false;
            upgradeTimer = server.scheduler().schedule(() -> upgradeTimedOut(channel),
                    options.upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    private void onProbePacketLocked(WebSocketChannel channel, EngineIoPacket packet) {
        if (packet instanceof EngineIoPacket.Ping ping && ping.isProbe()) {
            probed = true;
            channel.getIoThread().execute(() -> WebSockets.sendText(
                    EngineIoCodec.encodePacket(EngineIoPacket.Pong.probe()), channel, null));
            // The client has paused polling: end its parked GET now so it can send "5", and keep ending any GET
            // that comes after, every 100 ms as the reference does ("forcing a polling cycle").
            if (poll != null && outbox.isEmpty()) {
                answerPollLocked(EngineIoPacket.Noop.class);
            }
            cancel(noopTimer);
            noopTimer = server.scheduler().scheduleAtFixedRate(this::noopCheck, NOOP_CHECK_MILLIS, NOOP_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        } else if (packet instanceof EngineIoPacket.Upgrade && probed && state != State.CLOSED) {
            cancel(upgradeTimer);
            upgradeTimer = null;
            probe = null;
            probed = false;
            cancel(noopTimer);
            noopTimer = null;
            transport = WEBSOCKET;
            socket = channel;
            server.observer().upgraded();
            if (poll != null) {
                // A GET still parked after "5" raced the upgrade: polling is over for this sid (code 3).
                EngineIoPoll stale = poll;
                poll = null;
                stale.later(() -> stale.answerError(EngineIoError.BAD_REQUEST));
            }
            scheduleFlushLocked(); // whatever waited during the upgrade goes out on the WebSocket, in order
        } else {
            cancelUpgradeLocked();
            channel.getIoThread().execute(() -> closeChannel(channel));
        }
    }

    private void noopCheck() {
        lock.lock();
        try {
            if (probed && POLLING.equals(transport) && poll != null && outbox.isEmpty()) {
                answerPollLocked(EngineIoPacket.Noop.class);
            }
        } finally {
            lock.unlock();
        }
    }

    private void upgradeTimedOut(WebSocketChannel channel) {
        lock.lock();
        try {
            if (probe == channel) {
                cancelUpgradeLocked();
                channel.getIoThread().execute(() -> closeChannel(channel));
            }
        } finally {
            lock.unlock();
        }
    }

    private void cancelUpgradeLocked() {
        cancel(upgradeTimer);
        upgradeTimer = null;
        cancel(noopTimer);
        noopTimer = null;
        probe = null;
        probed = false;
    }

    private static void closeChannel(WebSocketChannel channel) {
        if (channel.isOpen() && !channel.isCloseFrameSent()) {
            WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "", channel, null);
        }
    }

    // ------------------------------------------------------------------------------------ closing

    void abort(String reason) {
        lock.lock();
        try {
            abortLocked(reason, EngineIoPacket.Close.class);
        } finally {
            lock.unlock();
        }
    }

    /** Closes now: a parked GET gets {@code pollReply} ({@code null}: nothing), the WebSocket a close frame. */
    private void abortLocked(String reason, Class<? extends EngineIoPacket> pollReply) {
        if (state == State.CLOSED) {
            return;
        }
        outbox.clear();
        released(pendingMessages.get(), pendingBytes.get());
        finishLocked(reason, pollReply, true);
    }

    /**
     * The graceful close: queued packets go first, then {@code close}. Over polling without a parked GET the close
     * waits for the next GET, at most {@code closeTimeout}; with {@code discard} (server shutdown) it does not wait.
     */
    void closeGracefully(String reason, boolean discard) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                if (discard && state == State.CLOSING) {
                    finishLocked(closeReason, null, true);
                }
                return;
            }
            state = State.CLOSING;
            closeReason = reason;
            cancel(pingTimer);
            cancel(pingTimeoutTimer);
            if (probe != null && !probed) {
                WebSocketChannel channel = probe;
                cancelUpgradeLocked();
                channel.getIoThread().execute(() -> closeChannel(channel));
            }
            // A probed client has paused polling and sends "5" next: the close then goes out on the WebSocket.
            // Closing the probe instead would leave that client paused, deaf to the close until its ping timeout.
            outbox.add(new EngineIoPacket.Close());
            if (WEBSOCKET.equals(transport) || poll != null) {
                scheduleFlushLocked();
            } else if (discard) {
                finishLocked(reason, null, true);
            } else {
                closeTimer = server.scheduler().schedule(() -> closeTimedOut(), options.closeTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeTimedOut() {
        lock.lock();
        try {
            if (state == State.CLOSING) {
                outbox.clear();
                released(pendingMessages.get(), pendingBytes.get());
                finishLocked(closeReason, null, true);
            }
        } finally {
            lock.unlock();
        }
    }

    private void finishLocked(String reason, Class<? extends EngineIoPacket> pollReply, boolean closeSocket) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancel(pingTimer);
        cancel(pingTimeoutTimer);
        cancel(upgradeTimer);
        cancel(noopTimer);
        cancel(closeTimer);
        server.unregister(this);
        if (poll != null) {
            if (pollReply != null) {
                answerPollLocked(pollReply);
            } else {
                EngineIoPoll target = poll;
                poll = null;
                target.later(() -> target.answerError(EngineIoError.UNKNOWN_SID));
            }
        }
        if (socket != null) {
            WebSocketChannel channel = socket;
            if (closeSocket) {
                channel.getIoThread().execute(() -> closeChannel(channel));
            }
            forceCloseLater(channel);
        }
        if (probe != null) {
            WebSocketChannel channel = probe;
            probe = null;
            channel.getIoThread().execute(() -> closeChannel(channel));
            forceCloseLater(channel);
        }
        signalRoom();
        server.observer().closed(transport, reason);
        events.execute(() -> listener.onClose(this, reason));
    }

    /**
     * The close handshake needs the peer: one that stopped reading never gets our close frame (it waits behind the
     * unread data) nor answers it, and Undertow would keep its connection and buffers forever. After
     * {@code closeTimeout} the TCP connection is closed whatever the handshake's state.
     */
    private void forceCloseLater(WebSocketChannel channel) {
        Runnable forceClose = () -> {
            if (channel.isOpen()) {
                LOG.debug("Engine.IO session {}: closing a WebSocket whose close handshake did not finish", id);
                IoUtils.safeClose(channel);
            }
        };
        try {
            server.scheduler().schedule(() -> {
                try {
                    channel.getIoThread().execute(forceClose);
                } catch (RejectedExecutionException stopped) {
                    IoUtils.safeClose(channel); // Undertow is stopping: its IO threads take no more tasks
                }
            }, options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // The server is shutting down: its last frames are still being written, and stopping Undertow closes
            // every connection anyway.
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "EngineIoSession[" + id + ", " + transport + ", " + state + "]";
    }
}
