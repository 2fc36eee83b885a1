package dev.herald.adapters.websocket.socketio.violation;

import dev.herald.application.PostResult;

/** Deliberate violation for ArchitectureViolationsTest: a codec that calls a use case. */
public final class CodecUsingTheApplication {

    public Object reason() {
        return PostResult.Reason.INVALID_TEXT;
    }
}
