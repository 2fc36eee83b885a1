package dev.herald.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens connections to the database file with the store's settings and brings its schema up to date. Every
 * connection uses the write-ahead log, so readers never block the writer nor the writer the readers.
 */
final class SqliteDatabase {

    private static final long PROBE_BUSY_TIMEOUT_MILLIS = 250;

    /**
     * WAL pages after which the writer's commit also checkpoints (SQLite's default is 1,000). Concurrent posters'
     * client offsets land all over the unique index, so a batch of 64 posts rewrites about 64 index pages: with the
     * default the writer checkpointed every ~16 commits, copying the same hot pages again each time. At 16,000 pages
     * (a WAL of about 64 MiB at most, kept on disk for reuse) a checkpoint copies each page once for ~250 commits:
     * group commit at 64 posters rose by about a tenth (docs/performance.md), for one longer commit every few seconds
     * at full load and a few more megabytes to replay when the file is opened after a crash.
     */
    static final int WAL_CHECKPOINT_PAGES = 16_000;

    private final SqliteStoreConfig config;
    private final String url;

    SqliteDatabase(SqliteStoreConfig config) {
        this.config = config;
        this.url = "jdbc:sqlite:" + config.file().toAbsolutePath();
    }

    SqliteStoreConfig config() {
        return config;
    }

    /** Applies the Flyway migrations under {@code db/migration}; a no-op when the schema is current. */
    void migrate() {
        SQLiteDataSource dataSource = new SQLiteDataSource(baseConfig());
        dataSource.setUrl(url);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The single writer's connection: the only one that checkpoints, since it is the only one that writes. */
    Connection openWriter() throws SQLException {
        Connection connection = baseConfig().createConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
            if (config.maxPageCount() > 0) {
                // Per connection, not stored in the file: only the writer grows the database, so only it needs it.
                statement.execute("PRAGMA max_page_count = " + config.maxPageCount());
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * A connection that only ever takes and drops the write lock, for the readiness probe. Its busy timeout is short:
     * a lock held longer is itself the answer (BUSY).
     */
    Connection openProbe() throws SQLException {
        SQLiteConfig sqlite = baseConfig();
        sqlite.setBusyTimeout((int) Math.min(config.busyTimeout().toMillis(), PROBE_BUSY_TIMEOUT_MILLIS));
        return sqlite.createConnection(url);
    }

    /** A connection for reads; it refuses to write, so a bug cannot bypass the single writer. */
    Connection openReader() throws SQLException {
        Connection connection = baseConfig().createConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = 1");
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private SQLiteConfig baseConfig() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(config.durability().synchronous());
        sqlite.setBusyTimeout((int) config.busyTimeout().toMillis());
        // A multi-row insert keeps a statement journal (to undo just that statement) and RETURNING collects its rows
        // in a temporary table: in memory, not in a temporary file created and deleted per statement, which cost the
        // writer a third of its time. Neither is needed for recovery after a crash; the WAL is.
        sqlite.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return sqlite;
    }

    static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing after a failure: the failure was reported already, this one adds nothing.
        }
    }
}
