package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.application.port.AppendResult;
import dev.herald.domain.Message;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * A burst of queued posts becomes batches larger than one insert statement takes, mixing posts without a client
     * offset, new client offsets, client offsets repeated within the burst and client offsets stored before: each
     * post must still get exactly its own result, and the stored rows must be the new posts, in queue order.
     */
    @Test
    void aBurstMixingNewRepeatedAndStoredPostsGetsEachItsOwnResult() throws Exception {
        AtomicInteger largestBatch = new AtomicInteger();
        StoreObserver observer = new StoreObserver() {
            @Override
            public void batchCommitted(int posts, long nanos) {
                largestBatch.accumulateAndGet(posts, Math::max);
            }
        };
        try (JooqMessageStore store = JooqMessageStore.open(
                SqliteStoreConfig.defaults(directory.resolve("messages.db")), observer)) {
            List<Offset> stored = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                stored.add(store.append(NewMessage.of("old " + i, "old-" + i)).offset());
            }
            Offset before = stored.getLast();

            int posts = 2_000;
            List<CompletableFuture<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                results.add(store.appendAsync(switch (i % 4) {
                    case 0 -> NewMessage.of("anonymous " + i);
                    case 1 -> NewMessage.of("new " + i, "new-" + i);
                    case 2 -> NewMessage.of("retry of " + (i - 1), "new-" + (i - 1));
                    default -> NewMessage.of("retry of old", "old-" + (i % 50));
                }));
            }

            List<String> expectedTexts = new ArrayList<>();
            long previousNew = before.value();
            for (int i = 0; i < posts; i++) {
                AppendResult result = results.get(i).get(30, TimeUnit.SECONDS);
                switch (i % 4) {
                    case 0, 1 -> {
                        Message message = assertInstanceOf(AppendResult.Appended.class, result, "post " + i).message();
                        assertTrue(message.offset().value() > previousNew, "post " + i + " after the one before");
                        previousNew = message.offset().value();
                        expectedTexts.add(message.text().value());
                    }
                    case 2 -> assertEquals(new AppendResult.AlreadyStored(results.get(i - 1).get().offset()), result,
                            "post " + i + " repeats post " + (i - 1));
                    default -> assertEquals(new AppendResult.AlreadyStored(stored.get(i % 50)), result,
                            "post " + i + " repeats an old post");
                }
            }

            List<Message> rows = store.readAfter(before, posts);
            assertEquals(expectedTexts, rows.stream().map(message -> message.text().value()).toList(),
                    "exactly the new posts are stored, in queue order");
            for (int i = 0; i < rows.size(); i++) {
                AppendResult result = results.get(i / 2 * 4 + i % 2).get();
                assertEquals(result.offset(), rows.get(i).offset(), "stored under the offset its poster was given");
            }
            assertTrue(largestBatch.get() > JooqMessageStore.ROWS_PER_STATEMENT,
                    "expected a batch larger than one insert statement, largest was " + largestBatch.get());
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
