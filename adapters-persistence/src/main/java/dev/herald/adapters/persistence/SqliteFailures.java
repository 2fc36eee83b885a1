package dev.herald.adapters.persistence;

import dev.herald.application.port.MessageStoreException;
import dev.herald.application.port.MessageStoreException.Failure;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what SQLite, jOOQ and Flyway throw into the port's typed failures, by SQLite's primary result code
 * (<a href="https://www.sqlite.org/rescode.html">result codes</a>). Messages carry SQLite's explanation, never
 * message content.
 */
final class SqliteFailures {

    private SqliteFailures() {
    }

    static MessageStoreException toStoreException(String operation, Throwable thrown) {
        SQLiteException sqlite = findSqliteException(thrown);
        Failure failure = sqlite == null ? Failure.IO : classify(sqlite.getResultCode());
        String detail = sqlite != null ? sqlite.getMessage() : rootMessage(thrown);
        return new MessageStoreException(failure, operation + " failed, " + failure + ": " + detail, thrown);
    }

    static Failure classify(SQLiteErrorCode code) {
        // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED, ...) keep their primary code in the low byte.
        int primary = code.code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return Failure.BUSY;
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            return Failure.READ_ONLY;
        }
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return Failure.FULL;
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return Failure.CORRUPT;
        }
        // Including SQLITE_CONSTRAINT: the one expected conflict (client_offset) is handled by ON CONFLICT, so any
        // constraint failure that reaches here is a bug or a damaged schema, not a duplicate.
        return Failure.IO;
    }

    private static SQLiteException findSqliteException(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return sqlite;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
