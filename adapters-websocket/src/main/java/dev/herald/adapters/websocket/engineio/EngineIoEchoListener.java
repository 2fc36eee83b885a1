package dev.herald.adapters.websocket.engineio;

import java.util.List;

/**
 * Echoes every message back on the connection it came from, text as text and binary as binary: the server behaviour
 * the official Engine.IO v4 test suite expects ({@code socket.on("data", d => socket.send(d))}).
 */
public final class EngineIoEchoListener implements EngineIoListener {

    @Override
    public void onOpen(EngineIoConnection connection) {
    }

    @Override
    public void onMessage(EngineIoConnection connection, EngineIoMessage message) {
        connection.send(List.of(message));
    }

    @Override
    public void onClose(EngineIoConnection connection, String reason) {
    }
}
