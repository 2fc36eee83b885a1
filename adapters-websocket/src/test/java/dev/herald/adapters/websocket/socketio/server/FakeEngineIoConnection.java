package dev.herald.adapters.websocket.socketio.server;

import dev.herald.adapters.websocket.engineio.EngineIoConnection;
import dev.herald.adapters.websocket.engineio.EngineIoListener;
import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Engine.IO connection for tests: records every {@code send} call (to check a packet and its attachments travel
 * together), feeds messages to the listener as a transport would, and simulates closes and a full outbound buffer.
 */
final class FakeEngineIoConnection implements EngineIoConnection {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final EngineIoListener listener;
    private final String id = "eio-" + IDS.incrementAndGet();
    private final Map<String, String> query;
    private final List<List<EngineIoMessage>> sendCalls = new ArrayList<>();
    private volatile boolean open = true;
    private volatile boolean full;
    private volatile String closeReason;

    FakeEngineIoConnection(EngineIoListener listener) {
        this(listener, Map.of("EIO", "4", "transport", "websocket"));
    }

    FakeEngineIoConnection(EngineIoListener listener, Map<String, String> query) {
        this.listener = listener;
        this.query = query;
    }

    /** Opens the connection on the listener, as a transport does after the Engine.IO handshake. */
    FakeEngineIoConnection open() {
        listener.onOpen(this);
        return this;
    }

    /** A text message from the client (a Socket.IO packet, without the Engine.IO {@code 4}). */
    FakeEngineIoConnection receive(String text) {
        listener.onMessage(this, EngineIoMessage.text(text));
        return this;
    }

    FakeEngineIoConnection receive(byte[] bytes) {
        listener.onMessage(this, EngineIoMessage.binary(bytes));
        return this;
    }

    /** The transport went away (client left, network error, ping timeout...). */
    void lose(String reason) {
        open = false;
        listener.onClose(this, reason);
    }

    /** The transport is dead but the listener has not been told yet. */
    void dieSilently() {
        open = false;
    }

    void setFull(boolean full) {
        this.full = full;
    }

    synchronized List<List<EngineIoMessage>> sendCalls() {
        return List.copyOf(sendCalls);
    }

    synchronized List<EngineIoMessage> sent() {
        return sendCalls.stream().flatMap(List::stream).toList();
    }

    /** The text messages sent so far. */
    synchronized List<String> texts() {
        return sent().stream()
                .filter(m -> m instanceof EngineIoMessage.Text)
                .map(m -> ((EngineIoMessage.Text) m).text())
                .toList();
    }

    String lastText() {
        List<String> texts = texts();
        return texts.isEmpty() ? null : texts.getLast();
    }

    String closeReason() {
        return closeReason;
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
        return query;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("user-agent", "fake");
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }

    @Override
    public boolean send(List<EngineIoMessage> messages) {
        if (!open || full) {
            return false;
        }
        synchronized (this) {
            sendCalls.add(List.copyOf(messages));
        }
        return true;
    }

    @Override
    public boolean awaitWritable(long timeoutMillis) {
        return open && !full;
    }

    @Override
    public int pendingMessages() {
        return 0;
    }

    @Override
    public void close(String reason) {
        if (!open) {
            return;
        }
        open = false;
        closeReason = reason;
        listener.onClose(this, reason); // synchronously, to exercise re-entrant closes
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
