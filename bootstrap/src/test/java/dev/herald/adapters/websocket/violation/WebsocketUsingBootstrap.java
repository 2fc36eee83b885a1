package dev.herald.adapters.websocket.violation;

import dev.herald.bootstrap.Main;

/** Deliberate violation for ArchitectureViolationsTest: an adapter reaching into the composition root. */
public final class WebsocketUsingBootstrap {

    public Class<?> root() {
        return Main.class;
    }
}
