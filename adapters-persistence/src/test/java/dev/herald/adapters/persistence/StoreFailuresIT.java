package dev.herald.adapters.persistence;

import static dev.herald.adapters.persistence.jooq.Tables.MESSAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.herald.application.port.AppendResult;
import dev.herald.application.port.MessageStoreException;
import dev.herald.application.port.MessageStoreException.Failure;
import dev.herald.domain.Message;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each storage failure is produced for real, must surface as its typed failure with nothing stored, and the same
 * store instance must work again once the condition clears.
 */
class StoreFailuresIT {

    private Path directory;
    private Path file;

    @BeforeEach
    void createDirectory() throws IOException {
        directory = Files.createTempDirectory("herald-store-failures");
        file = directory.resolve("messages.db");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        TestFiles.deleteRecursively(directory);
    }

    @Test
    void aWriteLockHeldByAnotherProcessFailsAsBusyAndWritesResumeWhenItIsReleased() throws Exception {
        SqliteStoreConfig config = SqliteStoreConfig.defaults(file).withBusyTimeout(Duration.ofMillis(300));
        try (JooqMessageStore store = JooqMessageStore.open(config)) {
            Offset before = store.append(NewMessage.of("before")).offset();

            Process holder = ChildJvm.start(LockHolder.class, file.toString());
            try {
                BufferedReader holderOut = ChildJvm.stdout(holder);
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ChildJvm.awaitLine(holderOut, "LOCKED"));

                MessageStoreException busy = assertThrows(MessageStoreException.class,
                        () -> store.append(NewMessage.of("during", "c-during")));
                assertEquals(Failure.BUSY, busy.failure(), busy.getMessage());
                // WAL: a writer in another process does not stop readers.
                assertEquals(List.of(before), offsets(store.readAfter(Offset.ZERO, 10)));

                OutputStream holderIn = holder.getOutputStream();
                holderIn.write("release\n".getBytes(StandardCharsets.UTF_8));
                holderIn.flush();
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ChildJvm.awaitLine(holderOut, "RELEASED"));
                assertEquals(0, holder.waitFor());
            } finally {
                holder.destroyForcibly();
            }

            // The failed post was not stored: its retry is new, not a duplicate.
            AppendResult retry = store.append(NewMessage.of("during", "c-during"));
            assertInstanceOf(AppendResult.Appended.class, retry);
            assertEquals(List.of(before, retry.offset()), offsets(store.readAfter(Offset.ZERO, 10)));
        }
    }

    @Test
    void aReadOnlyFileFailsAsReadOnlyAndWritesResumeWhenItIsWritableAgain() throws Exception {
        SqliteStoreConfig config = SqliteStoreConfig.defaults(file);
        Offset first;
        try (JooqMessageStore store = JooqMessageStore.open(config)) {
            first = store.append(NewMessage.of("first")).offset();
        }

        try (JooqMessageStore store = JooqMessageStore.open(config)) {
            try (ReadOnlyFile readOnly = ReadOnlyFile.make(file)) {
                MessageStoreException failure = assertThrows(MessageStoreException.class,
                        () -> store.append(NewMessage.of("refused", "c-refused")));
                assertEquals(Failure.READ_ONLY, failure.failure(), failure.getMessage());
                assertEquals(List.of(first), offsets(store.readAfter(Offset.ZERO, 10)));
            }

            AppendResult retry = store.append(NewMessage.of("refused", "c-refused"));
            assertInstanceOf(AppendResult.Appended.class, retry);
            assertEquals(List.of(first, retry.offset()), offsets(store.readAfter(Offset.ZERO, 10)));
        }
    }

    @Test
    void aFullDatabaseFailsTheWholeBatchAsFullAndWritesResumeWhenSpaceIsFreed() throws Exception {
        // 48 pages of 4 KiB: the schema takes a few, 2,000-character messages fill the rest quickly.
        SqliteStoreConfig config = SqliteStoreConfig.defaults(file).withMaxPageCount(48);
        String big = "x".repeat(2_000);
        try (JooqMessageStore store = JooqMessageStore.open(config)) {
            MessageStoreException full = null;
            for (int i = 0; i < 10_000 && full == null; i++) {
                try {
                    store.append(NewMessage.of(big + i, "fill-" + i));
                } catch (MessageStoreException e) {
                    full = e;
                }
            }
            assertInstanceOf(MessageStoreException.class, full, "the database never filled up");
            assertEquals(Failure.FULL, full.failure(), full.getMessage());
            Offset newest = store.newestOffset();

            // Several posters at once: whatever batch they land in fails as a whole, and none of it is kept.
            List<Failure> failures = appendConcurrently(store, 8, i -> NewMessage.of(big, "while-full-" + i));
            assertEquals(List.of(Failure.FULL), failures.stream().distinct().toList());
            assertEquals(newest, store.newestOffset());

            // What an operator's retention job would do: delete old messages; their pages are reused.
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                DSL.using(connection, SQLDialect.SQLITE).deleteFrom(MESSAGES).where(MESSAGES.ID.le(newest.value() / 2)).execute();
            }

            AppendResult after = store.append(NewMessage.of(big, "while-full-0"));
            assertInstanceOf(AppendResult.Appended.class, after);
            assertEquals(after.offset(), store.newestOffset());
        }
    }

    @Test
    void aFileThatIsNotADatabaseFailsAsCorruptAndTheStoreWorksOnceTheFileIsRestored() throws Exception {
        Path backup = directory.resolve("backup.db");
        Offset restoredOffset;
        try (JooqMessageStore store = JooqMessageStore.open(SqliteStoreConfig.defaults(backup))) {
            restoredOffset = store.append(NewMessage.of("from the backup")).offset();
        }
        byte[] garbage = new byte[16 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        try (JooqMessageStore store = JooqMessageStore.open(SqliteStoreConfig.defaults(file))) {
            MessageStoreException append = assertThrows(MessageStoreException.class,
                    () -> store.append(NewMessage.of("lost?", "c-1")));
            assertEquals(Failure.CORRUPT, append.failure(), append.getMessage());
            assertEquals(Failure.CORRUPT,
                    assertThrows(MessageStoreException.class, () -> store.readAfter(Offset.ZERO, 10)).failure());
            assertEquals(Failure.CORRUPT, assertThrows(MessageStoreException.class, store::newestOffset).failure());

            // The operator restores the backup over the garbage.
            for (String suffix : List.of("-wal", "-shm")) {
                Files.deleteIfExists(directory.resolve(file.getFileName() + suffix));
            }
            Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);

            AppendResult retry = store.append(NewMessage.of("lost?", "c-1"));
            assertInstanceOf(AppendResult.Appended.class, retry);
            assertEquals(List.of(restoredOffset, retry.offset()), offsets(store.readAfter(Offset.ZERO, 10)));
        }
    }

    @Test
    void aClosedStoreFailsAsClosed() {
        JooqMessageStore store = JooqMessageStore.open(SqliteStoreConfig.defaults(file));
        store.append(NewMessage.of("one"));
        store.close();

        assertEquals(Failure.CLOSED,
                assertThrows(MessageStoreException.class, () -> store.append(NewMessage.of("two"))).failure());
        assertEquals(Failure.CLOSED, assertThrows(MessageStoreException.class, store::newestOffset).failure());
    }

    private interface Posts {
        NewMessage post(int i);
    }

    private static List<Failure> appendConcurrently(JooqMessageStore store, int posters, Posts posts)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Failure>> results = new ArrayList<>();
            for (int i = 0; i < posters; i++) {
                int poster = i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.append(posts.post(poster));
                        return null;
                    } catch (MessageStoreException e) {
                        return e.failure();
                    }
                }));
            }
            start.countDown();
            List<Failure> failures = new ArrayList<>();
            for (Future<Failure> result : results) {
                failures.add(result.get(30, TimeUnit.SECONDS));
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Offset> offsets(List<Message> messages) {
        return messages.stream().map(Message::offset).toList();
    }
}
