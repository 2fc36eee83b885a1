package dev.herald.adapters.websocket.transport;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;

/** Writing the few HTTP answers Engine.IO knows. Call on the exchange's IO thread (or from its handler). */
final class EngineIoHttp {

    static final HttpString CACHE_CONTROL = new HttpString("Cache-Control");

    private EngineIoHttp() {
    }

    static void sendError(HttpServerExchange exchange, EngineIoError error) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(error.httpStatus());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(error.json(), StandardCharsets.UTF_8);
    }

    /** The reference server's answer to a WebSocket upgrade that fails verification: text/html, then close. */
    static void sendUpgradeError(HttpServerExchange exchange, EngineIoError error) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setPersistent(false);
        exchange.setStatusCode(400);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
        exchange.getResponseSender().send(error.message(), StandardCharsets.UTF_8);
    }

    static void sendPayload(HttpServerExchange exchange, String payload) {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseHeaders().put(CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(payload, StandardCharsets.UTF_8);
    }

    /** POST accepted; text/html rather than text/plain so that no user agent offers a download (engine.io GH-43). */
    static void sendOk(HttpServerExchange exchange) {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
        exchange.getResponseHeaders().put(CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send("ok", StandardCharsets.UTF_8);
    }

    static void sendStatus(HttpServerExchange exchange, int status) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(status);
        exchange.endExchange();
    }
}
