package dev.herald.adapters.persistence;

import static dev.herald.adapters.persistence.jooq.Tables.MESSAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kills a JVM that is appending from many threads (SIGKILL, at a random moment) again and again on the same file,
 * and checks after every kill that each acknowledged message is stored exactly once at the offset it was
 * acknowledged with, that offsets never go back or get reused, and that the file is intact.
 */
class CrashIT {

    private static final int ROUNDS = 20;
    private static final int POSTERS = 16;

    private Path directory;
    private Path file;

    @BeforeEach
    void createDirectory() throws IOException {
        directory = Files.createTempDirectory("herald-crash");
        file = directory.resolve("messages.db");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        TestFiles.deleteRecursively(directory);
    }

    @Test
    void everyAcknowledgedMessageSurvivesSigkillExactlyOnceWithIncreasingOffsets() throws Exception {
        long newestBeforeRound = 0;
        int acknowledgedInTotal = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Ack> acks = runAndKill("r" + round);
            assertTrue(!acks.isEmpty(), "round " + round + " acknowledged nothing before the kill");
            acknowledgedInTotal += acks.size();

            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                DSLContext db = DSL.using(connection, SQLDialect.SQLITE);
                assertEquals("ok", db.fetchValue("PRAGMA integrity_check"), "integrity after round " + round);

                Map<String, Long> stored = new HashMap<>();
                for (Record2<String, Long> row : db.select(MESSAGES.CLIENT_OFFSET, MESSAGES.ID)
                        .from(MESSAGES).where(MESSAGES.CLIENT_OFFSET.like("r" + round + "-%")).fetch()) {
                    stored.put(row.value1(), row.value2());
                }
                Map<String, Long> lastByPoster = new HashMap<>();
                for (Ack ack : acks) {
                    assertEquals(ack.offset(), stored.get(ack.clientOffset()),
                            "acknowledged " + ack.clientOffset() + " stored once at its acknowledged offset");
                    assertTrue(ack.offset() > newestBeforeRound,
                            ack + " reuses an offset of an earlier round (newest was " + newestBeforeRound + ")");
                    Long previous = lastByPoster.put(ack.poster(), ack.offset());
                    assertTrue(previous == null || ack.offset() > previous,
                            "offsets of one poster increase: " + previous + " then " + ack);
                }
                // A client offset is unique, so "exactly once" means: no two rows for any acknowledged one.
                assertEquals(stored.size(), db.fetchCount(MESSAGES, MESSAGES.CLIENT_OFFSET.like("r" + round + "-%")));

                Long newest = db.select(DSL.max(MESSAGES.ID)).from(MESSAGES).fetchOne(0, Long.class);
                newestBeforeRound = newest == null ? newestBeforeRound : newest;
            }
        }
        assertTrue(acknowledgedInTotal >= ROUNDS, "some messages were acknowledged: " + acknowledgedInTotal);
    }

    private record Ack(String clientOffset, long offset) {
        String poster() {
            return clientOffset.substring(0, clientOffset.lastIndexOf('-'));
        }
    }

    private List<Ack> runAndKill(String round) throws Exception {
        Process child = ChildJvm.start(CrashingWriter.class, file.toString(), round, Integer.toString(POSTERS));
        CountDownLatch firstAck = new CountDownLatch(1);
        List<Ack> acks = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader out = ChildJvm.stdout(child)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] parts = line.split(" ");
                    // A line cut short by the kill lacks END and is not an acknowledgement.
                    if (parts.length == 4 && parts[0].equals("ACK") && parts[3].equals("END")) {
                        acks.add(new Ack(parts[1], Long.parseLong(parts[2])));
                        firstAck.countDown();
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try {
            assertTrue(firstAck.await(30, TimeUnit.SECONDS), "child " + round + " acknowledged nothing in 30 s");
            // The kill lands at a random point of the child's writing: mid-batch, mid-commit, mid-checkpoint.
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 300));
        } finally {
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe and lose
            // the acknowledgements the child printed just before dying, the most interesting ones.
            child.toHandle().destroyForcibly();
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child " + round + " did not die");
        reader.get(30, TimeUnit.SECONDS);
        return acks;
    }
}
