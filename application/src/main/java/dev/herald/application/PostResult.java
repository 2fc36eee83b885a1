package dev.herald.application;

import dev.herald.application.port.MessageStoreException;
import dev.herald.domain.Offset;
import java.util.Objects;

/** The outcome of {@link PostMessage#post}: expected outcomes are values, so the adapter must handle each. */
public sealed interface PostResult {

    /** Stored for the first time, durably, at {@code offset}; it will be broadcast once by the feed. Ack. */
    record Posted(Offset offset) implements PostResult {
        public Posted {
            Objects.requireNonNull(offset, "offset");
        }
    }

    /** This client offset was stored before, at {@code offset}. Ack, but nothing is broadcast again. */
    record AlreadyPosted(Offset offset) implements PostResult {
        public AlreadyPosted {
            Objects.requireNonNull(offset, "offset");
        }
    }

    /** The request itself is unacceptable; retrying the same request cannot succeed. Nothing was stored. */
    record Rejected(Reason reason, String detail) implements PostResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The store failed; nothing was stored. No ack, so the client retries. */
    record Failed(MessageStoreException.Failure failure) implements PostResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** Why a post was rejected. */
    enum Reason {
        TEXT_TOO_LONG,
        INVALID_TEXT,
        INVALID_CLIENT_OFFSET
    }
}
