package dev.herald.adapters.persistence;

import dev.herald.application.port.MessageStoreException;
import dev.herald.application.port.MessageStoreException.Failure;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * One log line when writes (or reads) start failing, one when they work again: a locked or full database fails
 * every post until it clears, and a line per post would bury the cause. Never logs message content.
 */
final class FailureLog {

    private final Logger log;
    private final String what;
    private final String consequence;
    private final AtomicReference<Failure> current = new AtomicReference<>();

    FailureLog(Logger log, String what, String consequence) {
        this.log = log;
        this.what = what;
        this.consequence = consequence;
    }

    void failed(MessageStoreException e) {
        Failure previous = current.getAndSet(e.failure());
        if (previous == e.failure()) {
            log.debug("{} still failing with {}", what, e.failure(), e);
            return;
        }
        String line = "SQLite message store: {} failing with {} ({}); {}: {}";
        Object[] arguments = {what, e.failure(), advice(e.failure()), consequence, e.getMessage()};
        if (e.failure() == Failure.CORRUPT) {
            log.error(line, arguments);
        } else {
            log.warn(line, arguments);
        }
        log.debug("{} failure detail", what, e);
    }

    void succeeded() {
        if (current.get() != null) {
            Failure previous = current.getAndSet(null);
            if (previous != null) {
                log.info("SQLite message store: {} work again after {}", what, previous);
            }
        }
    }

    private static String advice(Failure failure) {
        return switch (failure) {
            case BUSY -> "another connection or process holds the database lock";
            case READ_ONLY -> "the database file or its directory cannot be written";
            case FULL -> "the disk or the configured max_page_count is full";
            case CORRUPT -> "the file is damaged or is not a SQLite database";
            case CLOSED -> "the store is closed";
            case IO -> "I/O or driver error";
        };
    }
}
