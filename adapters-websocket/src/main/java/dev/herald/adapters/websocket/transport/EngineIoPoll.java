package dev.herald.adapters.websocket.transport;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One long-held polling GET. Everything here runs on the exchange's IO thread.
 *
 * <p>While the GET is parked nothing reads its connection, so a client that gives up (closes the socket) would go
 * unnoticed until the answer is written. The reference server treats that as a transport error (test "closes the
 * session upon cancelled polling request"), so a parked GET watches its connection for end-of-stream.
 */
final class EngineIoPoll {

    private final HttpServerExchange exchange;
    private ConduitStreamSourceChannel watched;
    private boolean answered;

    EngineIoPoll(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    XnioIoThread ioThread() {
        return exchange.getIoThread();
    }

    /** Runs {@code task} on this poll's IO thread, after whatever is already queued there. */
    void later(Runnable task) {
        exchange.getIoThread().execute(task);
    }

    /** Whether an answer has been written (or the poll was abandoned). IO thread only. */
    boolean answered() {
        return answered;
    }

    /** Arms the end-of-stream watch. {@code onAbort} runs on the IO thread if the client goes away first. */
    void watchForAbort(Runnable onAbort) {
        if (!(exchange.getConnection() instanceof AbstractServerConnection connection)
                || connection.getExtraBytes() != null) {
            return; // pipelined bytes are waiting: not our business to read further
        }
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        watched = source;
        source.getReadSetter().set(channel -> {
            ByteBuffer probe = ByteBuffer.allocate(1);
            int read;
            try {
                read = channel.read(probe);
            } catch (IOException e) {
                read = -1;
            }
            if (read == 0) {
                return;
            }
            unwatch();
            if (read < 0) {
                if (!answered) {
                    answered = true;
                    onAbort.run();
                }
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // already gone
                }
            } else {
                // A pipelined request behind a long poll: hand the byte back to Undertow for later.
                probe.flip();
                PooledByteBuffer back = new ImmediatePooledByteBuffer(probe);
                connection.setExtraBytes(back);
            }
        });
        source.resumeReads();
    }

    private void unwatch() {
        if (watched != null) {
            watched.suspendReads();
            watched.getReadSetter().set(null);
            watched = null;
        }
    }

    void answer(String payload) {
        if (answered) {
            return;
        }
        answered = true;
        unwatch();
        if (!exchange.isResponseStarted()) {
            EngineIoHttp.sendPayload(exchange, payload);
        }
    }

    void answerError(EngineIoError error) {
        if (answered) {
            return;
        }
        answered = true;
        unwatch();
        EngineIoHttp.sendError(exchange, error);
    }
}
