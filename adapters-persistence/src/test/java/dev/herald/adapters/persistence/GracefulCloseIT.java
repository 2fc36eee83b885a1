package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.herald.application.port.AppendResult;
import dev.herald.application.port.MessageStoreException;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A graceful close finishes the posts it had accepted, so a shutdown does not turn accepted work into retries. */
class GracefulCloseIT {

    private Path directory;

    @BeforeEach
    void createDirectory() throws IOException {
        directory = Files.createTempDirectory("herald-close");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        TestFiles.deleteRecursively(directory);
    }

    @Test
    void postsQueuedBeforeCloseAreCommittedAndLaterOnesRefused() throws Exception {
        Path file = directory.resolve("messages.db");
        JooqMessageStore store = JooqMessageStore.open(SqliteStoreConfig.defaults(file).withMaxBatchSize(50));
        List<CompletableFuture<AppendResult>> queued = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            queued.add(store.appendAsync(NewMessage.of("m" + i, "c" + i)));
        }

        store.close();

        for (CompletableFuture<AppendResult> future : queued) {
            assertInstanceOf(AppendResult.Appended.class, future.get());
        }
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> store.appendAsync(NewMessage.of("late", "late")).get());
        assertEquals(MessageStoreException.Failure.CLOSED,
                assertInstanceOf(MessageStoreException.class, refused.getCause()).failure());
        try (JooqMessageStore reopened = JooqMessageStore.open(SqliteStoreConfig.defaults(file))) {
            assertEquals(2_000, reopened.readAfter(Offset.ZERO, 10_000).size());
        }
    }
}
