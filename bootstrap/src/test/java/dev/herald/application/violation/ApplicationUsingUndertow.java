package dev.herald.application.violation;

import io.undertow.server.HttpServerExchange;

/** Deliberate violation for ArchitectureViolationsTest: a use case that knows the web server. */
public final class ApplicationUsingUndertow {

    public String path(HttpServerExchange exchange) {
        return exchange.getRequestPath();
    }
}
