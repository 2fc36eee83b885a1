package dev.herald.bootstrap;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.function.Supplier;

/**
 * Liveness and readiness: {@code /health/live} answers 200 while the process serves HTTP at all;
 * {@code /health/ready} answers 200 only while the database is writable and the server is not shutting down, 503
 * otherwise, with the reason in the body.
 */
final class Health {

    /** Why the server is not ready, or {@code null} when it is. */
    private final Supplier<String> notReadyReason;

    Health(Supplier<String> notReadyReason) {
        this.notReadyReason = notReadyReason;
    }

    HttpHandler live() {
        return exchange -> respond(exchange, StatusCodes.OK, "{\"status\":\"UP\"}");
    }

    /** The check may touch the disk: run it off the IO threads (HeraldServer wraps it in a BlockingHandler). */
    HttpHandler ready() {
        return exchange -> {
            String reason = notReadyReason.get();
            if (reason == null) {
                respond(exchange, StatusCodes.OK, "{\"status\":\"UP\"}");
            } else {
                respond(exchange, StatusCodes.SERVICE_UNAVAILABLE,
                        "{\"status\":\"DOWN\",\"reason\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            }
        };
    }

    private static void respond(HttpServerExchange exchange, int status, String json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(json);
    }
}
