package dev.herald.application.port;

import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import java.util.Objects;

/** What {@link MessageStore#append} did: stored a new message, or found the client offset already stored. */
public sealed interface AppendResult {

    Offset offset();

    /** A new message, durable at its new offset. */
    record Appended(Message message) implements AppendResult {
        public Appended {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Offset offset() {
            return message.offset();
        }
    }

    /** The client offset was stored before, at {@code offset}; nothing new was stored. */
    record AlreadyStored(Offset offset) implements AppendResult {
        public AlreadyStored {
            Objects.requireNonNull(offset, "offset");
        }
    }
}
