package dev.herald.adapters.persistence;

import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * How hard a commit is pushed to disk before {@code append} returns: SQLite's {@code synchronous} setting, always
 * with the write-ahead log (WAL). See <a href="https://www.sqlite.org/pragma.html#pragma_synchronous">PRAGMA
 * synchronous</a> and <a href="https://www.sqlite.org/wal.html">WAL</a>.
 *
 * <p>Neither setting can corrupt the database; they differ in which acknowledged messages can be lost.
 */
public enum Durability {

    /**
     * The WAL is fsynced at every commit, before the posters are acknowledged. An acknowledged message survives a
     * process kill (SIGKILL, OOM kill, JVM crash), an operating-system crash and a power loss. The default.
     */
    FULL(SynchronousMode.FULL),

    /**
     * The WAL is written at every commit but fsynced only at checkpoints. An acknowledged message survives a process
     * kill (the written WAL is in the operating system's cache), but an operating-system crash or power loss can roll
     * back the last commits, losing messages that were already acknowledged.
     */
    NORMAL(SynchronousMode.NORMAL);

    private final SynchronousMode synchronous;

    Durability(SynchronousMode synchronous) {
        this.synchronous = synchronous;
    }

    SynchronousMode synchronous() {
        return synchronous;
    }
}
