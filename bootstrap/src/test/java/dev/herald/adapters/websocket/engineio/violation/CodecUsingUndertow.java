package dev.herald.adapters.websocket.engineio.violation;

import io.undertow.server.HttpHandler;

/** Deliberate violation for ArchitectureViolationsTest: a codec that knows the transport. */
public final class CodecUsingUndertow {

    public HttpHandler handler() {
        return exchange -> { };
    }
}
