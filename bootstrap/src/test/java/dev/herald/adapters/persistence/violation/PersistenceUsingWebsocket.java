package dev.herald.adapters.persistence.violation;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;

/** Deliberate violation for ArchitectureViolationsTest: one adapter calling another. */
public final class PersistenceUsingWebsocket {

    public Object message() {
        return EngineIoMessage.text("x");
    }
}
