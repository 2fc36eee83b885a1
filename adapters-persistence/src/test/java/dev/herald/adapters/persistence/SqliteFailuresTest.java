package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.application.port.MessageStoreException.Failure;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteFailuresTest {

    @Test
    void extendedResultCodesAreClassifiedByTheirPrimaryCode() {
        assertEquals(Failure.BUSY, SqliteFailures.classify(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT));
        assertEquals(Failure.BUSY, SqliteFailures.classify(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE));
        assertEquals(Failure.READ_ONLY, SqliteFailures.classify(SQLiteErrorCode.SQLITE_READONLY_DBMOVED));
        assertEquals(Failure.FULL, SqliteFailures.classify(SQLiteErrorCode.SQLITE_FULL));
        assertEquals(Failure.CORRUPT, SqliteFailures.classify(SQLiteErrorCode.SQLITE_NOTADB));
        assertEquals(Failure.CORRUPT, SqliteFailures.classify(SQLiteErrorCode.SQLITE_CORRUPT_INDEX));
        assertEquals(Failure.IO, SqliteFailures.classify(SQLiteErrorCode.SQLITE_IOERR_WRITE));
    }

    @Test
    void aConstraintFailureThatReachesTheStoreIsNotTakenForADuplicate() {
        assertEquals(Failure.IO, SqliteFailures.classify(SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL));
        assertEquals(Failure.IO, SqliteFailures.classify(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE));
    }

    @Test
    void findsTheSqliteCauseInsideWrappers() {
        var wrapped = new RuntimeException("jOOQ", new SQLiteException("[SQLITE_FULL] database or disk is full",
                SQLiteErrorCode.SQLITE_FULL));
        assertEquals(Failure.FULL, SqliteFailures.toStoreException("commit", wrapped).failure());
        assertEquals(Failure.IO, SqliteFailures.toStoreException("commit", new IllegalStateException("x")).failure());
    }
}
