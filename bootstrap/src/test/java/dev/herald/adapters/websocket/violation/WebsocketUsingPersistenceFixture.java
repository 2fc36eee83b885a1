package dev.herald.adapters.websocket.violation;

import dev.herald.adapters.persistence.violation.PersistenceUsingWebsocket;

/** Deliberate violation for ArchitectureViolationsTest: the websocket adapter calling a persistence class. */
public final class WebsocketUsingPersistenceFixture {

    public Object store() {
        return new PersistenceUsingWebsocket();
    }
}
