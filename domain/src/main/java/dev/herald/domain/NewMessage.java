package dev.herald.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A message a client asks to post, before the store has given it an offset. Without a client offset (the tutorial's
 * step-7 client) every post is a new message; with one, the store keeps at most one message per client offset.
 */
public record NewMessage(MessageText text, Optional<ClientOffset> clientOffset) {

    public NewMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(clientOffset, "clientOffset");
    }

    public static NewMessage of(String text) {
        return new NewMessage(MessageText.of(text), Optional.empty());
    }

    public static NewMessage of(String text, String clientOffset) {
        return new NewMessage(MessageText.of(text), Optional.of(ClientOffset.of(clientOffset)));
    }
}
