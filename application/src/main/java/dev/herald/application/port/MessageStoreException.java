package dev.herald.application.port;

import java.util.Objects;

/**
 * The store could not do what was asked; nothing was stored. The use cases do not acknowledge or broadcast, so the
 * client retries; the store is expected to work again once the condition clears.
 */
public final class MessageStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the store failed, in terms an operator and a use case can act on. */
    public enum Failure {
        /** Another connection or process holds the database lock. Transient. */
        BUSY,
        /** The database file or its directory cannot be written. */
        READ_ONLY,
        /** The disk (or the database's size limit) is full. */
        FULL,
        /** The file is damaged or is not a database. */
        CORRUPT,
        /** The store is closed or shutting down. */
        CLOSED,
        /** Any other I/O or driver failure. */
        IO
    }

    private final Failure failure;

    public MessageStoreException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public MessageStoreException(Failure failure, String message) {
        this(failure, message, null);
    }

    public Failure failure() {
        return failure;
    }
}
