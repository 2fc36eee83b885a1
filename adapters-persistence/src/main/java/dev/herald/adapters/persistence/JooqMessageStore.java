package dev.herald.adapters.persistence;

import static dev.herald.adapters.persistence.jooq.Tables.MESSAGES;
import static org.jooq.impl.DSL.max;

import dev.herald.application.port.AppendResult;
import dev.herald.application.port.MessageStore;
import dev.herald.application.port.MessageStoreException;
import dev.herald.application.port.MessageStoreException.Failure;
import dev.herald.domain.ClientOffset;
import dev.herald.domain.Message;
import dev.herald.domain.MessageText;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.FetchTriggerValuesAfterReturning;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store on an embedded SQLite file, through jOOQ.
 *
 * <h2>Group commit</h2>
 * One writer thread owns the only writing connection. {@link #append} queues the post and blocks its caller; the
 * writer takes every queued post (up to {@link SqliteStoreConfig#maxBatchSize()}), inserts them in one
 * transaction, and answers each caller only after COMMIT returned. A transaction costs one disk sync whatever its
 * size, so concurrent posters share it instead of queueing for one each. Because one thread assigns ids and commits
 * them in order, offsets become visible in commit order, as the port requires.
 *
 * <h2>Durability</h2>
 * WAL mode with {@code synchronous} from {@link SqliteStoreConfig#durability()}: {@link Durability#FULL} (default)
 * keeps acknowledged messages through process kill, OS crash and power loss; {@link Durability#NORMAL} through a
 * process kill only.
 *
 * <h2>Duplicates</h2>
 * A batch is inserted by multi-row {@code INSERT ... ON CONFLICT (client_offset) DO NOTHING RETURNING id, ...}
 * statements; a post whose row does not come back had its client offset stored already (by an earlier transaction),
 * and the stored row's id is reported as {@link AppendResult.AlreadyStored}; so is a client offset repeated within
 * the batch, with the first one's id. Posts without a client offset never conflict.
 *
 * <h2>Failures</h2>
 * A failed transaction is rolled back and every caller of that batch gets the same {@link MessageStoreException}:
 * nothing of the batch is stored. The writer then drops its connection and opens (and migrates) a fresh one for the
 * next batch, so the store works again once a lock is released, space is freed, or the file is repaired. Reads use
 * their own small pool of connections, never the writer's.
 */
public final class JooqMessageStore implements MessageStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JooqMessageStore.class);

    /** Posts queued for the writer; {@link #STOP} ends the writer loop. */
    private final WriterQueue<PendingAppend> queue = new WriterQueue<>();
    private static final PendingAppend STOP = new PendingAppend(null, null, 0);
    private static final long PROBE_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Longest wait for posters of the previous batch to come back, see {@link #writeLoop}. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /**
     * Most posts inserted by one statement: a batch is inserted in statements of this many rows (and one for the
     * rest). One statement per post cost the writer more CPU than the commit's sync at 64 concurrent posters.
     */
    static final int ROWS_PER_STATEMENT = 64;

    private final SqliteDatabase database;
    private final int maxBatchSize;
    private final Thread writer;
    private final ExecutorService completer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("herald-sqlite-acks").daemon(true).factory());
    /**
     * NEVER makes jOOQ render SQLite's native {@code RETURNING}. Otherwise it emulates RETURNING with
     * {@code last_insert_rowid()}, which after a skipped (conflicting) insert still names the previous row: a
     * duplicate would be reported as new, at someone else's offset. The table has no triggers to fetch values from.
     */
    private final Settings jooqSettings = new Settings()
            .withExecuteLogging(false)
            .withFetchTriggerValuesAfterReturning(FetchTriggerValuesAfterReturning.NEVER);
    private final FailureLog writeFailures = new FailureLog(LOG, "writes",
            "nothing stored, posts are not acknowledged and clients retry");
    private final FailureLog readFailures = new FailureLog(LOG, "reads",
            "replay and catch-up fail until it clears");

    /**
     * The page query, rendered by jOOQ once: the feed's dispatcher runs it after every commit, and rendering it each
     * time cost more than running it. Bind order: 1 = the offset to read after, 2 = the page size.
     */
    private final String readAfterSql = renderReadAfter(DSL.using(SQLDialect.SQLITE, jooqSettings));

    private final BlockingQueue<Connection> idleReaders;
    private final Semaphore readerPermits;

    private final LongAdder committedTransactions = new LongAdder();
    private final StoreObserver observer;

    /** When the writer last committed, and the failure of its latest transaction if that one failed. */
    private volatile long lastCommitNanos;
    private volatile Failure lastWriteFailure;
    /** The readiness probe's own connection and its cached answer; guarded by {@link #probeLock}. */
    private final Object probeLock = new Object();
    private Connection probeConnection;
    private long probedAtNanos;
    private Optional<Failure> probeResult = Optional.empty();
    private boolean probed;

    private volatile boolean closed;
    private volatile boolean writerStopped;
    private volatile boolean schemaReady;

    // Owned by the writer thread only.
    private Connection writeConnection;
    /** The multi-row inserts by row count (index 1 to {@link #ROWS_PER_STATEMENT}), prepared on first use. */
    private final PreparedStatement[] insertStatements = new PreparedStatement[ROWS_PER_STATEMENT + 1];
    private PreparedStatement findByClientOffsetStatement;
    /** The rows one insert returned: id, client offset, and the text of those without a client offset. */
    private final long[] returnedIds = new long[ROWS_PER_STATEMENT];
    private final String[] returnedClientOffsets = new String[ROWS_PER_STATEMENT];
    private final String[] returnedTexts = new String[ROWS_PER_STATEMENT];
    /** The batch's client offsets so far, each with the index of the post that carried it first. */
    private final Map<String, Integer> firstWithOffset = new HashMap<>();

    private JooqMessageStore(SqliteStoreConfig config, StoreObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.database = new SqliteDatabase(config);
        this.maxBatchSize = config.maxBatchSize();
        this.idleReaders = new ArrayBlockingQueue<>(config.readConnections());
        this.readerPermits = new Semaphore(config.readConnections());
        this.writer = Thread.ofPlatform().name("herald-sqlite-writer").daemon(false).unstarted(this::writeLoop);
    }

    /**
     * Opens the store on {@code config.file()}, creating the file and applying migrations. If the database cannot be
     * opened now (locked, read-only, corrupt), the failure is logged and every call fails with it until it clears.
     */
    public static JooqMessageStore open(SqliteStoreConfig config) {
        return open(config, StoreObserver.NONE);
    }

    /** As {@link #open(SqliteStoreConfig)}, reporting latencies, batch sizes and failures to {@code observer}. */
    public static JooqMessageStore open(SqliteStoreConfig config, StoreObserver observer) {
        Objects.requireNonNull(config, "config");
        JooqMessageStore store = new JooqMessageStore(config, observer);
        try {
            store.ensureSchema();
        } catch (MessageStoreException e) {
            store.writeFailures.failed(e);
        }
        store.writer.start();
        return store;
    }

    @Override
    public AppendResult append(NewMessage message) {
        CompletableFuture<AppendResult> result = appendAsync(message);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The post may still be committed; the client will retry and be recognised by its client offset.
            throw new MessageStoreException(Failure.IO, "interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MessageStoreException failure) {
                // A fresh exception, so the caller's stack shows where it waited.
                throw new MessageStoreException(failure.failure(), failure.getMessage(), failure);
            }
            throw new MessageStoreException(Failure.IO, "append failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Queues the post for the writer and returns at once. The queue is FIFO and the writer commits batches in queue
     * order, so posts queued one after the other by one thread are committed, and their futures completed, in that
     * order.
     */
    @Override
    public CompletableFuture<AppendResult> appendAsync(NewMessage message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        PendingAppend pending = new PendingAppend(message, new CompletableFuture<>(), System.nanoTime());
        queue.add(pending, false);
        if (writerStopped) {
            // The writer may have drained the queue for the last time before this post arrived.
            pending.result().completeExceptionally(closedException());
        }
        return pending.result();
    }

    @Override
    public List<Message> readAfter(Offset after, int limit) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        long start = System.nanoTime();
        List<Message> messages = read("readAfter", dsl -> dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(readAfterSql)) {
                statement.setLong(1, after.value());
                statement.setInt(2, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Message> page = new ArrayList<>(Math.min(limit, 1024));
                    while (rows.next()) {
                        page.add(new Message(Offset.of(rows.getLong(1)), MessageText.of(rows.getString(2))));
                    }
                    return page;
                }
            }
        }));
        observer.readCompleted(messages.size(), System.nanoTime() - start);
        return messages;
    }

    @Override
    public Offset newestOffset() {
        return read("newestOffset", dsl -> {
            Long newest = dsl.select(max(MESSAGES.ID)).from(MESSAGES).fetchOne(0, Long.class);
            return newest == null ? Offset.ZERO : Offset.of(newest);
        });
    }

    /**
     * Stops taking posts, commits those queued before the close, fails any that raced in after it as CLOSED, waits
     * for the acknowledgements to be handed out, closes the file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP, true);
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        completer.close();
        synchronized (probeLock) {
            SqliteDatabase.closeQuietly(probeConnection);
            probeConnection = null;
        }
        // Readers in flight close their connection when they return it; wait for them so the file is released.
        readerPermits.acquireUninterruptibly(database.config().readConnections());
        for (Connection connection; (connection = idleReaders.poll()) != null; ) {
            SqliteDatabase.closeQuietly(connection);
        }
        // A read racing with close fails as CLOSED or closes its own connection; it must not wait for a permit.
        readerPermits.release(database.config().readConnections());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether a post could be committed now, for readiness: empty when writable, else why not. A commit in the last
     * second answers yes without touching the file (under load the writer proves it continuously, and a probe would
     * only compete with it for the lock). Otherwise {@code BEGIN IMMEDIATE; ROLLBACK} on a connection of its own takes
     * and drops the write lock (a short busy timeout: a held lock is reported as BUSY, not waited out); its answer is
     * kept for a second. A full disk is only seen by a real write, so the writer's latest failure, if it was FULL or
     * CORRUPT, is reported until a commit succeeds.
     */
    public Optional<Failure> checkWritable() {
        if (closed) {
            return Optional.of(Failure.CLOSED);
        }
        Failure writerFailure = lastWriteFailure;
        if (writerFailure == Failure.FULL || writerFailure == Failure.CORRUPT) {
            return Optional.of(writerFailure);
        }
        long now = System.nanoTime();
        if (writerFailure == null && lastCommitNanos != 0 && now - lastCommitNanos < PROBE_CACHE_NANOS) {
            return Optional.empty();
        }
        synchronized (probeLock) {
            if (probed && now - probedAtNanos < PROBE_CACHE_NANOS) {
                return probeResult;
            }
            probeResult = probe();
            probedAtNanos = System.nanoTime();
            probed = true;
            return probeResult;
        }
    }

    private Optional<Failure> probe() {
        try {
            if (!schemaReady) {
                ensureSchema();
            }
            if (probeConnection == null) {
                probeConnection = database.openProbe();
            }
            execute(probeConnection, "BEGIN IMMEDIATE");
            execute(probeConnection, "ROLLBACK");
            return Optional.empty();
        } catch (MessageStoreException e) {
            return Optional.of(e.failure());
        } catch (RuntimeException | SQLException e) {
            SqliteDatabase.closeQuietly(probeConnection);
            probeConnection = null;
            return Optional.of(SqliteFailures.toStoreException("writability probe", e).failure());
        }
    }

    private static String renderReadAfter(DSLContext dsl) {
        return dsl.render(dsl.select(MESSAGES.ID, MESSAGES.CONTENT)
                .from(MESSAGES)
                .where(MESSAGES.ID.gt(DSL.param("after", MESSAGES.ID)))
                .orderBy(MESSAGES.ID)
                .limit(DSL.param("limit", Integer.class)));
    }

    /** Transactions committed so far: with concurrent posters, fewer than the posts (that is group commit). */
    long committedTransactions() {
        return committedTransactions.sum();
    }

    // ---- writer ------------------------------------------------------------------------------------------------

    /** A queued post, its caller's future, and when it was queued (for the latency the observer reports). */
    private record PendingAppend(NewMessage message, CompletableFuture<AppendResult> result, long queuedAt) {
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>(maxBatchSize);
        try {
            boolean stopping = false;
            int previousBatchSize = 1;
            while (!stopping) {
                queue.awaitAny();
                stopping = gatherAndCommit(batch, Math.min(previousBatchSize, maxBatchSize));
                previousBatchSize = Math.max(1, batch.size());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writerStopped = true;
            List<PendingAppend> rest = new ArrayList<>();
            queue.drainTo(rest, Integer.MAX_VALUE);
            rest.removeIf(pending -> pending == STOP);
            failAll(rest, closedException());
            // A batch still here was interrupted before its commit: closing the connection rolls it back.
            failAll(batch, closedException());
            closeWriteConnection();
        }
    }

    /**
     * Gathers one batch and commits it in one transaction; returns whether the stop was reached.
     *
     * <p>The posters of the previous batch were just woken and are coming back with their next post, one by one. The
     * writer opens the transaction with whatever is queued and inserts posts as they arrive, until as many as last
     * time have come (or {@link #GATHER_NANOS} passed without them, or the batch is full), then commits once: the
     * inserts overlap the posters' return instead of waiting for it, and they share one sync instead of each paying
     * for their own. A lone poster never waits: its previous batch had one post.
     *
     * <p>A graceful close finishes what was accepted before the stop: those posts are committed (and acknowledged if
     * their clients are still there); anything that raced in after it is refused, so its client retries elsewhere.
     */
    private boolean gatherAndCommit(List<PendingAppend> batch, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        long start = 0;
        boolean stop = false;
        List<AppendResult> results = new ArrayList<>(wanted);
        try {
            while (true) {
                int from = batch.size();
                queue.drainTo(batch, maxBatchSize - from);
                int stopAt = indexOfStop(batch, from);
                if (stopAt >= 0) {
                    stop = true;
                    List<PendingAppend> refused = new ArrayList<>(batch.subList(stopAt + 1, batch.size()));
                    batch.subList(stopAt, batch.size()).clear();
                    failAll(refused, closedException());
                }
                if (batch.size() > from) {
                    if (from == 0) {
                        start = System.nanoTime();
                        begin();
                    }
                    insertPosts(batch, from, results);
                }
                if (stop || batch.size() >= wanted || batch.size() >= maxBatchSize
                        || !queue.awaitCount(wanted - batch.size(), deadline)) {
                    break;
                }
            }
            if (batch.isEmpty()) {
                return stop;
            }
            execute(writeConnection, "COMMIT");
        } catch (RuntimeException | SQLException e) {
            MessageStoreException failure = SqliteFailures.toStoreException(
                    "commit of " + batch.size() + " message(s)", e);
            rollbackAndDropConnection();
            writeFailures.failed(failure);
            lastWriteFailure = failure.failure();
            observer.failed(StoreObserver.Operation.WRITE, failure.failure());
            failAll(batch, failure);
            batch.clear();
            return stop;
        }
        long end = System.nanoTime();
        lastCommitNanos = end;
        lastWriteFailure = null;
        observer.batchCommitted(batch.size(), end - start);
        committedTransactions.increment();
        writeFailures.succeeded();
        // Waking up to a thousand waiting posters costs the writer more than the next insert batch does; another
        // thread does it while the writer starts the next transaction. The commit has returned: the order in which
        // posters wake does not change the order in which their messages became visible.
        List<PendingAppend> committed = List.copyOf(batch);
        completer.execute(() -> {
            long now = System.nanoTime();
            for (int i = 0; i < committed.size(); i++) {
                PendingAppend pending = committed.get(i);
                observer.appendCompleted(now - pending.queuedAt());
                pending.result().complete(results.get(i));
            }
        });
        return stop;
    }

    private static int indexOfStop(List<PendingAppend> batch, int from) {
        for (int i = from; i < batch.size(); i++) {
            if (batch.get(i) == STOP) {
                return i;
            }
        }
        return -1;
    }

    private void begin() throws SQLException {
        openWriterIfNeeded();
        execute(writeConnection, "BEGIN IMMEDIATE");
        firstWithOffset.clear();
    }

    /**
     * Inserts {@code batch[from..]} into the open transaction and appends their results to {@code results}. A client
     * offset repeated within the batch (in this part or an earlier one) is inserted once; the repeats get the first
     * one's offset.
     */
    private void insertPosts(List<PendingAppend> batch, int from, List<AppendResult> results) throws SQLException {
        int count = batch.size() - from;
        int[] repeatOf = new int[count];
        int[] rows = new int[count];
        int rowCount = 0;
        for (int i = from; i < batch.size(); i++) {
            String clientOffset = clientOffsetOf(batch.get(i).message());
            Integer first = clientOffset == null ? null : firstWithOffset.putIfAbsent(clientOffset, i);
            repeatOf[i - from] = first == null ? -1 : first;
            if (first == null) {
                rows[rowCount++] = i;
            }
            results.add(null);
        }
        for (int part = 0; part < rowCount; part += ROWS_PER_STATEMENT) {
            insertRows(batch, rows, part, Math.min(ROWS_PER_STATEMENT, rowCount - part), results);
        }
        for (int i = from; i < batch.size(); i++) {
            if (repeatOf[i - from] >= 0) {
                results.set(i, new AppendResult.AlreadyStored(results.get(repeatOf[i - from]).offset()));
            }
        }
    }

    /**
     * Inserts {@code count} posts, {@code batch[rows[from]]} onwards, with one multi-row statement and records each
     * one's result. SQLite inserts the rows of a {@code VALUES} list in order and, as the only writer, gives them
     * ascending ids; the rows it skipped as duplicates return nothing. So the returned rows sorted by id line up with
     * the inserted posts in batch order. That is checked, not assumed: each returned row must carry its post's client
     * offset (or, without one, its text), and every returned row must be matched, or the transaction fails.
     */
    private void insertRows(List<PendingAppend> batch, int[] rows, int from, int count, List<AppendResult> results)
            throws SQLException {
        PreparedStatement statement = insertStatement(count);
        for (int k = 0; k < count; k++) {
            NewMessage message = batch.get(rows[from + k]).message();
            statement.setString(2 * k + 1, clientOffsetOf(message));
            statement.setString(2 * k + 2, message.text().value());
        }
        int returned = 0;
        try (ResultSet inserted = statement.executeQuery()) {
            while (inserted.next()) {
                String clientOffset = inserted.getString(2);
                returnedIds[returned] = inserted.getLong(1);
                returnedClientOffsets[returned] = clientOffset;
                returnedTexts[returned] = clientOffset == null ? inserted.getString(3) : null;
                returned++;
            }
        }
        sortReturnedById(returned);
        int next = 0;
        for (int k = 0; k < count; k++) {
            int index = rows[from + k];
            NewMessage message = batch.get(index).message();
            String clientOffset = clientOffsetOf(message);
            boolean isNext = next < returned && (clientOffset == null
                    ? returnedClientOffsets[next] == null && message.text().value().equals(returnedTexts[next])
                    : clientOffset.equals(returnedClientOffsets[next]));
            if (isNext) {
                results.set(index, new AppendResult.Appended(new Message(Offset.of(returnedIds[next]), message.text())));
                next++;
            } else if (clientOffset == null) {
                throw new IllegalStateException("a post without client offset was not inserted in batch order");
            } else {
                results.set(index, new AppendResult.AlreadyStored(storedOffset(clientOffset)));
            }
        }
        if (next != returned) {
            throw new IllegalStateException("inserted rows did not come back in batch order");
        }
    }

    /** Only a client offset can conflict, and the row holding it is visible to this transaction. */
    private Offset storedOffset(String clientOffset) throws SQLException {
        findByClientOffsetStatement.setString(1, clientOffset);
        try (ResultSet row = findByClientOffsetStatement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("insert skipped as a duplicate but no row holds its client offset");
            }
            return Offset.of(row.getLong(1));
        }
    }

    /** Insertion sort: RETURNING gives the rows in insertion order in practice, so this is one pass. */
    private void sortReturnedById(int count) {
        for (int i = 1; i < count; i++) {
            long id = returnedIds[i];
            String clientOffset = returnedClientOffsets[i];
            String text = returnedTexts[i];
            int j = i - 1;
            for (; j >= 0 && returnedIds[j] > id; j--) {
                returnedIds[j + 1] = returnedIds[j];
                returnedClientOffsets[j + 1] = returnedClientOffsets[j];
                returnedTexts[j + 1] = returnedTexts[j];
            }
            returnedIds[j + 1] = id;
            returnedClientOffsets[j + 1] = clientOffset;
            returnedTexts[j + 1] = text;
        }
    }

    private static String clientOffsetOf(NewMessage message) {
        return message.clientOffset().map(ClientOffset::value).orElse(null);
    }

    /**
     * The insert of {@code rows} posts, prepared on first use for each row count and kept while the connection
     * lives. jOOQ writes the SQL ({@code INSERT ... VALUES (?, ?), ... ON CONFLICT (client_offset) DO NOTHING
     * RETURNING id, client_offset, content}); neither its rendering nor SQLite's parsing is repeated per batch.
     */
    private PreparedStatement insertStatement(int rows) throws SQLException {
        PreparedStatement statement = insertStatements[rows];
        if (statement == null) {
            DSLContext dsl = DSL.using(writeConnection, SQLDialect.SQLITE, jooqSettings);
            var insert = dsl.insertInto(MESSAGES, MESSAGES.CLIENT_OFFSET, MESSAGES.CONTENT)
                    .values(DSL.param("clientOffset", MESSAGES.CLIENT_OFFSET), DSL.param("content", MESSAGES.CONTENT));
            for (int row = 1; row < rows; row++) {
                insert = insert.values(
                        DSL.param("clientOffset", MESSAGES.CLIENT_OFFSET), DSL.param("content", MESSAGES.CONTENT));
            }
            statement = writeConnection.prepareStatement(dsl.render(insert
                    .onConflict(MESSAGES.CLIENT_OFFSET)
                    .doNothing()
                    .returningResult(MESSAGES.ID, MESSAGES.CLIENT_OFFSET, MESSAGES.CONTENT)));
            insertStatements[rows] = statement;
        }
        return statement;
    }

    /**
     * Opens the writer's connection and prepares the duplicate lookup; the inserts are prepared on first use. jOOQ
     * writes the SQL; prepared statements are kept, so neither jOOQ's rendering nor SQLite's parsing is repeated per
     * batch (on the 2-core benchmark machine preparing once raised group commit at 64 posters from about 34,000 to
     * 45,000 posts/s, and one multi-row statement per batch instead of one per post raised it further, see
     * docs/performance.md).
     */
    private void openWriterIfNeeded() throws SQLException {
        if (writeConnection != null) {
            return;
        }
        if (!schemaReady) {
            ensureSchema();
        }
        writeConnection = database.openWriter();
        try {
            DSLContext dsl = DSL.using(writeConnection, SQLDialect.SQLITE, jooqSettings);
            // Bind order: 1 = client_offset.
            findByClientOffsetStatement = writeConnection.prepareStatement(dsl.render(
                    dsl.select(MESSAGES.ID)
                            .from(MESSAGES)
                            .where(MESSAGES.CLIENT_OFFSET.eq(DSL.param("clientOffset", MESSAGES.CLIENT_OFFSET)))));
        } catch (SQLException | RuntimeException e) {
            closeWriteConnection();
            throw e;
        }
    }

    private void rollbackAndDropConnection() {
        if (writeConnection != null) {
            try {
                execute(writeConnection, "ROLLBACK");
            } catch (SQLException | RuntimeException ignored) {
                // No transaction was open, or the connection is unusable: closing it below rolls back either way.
            }
        }
        // A fresh connection next time: after a corrupt, read-only or replaced file the old one may never recover.
        closeWriteConnection();
        schemaReady = false;
    }

    private void closeWriteConnection() {
        List<PreparedStatement> statements = new ArrayList<>(Arrays.asList(insertStatements));
        statements.add(findByClientOffsetStatement);
        for (PreparedStatement statement : statements) {
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // The connection is closed next, which releases its statements anyway.
                }
            }
        }
        Arrays.fill(insertStatements, null);
        findByClientOffsetStatement = null;
        SqliteDatabase.closeQuietly(writeConnection);
        writeConnection = null;
    }

    private static void execute(Connection connection, String transactionControl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(transactionControl);
        }
    }

    private static void failAll(List<PendingAppend> batch, MessageStoreException failure) {
        for (PendingAppend pending : batch) {
            if (pending != STOP) {
                pending.result().completeExceptionally(failure);
            }
        }
    }

    // ---- schema --------------------------------------------------------------------------------------------------

    private synchronized void ensureSchema() {
        if (schemaReady) {
            return;
        }
        try {
            database.migrate();
            schemaReady = true;
        } catch (RuntimeException e) {
            throw SqliteFailures.toStoreException("opening and migrating " + database.config().file(), e);
        }
    }

    // ---- readers ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ReadQuery<T> {
        T run(DSLContext dsl);
    }

    private <T> T read(String operation, ReadQuery<T> query) {
        if (closed) {
            throw closedException();
        }
        try {
            if (!readerPermits.tryAcquire(1, TimeUnit.MINUTES)) {
                throw new MessageStoreException(Failure.BUSY, operation + ": no read connection free for a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageStoreException(Failure.IO, operation + " interrupted", e);
        }
        Connection connection = idleReaders.poll();
        boolean healthy = false;
        try {
            if (!schemaReady) {
                ensureSchema();
            }
            if (connection == null) {
                connection = database.openReader();
            }
            T result = query.run(DSL.using(connection, SQLDialect.SQLITE, jooqSettings));
            healthy = true;
            readFailures.succeeded();
            return result;
        } catch (MessageStoreException e) {
            readFailures.failed(e);
            observer.failed(StoreObserver.Operation.READ, e.failure());
            throw e;
        } catch (RuntimeException | SQLException e) {
            MessageStoreException failure = SqliteFailures.toStoreException(operation, e);
            readFailures.failed(failure);
            observer.failed(StoreObserver.Operation.READ, failure.failure());
            throw failure;
        } finally {
            if (healthy && !closed) {
                idleReaders.add(connection);
            } else {
                SqliteDatabase.closeQuietly(connection);
            }
            readerPermits.release();
        }
    }

    private static MessageStoreException closedException() {
        return new MessageStoreException(Failure.CLOSED, "the message store is closed");
    }
}
