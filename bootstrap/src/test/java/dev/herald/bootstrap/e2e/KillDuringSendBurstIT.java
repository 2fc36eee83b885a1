package dev.herald.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of a send burst, restart on the same file and port: the real JS clients reconnect by
 * themselves (no connection state survives the crash, so they replay from their cursors) and keep retrying what was
 * not acknowledged. Every acknowledged message must be stored exactly once and reach every client once, in order.
 */
class KillDuringSendBurstIT {

    private static final int SENDERS = 4;
    private static final int MESSAGES_PER_SENDER = 150;

    @Test
    void everyAcknowledgedMessageSurvivesSigkillAndReachesEveryClientOnce(@TempDir Path temp) throws Exception {
        Path logs = E2e.logDirectory("kill-during-burst");
        Path database = temp.resolve("chat.db");
        AtomicInteger rowsRightAfterKill = new AtomicInteger(-1);
        JsonNode result;
        try (HeraldProcess herald = HeraldProcess.start(database, logs.resolve("server.log"))) {
            Map<String, Object> config = Map.of(
                    "url", herald.url(),
                    "seed", System.nanoTime() & 0xffffffL,
                    "senders", List.of(
                            Map.of("transports", "websocket", "mode", "manual"),
                            Map.of("transports", "default", "mode", "manual"),
                            Map.of("transports", "websocket", "mode", "queue"),
                            Map.of("transports", "default", "mode", "queue")),
                    "receivers", List.of(Map.of("transports", "websocket"), Map.of("transports", "default")),
                    "messagesPerSender", MESSAGES_PER_SENDER,
                    "window", 8,
                    "paceMs", 6,
                    "killAfterAcked", SENDERS * MESSAGES_PER_SENDER / 3,
                    "timeoutMs", 55_000);
            result = NodeScript.run("clients.js", config, Duration.ofSeconds(60), logs.resolve("clients.log"), step -> {
                herald.kill();
                // What a crash left on disk, before anything can be retried.
                rowsRightAfterKill.set(StoredMessages.read(database).size());
                herald.restart();
                return "restarted";
            });
            assertEquals(2, herald.starts(), "killed and restarted once");
        }
        List<StoredMessages.Row> stored = StoredMessages.read(database);
        JsonNode clients = result.get("clients");
        DeliveryCheck.Counts counts = DeliveryCheck.check(clients, stored);
        long ackedAtKill = result.get("ackedAtKillRequest").asLong();
        long ackedAtRestart = result.get("ackedAtRestart").asLong();
        String context = "logs " + logs + ", acked at kill " + ackedAtKill + ", at restart " + ackedAtRestart
                + ", rows after kill " + rowsRightAfterKill.get() + ": " + counts;

        int total = SENDERS * MESSAGES_PER_SENDER + 1;
        System.out.println("kill during burst: " + context);
        assertAll(context,
                () -> assertEquals(total, stored.size(), "one row per message sent"),
                () -> assertEquals(total, counts.acked(), "every message acknowledged in the end"),
                // The kill really fell inside the burst: acknowledged rows were on disk, the rest came after.
                () -> assertTrue(rowsRightAfterKill.get() >= ackedAtKill, "acknowledged rows on disk at the kill"),
                () -> assertTrue(ackedAtRestart < total - 1, "messages still to send after the restart"),
                () -> assertTrue(counts.clean(), "faults " + counts.faults()),
                () -> assertEquals(0, E2e.sum(clients, "resets"), "chat resets"),
                // One socket per client for the whole run: the crash was survived by reconnecting, not replaced.
                () -> assertEquals(SENDERS + 2, counts.segments(), "sockets"),
                () -> assertTrue(E2e.sumSegments(clients, "connects") >= 2L * (SENDERS + 2), "everyone reconnected"),
                () -> assertEquals(0, E2e.sumSegments(clients, "recoveredConnects"), "nothing to recover after a crash"),
                () -> assertTrue(counts.delivered() >= (SENDERS + 2L) * total, "delivered " + counts.delivered()),
                () -> assertTrue(E2e.sum(clients, "attempts") > counts.acked(), "posts retried across the crash"));
    }
}
