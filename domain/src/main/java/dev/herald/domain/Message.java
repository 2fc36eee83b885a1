package dev.herald.domain;

import java.util.Objects;

/** A stored chat message: its text and the offset the store gave it. */
public record Message(Offset offset, MessageText text) {

    public Message {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(text, "text");
        if (offset.equals(Offset.ZERO)) {
            throw new IllegalArgumentException("a stored message has an offset > 0, got 0");
        }
    }

    public static Message of(long offset, String text) {
        return new Message(Offset.of(offset), MessageText.of(text));
    }
}
