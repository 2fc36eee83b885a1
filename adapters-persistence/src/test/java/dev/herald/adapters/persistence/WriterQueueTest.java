package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriterQueueTest {

    private static final long A_MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final WriterQueue<String> queue = new WriterQueue<>();

    @Test
    void takesWhatIsQueuedInOrderUpToTheMaximum() throws InterruptedException {
        for (String item : List.of("a", "b", "c", "d")) {
            queue.add(item, false);
        }
        List<String> batch = new ArrayList<>();
        queue.take(batch, 1, A_MINUTE, 3);
        assertEquals(List.of("a", "b", "c"), batch);
        List<String> rest = new ArrayList<>();
        queue.drainTo(rest);
        assertEquals(List.of("d"), rest);
    }

    @Test
    void aWaitingWriterTakesTheBatchOnceTheWantedCountIsQueued() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            queue.add("first", false);
            CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> take(3, A_MINUTE));
            queue.add("second", false);
            queue.add("third", false);
            // Well before the minute of gathering is over.
            assertEquals(List.of("first", "second", "third"), taken.join());
        });
    }

    @Test
    void gatheringEndsAfterItsWindowWithWhatCame() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            queue.add("only", false);
            long start = System.nanoTime();
            assertEquals(List.of("only"), take(5, TimeUnit.MILLISECONDS.toNanos(50)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited out the window");
        });
    }

    @Test
    void anUrgentItemEndsTheGatheringAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            queue.add("post", false);
            CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> take(100, A_MINUTE));
            queue.add("stop", true);
            assertEquals(List.of("post", "stop"), taken.join());
        });
    }

    @Test
    void anEmptyQueueWaitsForTheFirstItem() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> take(1, A_MINUTE));
            queue.add("late", false);
            assertEquals(List.of("late"), taken.join());
        });
    }

    private List<String> take(int wanted, long gatherNanos) {
        List<String> batch = new ArrayList<>();
        try {
            queue.take(batch, wanted, gatherNanos, 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return batch;
    }
}
