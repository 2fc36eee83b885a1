package dev.herald.adapters.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the SQLite message store.
 *
 * @param file             the database file; created with its schema if missing
 * @param durability       what an acknowledged message survives, see {@link Durability}
 * @param maxBatchSize     most posts committed in one transaction; 1 gives one transaction per post
 * @param busyTimeout      how long a statement waits for a lock held by another process before failing as BUSY
 * @param readConnections  connections kept for reads ({@code readAfter}, {@code newestOffset}), beside the writer's
 * @param maxPageCount     caps the database at this many pages (SQLite's {@code max_page_count}), reported as FULL
 *                         when reached; 0 leaves only the disk as the limit
 */
public record SqliteStoreConfig(
        Path file,
        Durability durability,
        int maxBatchSize,
        Duration busyTimeout,
        int readConnections,
        long maxPageCount) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 1_000;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_READ_CONNECTIONS = 4;

    public SqliteStoreConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        // SQLite takes the busy timeout as an int of milliseconds.
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be 0 to " + Integer.MAX_VALUE + " ms, got " + busyTimeout);
        }
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be >= 1, got " + readConnections);
        }
        if (maxPageCount < 0) {
            throw new IllegalArgumentException("maxPageCount must be >= 0 (0 = no limit), got " + maxPageCount);
        }
    }

    /** Durable against power loss, batches of up to {@value #DEFAULT_MAX_BATCH_SIZE}, a 5 s busy timeout. */
    public static SqliteStoreConfig defaults(Path file) {
        return new SqliteStoreConfig(file, Durability.FULL, DEFAULT_MAX_BATCH_SIZE, DEFAULT_BUSY_TIMEOUT,
                DEFAULT_READ_CONNECTIONS, 0);
    }

    public SqliteStoreConfig withDurability(Durability durability) {
        return new SqliteStoreConfig(file, durability, maxBatchSize, busyTimeout, readConnections, maxPageCount);
    }

    public SqliteStoreConfig withMaxBatchSize(int maxBatchSize) {
        return new SqliteStoreConfig(file, durability, maxBatchSize, busyTimeout, readConnections, maxPageCount);
    }

    public SqliteStoreConfig withBusyTimeout(Duration busyTimeout) {
        return new SqliteStoreConfig(file, durability, maxBatchSize, busyTimeout, readConnections, maxPageCount);
    }

    public SqliteStoreConfig withReadConnections(int readConnections) {
        return new SqliteStoreConfig(file, durability, maxBatchSize, busyTimeout, readConnections, maxPageCount);
    }

    public SqliteStoreConfig withMaxPageCount(long maxPageCount) {
        return new SqliteStoreConfig(file, durability, maxBatchSize, busyTimeout, readConnections, maxPageCount);
    }
}
