package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriterQueueTest {

    private static final Duration TEST_LIMIT = Duration.ofSeconds(30);

    private final WriterQueue<String> queue = new WriterQueue<>();

    @Test
    void drainsInOrderUpToTheMaximum() {
        for (String item : List.of("a", "b", "c", "d")) {
            queue.add(item, false);
        }
        List<String> batch = new ArrayList<>();
        queue.drainTo(batch, 3);
        assertEquals(List.of("a", "b", "c"), batch);
        queue.drainTo(batch, Integer.MAX_VALUE);
        assertEquals(List.of("a", "b", "c", "d"), batch);
    }

    @Test
    void awaitCountReturnsOnceTheCountIsQueued() {
        assertTimeoutPreemptively(TEST_LIMIT, () -> {
            queue.add("first", false);
            CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> awaitCount(3, aMinuteFromNow()));
            queue.add("second", false);
            queue.add("third", false);
            // Well before the minute is over.
            assertTrue(waited.join());
            List<String> batch = new ArrayList<>();
            queue.drainTo(batch, 10);
            assertEquals(List.of("first", "second", "third"), batch);
        });
    }

    @Test
    void awaitCountGivesUpAtTheDeadlineAndSaysWhetherAnythingCame() {
        assertTimeoutPreemptively(TEST_LIMIT, () -> {
            long start = System.nanoTime();
            assertFalse(queue.awaitCount(5, start + TimeUnit.MILLISECONDS.toNanos(50)), "nothing queued");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited out the window");

            queue.add("only", false);
            assertTrue(queue.awaitCount(5, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)), "one queued");
            assertTrue(queue.awaitCount(5, System.nanoTime() - 1), "past the deadline: no wait, still queued");
        });
    }

    @Test
    void anUrgentItemEndsTheWaitAtOnce() {
        assertTimeoutPreemptively(TEST_LIMIT, () -> {
            queue.add("post", false);
            CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> awaitCount(100, aMinuteFromNow()));
            queue.add("stop", true);
            assertTrue(waited.join());
        });
    }

    @Test
    void awaitAnyWaitsForTheFirstItem() {
        assertTimeoutPreemptively(TEST_LIMIT, () -> {
            CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
                try {
                    queue.awaitAny();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            queue.add("late", false);
            waited.join();
            List<String> batch = new ArrayList<>();
            queue.drainTo(batch, 1);
            assertEquals(List.of("late"), batch);
        });
    }

    private static long aMinuteFromNow() {
        return System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    }

    private boolean awaitCount(int count, long deadline) {
        try {
            return queue.awaitCount(count, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
