package dev.herald.adapters.websocket.socketio.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A connect hook's verdict on a CONNECT packet. */
public sealed interface SocketIoConnectDecision {

    /** Let the client join (later hooks still run). */
    record Accept() implements SocketIoConnectDecision {}

    /**
     * Refuse: the client receives {@code 44[<nsp>,]{"message":<message>,"data":<data>}} ({@code data} left out when
     * null) and stays connected to its other namespaces, as with the reference server's {@code next(err)}.
     */
    record Refuse(String message, JsonNode data) implements SocketIoConnectDecision {
        public Refuse {
            Objects.requireNonNull(message, "message");
        }
    }

    static CompletionStage<SocketIoConnectDecision> accept() {
        return CompletableFuture.completedFuture(new Accept());
    }

    static CompletionStage<SocketIoConnectDecision> refuse(String message, JsonNode data) {
        return CompletableFuture.completedFuture(new Refuse(message, data));
    }
}
