package dev.herald.bootstrap;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** One file from the jar, read once at start and served from memory (the chat page, the socket.io bundle). */
final class StaticResource implements HttpHandler {

    private final byte[] body;
    private final String contentType;

    private StaticResource(byte[] body, String contentType) {
        this.body = body;
        this.contentType = contentType;
    }

    /** Loads {@code resource} from the classpath; fails at start, not at the first request, if it is missing. */
    static StaticResource load(String resource, String contentType) {
        try (InputStream in = StaticResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + ": the build did not package it");
            }
            return new StaticResource(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
        if (!head && !exchange.getRequestMethod().equals(Methods.GET)) {
            exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        if (head) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }
}
