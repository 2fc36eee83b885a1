package dev.herald.benchmarks;

import dev.herald.adapters.persistence.Durability;
import dev.herald.adapters.persistence.JooqMessageStore;
import dev.herald.domain.NewMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Posts per second through {@code JooqMessageStore.appendAsync}, driven the way Herald's chat drives it: no thread
 * per poster; each of {@link #posters} posters has exactly one post in flight and sends its next one from the
 * continuation of the previous one's acknowledgement (as {@code PostMessage} acknowledges from its continuation).
 * Same store, same disk and same posts as {@link AppendBenchmark}; {@code commit=PER_INSERT} is one transaction per
 * post.
 *
 * <p>The posters run in the background for the whole trial; one invocation waits for the next {@link #BLOCK}
 * acknowledged posts, so the score is acknowledged posts per second. An append that fails stops the run: the
 * invocation throws instead of counting it.
 */
@Fork(value = 1, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class AsyncAppendBenchmark {

    /** Acknowledged posts per invocation. */
    static final int BLOCK = 1_000;

    @Param({"GROUP", "PER_INSERT"})
    public AppendBenchmark.Commit commit;

    @Param({"1", "8", "64"})
    public int posters;

    @Param({"FULL"})
    public Durability durability;

    /** Where the database file goes; must be a real disk, not tmpfs. */
    @Param({"target"})
    public String directory;

    JooqMessageStore store;
    Path dir;
    volatile boolean running;
    final AtomicLong acknowledged = new AtomicLong();
    /** One permit per {@link #BLOCK} acknowledged posts. */
    final Semaphore blocks = new Semaphore(0);
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Setup(Level.Trial)
    public void start() throws IOException {
        Files.createDirectories(Path.of(directory));
        dir = Files.createTempDirectory(Path.of(directory), "async-append-bench");
        store = JooqMessageStore.open(commit.config(dir.resolve("bench.db"), durability));
        running = true;
        for (int p = 1; p <= posters; p++) {
            post("p" + p + "-", 0);
        }
    }

    /** Sends post {@code number} of a poster; its acknowledgement sends the next one. */
    private void post(String prefix, long number) {
        String clientOffset = prefix + number;
        store.appendAsync(NewMessage.of("benchmark message " + clientOffset, clientOffset))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                        blocks.release();
                        return;
                    }
                    if (acknowledged.incrementAndGet() % BLOCK == 0) {
                        blocks.release();
                    }
                    if (running) {
                        post(prefix, number + 1);
                    }
                });
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        running = false;
        // Posts still in flight are committed (or refused) by the close before the file is deleted.
        store.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BLOCK)
    public void acknowledgedPosts() throws Exception {
        blocks.acquire();
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("an append failed", error);
        }
    }
}
