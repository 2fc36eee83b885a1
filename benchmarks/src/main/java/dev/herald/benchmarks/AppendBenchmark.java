package dev.herald.benchmarks;

import dev.herald.adapters.persistence.Durability;
import dev.herald.adapters.persistence.JooqMessageStore;
import dev.herald.adapters.persistence.SqliteStoreConfig;
import dev.herald.domain.NewMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Posts per second through {@code JooqMessageStore.append} with 1, 8 and 64 concurrent posters, each post with its
 * own client offset, the database file on disk. {@code commit=GROUP} is the store as shipped; {@code
 * commit=PER_INSERT} sets the batch size to 1, i.e. one transaction per post as in the Socket.IO tutorial.
 *
 * <p>The posters are virtual threads ({@code -Djmh.executor=VIRTUAL}, JMH 1.37). Herald never parks a thread per
 * poster: the chat hands each post to {@code appendAsync} from an IO thread and acknowledges it in a continuation
 * (see {@link AsyncAppendBenchmark}, which drives the store that way). With 64 platform threads on a 2-core machine
 * the figure measured the kernel waking 64 threads after every commit instead (ADR 0005); pass
 * {@code -jvmArgsAppend -Djmh.executor=PLATFORM} to see that figure. Each poster reports which kind it ran on.
 */
@Fork(value = 1, jvmArgsAppend = {
        "--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
        "-Djmh.executor=VIRTUAL"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    public enum Commit {
        GROUP, PER_INSERT;

        /** The store's settings for a database at {@code file}: PER_INSERT commits every post on its own. */
        SqliteStoreConfig config(Path file, Durability durability) {
            SqliteStoreConfig config = SqliteStoreConfig.defaults(file).withDurability(durability);
            return this == PER_INSERT ? config.withMaxBatchSize(1) : config;
        }
    }

    @State(Scope.Benchmark)
    public static class Store {

        @Param({"GROUP", "PER_INSERT"})
        public Commit commit;

        @Param({"FULL"})
        public Durability durability;

        /** Where the database file goes; must be a real disk, not tmpfs. */
        @Param({"target"})
        public String directory;

        JooqMessageStore store;
        Path dir;
        final AtomicInteger posters = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() throws IOException {
            Files.createDirectories(Path.of(directory));
            dir = Files.createTempDirectory(Path.of(directory), "append-bench");
            store = JooqMessageStore.open(commit.config(dir.resolve("bench.db"), durability));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            BenchFiles.deleteTree(dir);
        }
    }

    @State(Scope.Thread)
    public static class Poster {
        String prefix;
        long next;

        @Setup(Level.Trial)
        public void name(Store store) {
            int number = store.posters.incrementAndGet();
            prefix = "p" + number + "-";
            if (number == 1) {
                System.out.println("posters run on " + (Thread.currentThread().isVirtual() ? "virtual" : "platform")
                        + " threads");
            }
        }

        NewMessage nextMessage() {
            String clientOffset = prefix + next++;
            return NewMessage.of("benchmark message " + clientOffset, clientOffset);
        }
    }

    @Benchmark
    @Threads(1)
    public Object posters01(Store store, Poster poster) {
        return store.store.append(poster.nextMessage());
    }

    @Benchmark
    @Threads(8)
    public Object posters08(Store store, Poster poster) {
        return store.store.append(poster.nextMessage());
    }

    @Benchmark
    @Threads(64)
    public Object posters64(Store store, Poster poster) {
        return store.store.append(poster.nextMessage());
    }
}
