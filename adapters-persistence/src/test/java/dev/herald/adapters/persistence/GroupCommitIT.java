package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent posters share transactions; each still gets its own result. */
class GroupCommitIT {

    private static final int POSTERS = 32;
    private static final int POSTS_EACH = 25;

    private Path directory;

    @BeforeEach
    void createDirectory() throws IOException {
        directory = Files.createTempDirectory("herald-group-commit");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        TestFiles.deleteRecursively(directory);
    }

    @Test
    void concurrentPostersAreCommittedManyPerTransaction() throws Exception {
        try (JooqMessageStore store = JooqMessageStore.open(
                SqliteStoreConfig.defaults(directory.resolve("messages.db")))) {
            List<Offset> offsets = postConcurrently(store);

            assertEquals(POSTERS * POSTS_EACH, offsets.stream().distinct().count(), "each post got its own offset");
            assertEquals(POSTERS * POSTS_EACH, store.readAfter(Offset.ZERO, 10_000).size());
            long transactions = store.committedTransactions();
            // Every poster waits for its commit, so while one transaction syncs the others queue up behind it.
            assertTrue(transactions <= POSTERS * POSTS_EACH / 4,
                    "expected many posts per transaction, got " + transactions + " transactions for "
                            + POSTERS * POSTS_EACH + " posts");
        }
    }

    @Test
    void aBatchSizeOfOneCommitsEveryPostAlone() throws Exception {
        try (JooqMessageStore store = JooqMessageStore.open(
                SqliteStoreConfig.defaults(directory.resolve("messages.db")).withMaxBatchSize(1))) {
            List<Offset> offsets = postConcurrently(store);

            assertEquals(POSTERS * POSTS_EACH, offsets.stream().distinct().count());
            assertEquals(POSTERS * POSTS_EACH, store.committedTransactions());
        }
    }

    private static List<Offset> postConcurrently(JooqMessageStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Offset>>> futures = new ArrayList<>();
            for (int p = 0; p < POSTERS; p++) {
                int poster = p;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Offset> mine = new ArrayList<>();
                    for (int i = 0; i < POSTS_EACH; i++) {
                        mine.add(store.append(NewMessage.of("hello", "p" + poster + "-" + i)).offset());
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Offset> all = new ArrayList<>();
            for (Future<List<Offset>> future : futures) {
                all.addAll(future.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
