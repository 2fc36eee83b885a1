package dev.herald.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise under churn, with the real npm socket.io-client on both transports: senders post with client offsets
 * and retry until acknowledged while every client, at random moments, loses its transport (connection state
 * recovery) or reconnects from scratch with a stale cursor (replay from the database). Every socket's raw delivery
 * list is checked against the rows in the SQLite file.
 */
class JsClientsChaosIT {

    private static final int MESSAGES_PER_SENDER = 150;

    @Test
    void everyClientGetsEveryStoredMessageOnceInOrderWhileClientsDropAndReconnect(@TempDir Path temp) throws Exception {
        Path logs = E2e.logDirectory("chaos");
        long seed = System.nanoTime() & 0xffffffL;
        JsonNode result;
        try (HeraldProcess herald = HeraldProcess.start(temp.resolve("chat.db"), logs.resolve("server.log"))) {
            Map<String, Object> config = Map.of(
                    "url", herald.url(),
                    "seed", seed,
                    "senders", List.of(
                            Map.of("transports", "websocket", "mode", "manual"),
                            Map.of("transports", "default", "mode", "manual"),
                            Map.of("transports", "websocket", "mode", "queue"),
                            Map.of("transports", "default", "mode", "queue"),
                            Map.of("transports", "websocket", "mode", "manual"),
                            Map.of("transports", "default", "mode", "manual")),
                    "receivers", List.of(
                            Map.of("transports", "websocket"), Map.of("transports", "default"),
                            Map.of("transports", "polling"), Map.of("transports", "default")),
                    "messagesPerSender", MESSAGES_PER_SENDER,
                    "paceMs", 40,
                    "duplicateShare", 0.1,
                    "chaos", Map.of("enabled", true, "minMs", 150, "maxMs", 700, "fullReconnectShare", 0.35),
                    "timeoutMs", 55_000);
            result = NodeScript.run("clients.js", config, Duration.ofSeconds(60), logs.resolve("clients.log"),
                    NodeScript.NO_STEPS);
        }
        List<StoredMessages.Row> stored = StoredMessages.read(temp.resolve("chat.db"));
        JsonNode clients = result.get("clients");
        DeliveryCheck.Counts counts = DeliveryCheck.check(clients, stored);
        String context = "seed " + seed + ", logs " + logs + ": " + counts;

        System.out.println("chaos: " + context);
        assertAll(context,
                () -> assertEquals(6 * MESSAGES_PER_SENDER + 1, stored.size(), "one row per message sent"),
                () -> assertEquals(6 * MESSAGES_PER_SENDER + 1, counts.acked(), "every message acknowledged"),
                () -> assertEquals(result.get("markerOffset").asLong(), stored.getLast().id(), "marker is newest"),
                // clientBufferedDuplicates is not a fault of the server (DeliveryCheck).
                () -> assertTrue(counts.clean(), "faults " + counts.faults()),
                () -> assertEquals(0, E2e.sum(clients, "resets"), "chat resets"),
                // Every client, at least, got every message once on its last socket.
                () -> assertTrue(counts.delivered() >= 10L * stored.size(), "delivered " + counts.delivered()),
                // The churn really happened, on both paths the server has for a returning client.
                () -> assertTrue(E2e.sum(clients, "drops") >= 10, "transport drops"),
                () -> assertTrue(E2e.sumSegments(clients, "recoveredConnects") >= 5, "recovered sessions"),
                () -> assertTrue(E2e.sum(clients, "fullReconnects") >= 5, "full reconnects with a stale cursor"),
                () -> assertTrue(E2e.sum(clients, "attempts") >= counts.acked() + 20, "retries of stored messages"));
    }
}
