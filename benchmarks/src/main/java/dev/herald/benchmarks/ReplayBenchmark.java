package dev.herald.benchmarks;

import dev.herald.adapters.persistence.JooqMessageStore;
import dev.herald.adapters.persistence.SqliteStoreConfig;
import dev.herald.domain.Message;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
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
 * Replay speed: {@code readAfter} pages of 1,000 rows from a file of {@link #ROWS} messages on disk, walking the log
 * from the start and wrapping around. The score is rows per second.
 */
@Fork(value = 1, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ReplayBenchmark {

    static final int ROWS = 100_000;
    static final int PAGE = 1_000;

    @Param({"target"})
    public String directory;

    JooqMessageStore store;
    Path dir;
    Offset cursor = Offset.ZERO;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        Files.createDirectories(Path.of(directory));
        dir = Files.createTempDirectory(Path.of(directory), "replay-bench");
        store = JooqMessageStore.open(SqliteStoreConfig.defaults(dir.resolve("bench.db")));
        // Filled through the store itself, by enough posters for group commit to make it quick.
        int posters = 64;
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                int poster = p;
                done.add(pool.submit(() -> {
                    for (int i = poster; i < ROWS; i += posters) {
                        store.append(NewMessage.of("replayed message number " + i, "c-" + i));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(PAGE)
    public List<Message> readAfterPagesOf1000() {
        List<Message> page = store.readAfter(cursor, PAGE);
        cursor = page.size() < PAGE ? Offset.ZERO : page.getLast().offset();
        return page;
    }
}
