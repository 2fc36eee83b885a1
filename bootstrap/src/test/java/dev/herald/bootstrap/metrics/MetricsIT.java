package dev.herald.bootstrap.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.bootstrap.ConfigParser;
import dev.herald.bootstrap.HeraldServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real Herald in-process (port 0, a temporary database), drives it with the real JS socket.io-client and
 * plain HTTP, and checks each documented metric moves when its event happens; then checks the whole scrape with
 * {@code promtool check metrics} and that the catalogue and the dashboard name only metrics Herald exports.
 * The tests run in order on one server: later ones rely on the history earlier ones posted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Path NODE_MODULES = Path.of("src", "main", "node", "node_modules");
    private static final Path DRIVER = Path.of("src", "test", "resources", "metrics", "drive.js");
    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private HeraldServer server;
    private Path database;
    private URI base;
    private URI management;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Scrape first;
    /** The newest offset a replay saw, so later clients can start there instead of replaying everything. */
    private long newestOffset;

    @BeforeAll
    void start() throws Exception {
        database = dir.resolve("chat.db");
        server = HeraldServer.start(ConfigParser.parse(List.of("--port", "0", "--db", database.toString(),
                "--host", "127.0.0.1", "--max-message-length", "100", "--outbound-limit", "16", "--replay-page-size", "8"), Map.of()));
        base = URI.create("http://127.0.0.1:" + server.port());
        management = base;
        first = scrape();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aChatClientMovesConnectionUpgradeMessageAndLatencyMetrics() throws Exception {
        Scrape before = scrape();
        JsonNode seen = node("chat", "0");
        assertEquals("websocket", seen.get("transport").asText(), "the client upgraded: " + seen);
        assertEquals("TEXT_TOO_LONG", seen.path("refusal").path("error").asText(), "the long message was refused: " + seen);

        Scrape after = awaitScrape(s -> s.value("herald_socketio_disconnects_total", "reason=client_namespace_disconnect")
                > before.value("herald_socketio_disconnects_total", "reason=client_namespace_disconnect"));
        assertIncreasedBy(before, after, 1, "herald_engineio_handshakes_total", "transport=polling");
        assertIncreasedBy(before, after, 1, "herald_engineio_upgrades_total");
        assertIncreasedBy(before, after, 3, "herald_messages_posted_total");
        assertIncreasedBy(before, after, 1, "herald_messages_duplicates_total");
        assertIncreasedBy(before, after, 1, "herald_messages_refused_total", "reason=TEXT_TOO_LONG");
        assertIncreasedBy(before, after, 1, "herald_chat_replays_started_total");
        assertIncreasedBy(before, after, 4, "herald_store_append_latency_seconds_count");
        assertMoved(before, after, "herald_store_append_latency_seconds_bucket");
        assertMoved(before, after, "herald_store_batch_size_count");
        assertMoved(before, after, "herald_store_commit_latency_seconds_count");
        assertMoved(before, after, "herald_feed_dispatched_total");
        assertMoved(before, after, "herald_deliveries_total", "path=live");
        assertMoved(before, after, "herald_delivery_latency_seconds_count");
        assertMoved(before, after, "herald_store_read_latency_seconds_count");
        Scrape closed = awaitScrape(s -> s.value("herald_engineio_disconnects_total", "transport=websocket")
                > value(before, "herald_engineio_disconnects_total", "transport=websocket"));
        assertMoved(before, closed, "herald_engineio_disconnects_total", "transport=websocket");
    }

    @Test
    @Order(2)
    void aClientThatStopsReadingIsQueuedForThenDroppedAsSlow() throws Exception {
        Scrape before = scrape();
        // A polling client that joins at the newest offset and never polls again: its CONNECT reply stays queued.
        RawClient stalled = RawClient.open(http, base);
        long newest = (long) before.value("herald_messages_posted_total");
        stalled.post("40{\"serverOffset\":" + newest + "}");
        // The CONNECT reply is queued at once; joining the live stream follows on a catch-up thread.
        Scrape joined = awaitScrape(s -> s.value("herald_outbound_queued") >= 1
                && s.value("herald_feed_live_followers") >= 1);
        assertTrue(joined.value("herald_connections", "transport=polling") >= 1, "polling connection counted");
        assertTrue(joined.value("herald_socketio_sockets", "namespace=/") >= 1, "socket counted in namespace /");
        assertTrue(joined.value("herald_feed_live_followers") >= 1, "the stalled socket follows the live stream");

        // More new messages than its outbound limit (16): it is dropped as too slow, not buffered for.
        JsonNode posted = node("post", "20");
        assertEquals(20, posted.get("posted").asInt());
        Scrape after = awaitScrape(s -> s.value("herald_chat_slow_clients_dropped_total")
                > before.value("herald_chat_slow_clients_dropped_total"));
        assertIncreasedBy(before, after, 1, "herald_chat_slow_clients_dropped_total");
        assertIncreasedBy(before, after, 1, "herald_engineio_handshakes_total", "transport=websocket");
    }

    @Test
    @Order(3)
    void aReplayCountsTheMessagesItReplays() throws Exception {
        Scrape before = scrape();
        int stored = (int) before.value("herald_messages_posted_total");
        JsonNode seen = node("replay", Integer.toString(stored));
        assertEquals(stored, seen.get("offsets").size());
        newestOffset = seen.get("offsets").get(stored - 1).asLong();
        Scrape after = awaitScrape(s -> s.value("herald_deliveries_total", "path=replay")
                >= before.value("herald_deliveries_total", "path=replay") + stored);
        assertIncreasedBy(before, after, 1, "herald_chat_replays_started_total");
        assertTrue(after.value("herald_store_rows_read_total") - before.value("herald_store_rows_read_total") >= stored,
                "rows read from the store");
    }

    @Test
    @Order(4)
    void recoveriesAreCountedBySuccessAndFailure() throws Exception {
        Scrape before = scrape();
        JsonNode seen = node("recover", Long.toString(newestOffset));
        assertTrue(seen.get("recovered").asBoolean(), "the client recovered its session: " + seen);
        Scrape recovered = awaitScrape(s -> s.value("herald_socketio_recoveries_total", "result=succeeded")
                > before.value("herald_socketio_recoveries_total", "result=succeeded"));
        assertIncreasedBy(before, recovered, 1, "herald_chat_sessions_resumed_total");
        assertMoved(before, recovered, "herald_engineio_disconnects_total", "reason=transport_close");

        RawClient stranger = RawClient.open(http, base);
        stranger.post("40{\"pid\":\"no-such-session\",\"offset\":\"1\"}");
        Scrape failed = awaitScrape(s -> s.value("herald_socketio_recoveries_total", "result=failed")
                > before.value("herald_socketio_recoveries_total", "result=failed"));
        assertIncreasedBy(before, failed, 1, "herald_socketio_recoveries_total", "result=failed");
    }

    @Test
    @Order(5)
    void refusedConnectsHttpErrorsAndProtocolErrorsAreCounted() throws Exception {
        Scrape before = scrape();
        JsonNode seen = node("refused", "");
        assertFalse(seen.get("error").asText().isEmpty());

        HttpResponse<String> unknownTransport = get(base.resolve("/socket.io/?EIO=4&transport=carrier-pigeon"));
        assertEquals(400, unknownTransport.statusCode());
        HttpResponse<String> unknownSid = get(base.resolve("/socket.io/?EIO=4&transport=polling&sid=nobody"));
        assertEquals(400, unknownSid.statusCode());
        RawClient garbled = RawClient.open(http, base);
        garbled.post("49"); // an Engine.IO message holding no Socket.IO packet type

        Scrape after = awaitScrape(s -> s.value("herald_socketio_protocol_errors_total", "error=parse_error")
                > before.value("herald_socketio_protocol_errors_total", "error=parse_error"));
        assertIncreasedBy(before, after, 1, "herald_chat_connects_refused_total");
        assertIncreasedBy(before, after, 1, "herald_http_errors_total", "error=unknown_transport", "status=400");
        assertIncreasedBy(before, after, 1, "herald_http_errors_total", "error=unknown_sid", "status=400");
    }

    @Test
    @Order(6)
    void aLockedDatabaseFailsReadinessAndPostsAndIsCountedByKind() throws Exception {
        assertEquals(200, get(management.resolve("/health/ready")).statusCode());
        assertEquals(200, get(management.resolve("/health/live")).statusCode());
        Scrape before = scrape();
        RawClient poster = RawClient.open(http, base);
        poster.post("40{\"serverOffset\":" + (long) before.value("herald_messages_posted_total") + "}");
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
             Statement statement = lock.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE"); // another process holding the write lock
            HttpResponse<String> ready = awaitReady(503);
            assertTrue(ready.body().contains("BUSY"), "readiness names the failure: " + ready.body());

            // The post waits out the busy timeout (5 s), fails as BUSY, and is not acknowledged.
            poster.post("42[\"chat message\",\"while locked\",\"locked-1\"]");
            // The store counts its failure before it fails the posts, and the chat counts the post when it hears of
            // it: wait for both, not for the first one only.
            Scrape after = awaitScrape(s -> s.value("herald_store_failures_total", "operation=write", "failure=busy")
                    > before.value("herald_store_failures_total", "operation=write", "failure=busy")
                    && s.value("herald_messages_failed_total", "failure=BUSY")
                    > before.value("herald_messages_failed_total", "failure=BUSY"));
            assertIncreasedBy(before, after, 1, "herald_messages_failed_total", "failure=BUSY");
            statement.execute("ROLLBACK");
        }
        awaitReady(200);
    }

    @Test
    @Order(7)
    void theScrapePassesPromtool() throws Exception {
        Path scrape = dir.resolve("scrape.prom");
        Files.writeString(scrape, scrape().text());
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics")
                    .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is required for this test (Debian package 'prometheus'; .ci/run installs it): " + e);
            return;
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        assertEquals(0, promtool.exitValue(), "promtool check metrics found problems:\n" + output);
    }

    @Test
    @Order(8)
    void theCatalogueListsExactlyTheHeraldMetricsAndEachMoved() throws Exception {
        System.gc(); // the server runs in this JVM: a collection makes the GC pause timer appear
        Scrape last = scrape();
        Map<String, String> catalogue = Catalogue.read(DOCS.resolve("metrics.md"));
        assertFalse(catalogue.isEmpty(), "docs/metrics.md lists metrics");
        Set<String> exported = new TreeSet<>();
        for (String name : last.names()) {
            if (name.startsWith("herald_")) {
                exported.add(Catalogue.family(name));
            }
        }
        assertEquals(exported, new TreeSet<>(catalogue.keySet().stream().filter(n -> n.startsWith("herald_")).toList()),
                "docs/metrics.md and the scrape name the same herald_ metrics");
        for (String name : catalogue.keySet()) {
            assertTrue(last.names().stream().anyMatch(n -> Catalogue.family(n).equals(name)),
                    "documented metric " + name + " is exported");
        }
        // Every Herald counter and histogram moved since the first scrape; gauges were checked while they were up.
        List<String> still = new ArrayList<>();
        for (Map.Entry<String, String> entry : catalogue.entrySet()) {
            String name = entry.getKey();
            String series = switch (entry.getValue()) {
                case "counter" -> name;
                case "timer", "summary" -> name + "_count";
                default -> null;
            };
            if (name.startsWith("herald_") && series != null
                    && !(value(last, series) > value(first, series))) {
                still.add(series);
            }
        }
        assertEquals(List.of(), still, "documented metrics that never moved");
    }

    @Test
    @Order(9)
    void theDashboardQueriesOnlyExportedMetrics() throws Exception {
        System.gc();
        Scrape last = scrape();
        JsonNode dashboard = JSON.readTree(DOCS.resolve("grafana").resolve("herald.json").toFile());
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        assertTrue(expressions.size() >= 10, "the dashboard has queries: " + expressions.size());
        Pattern metric = Pattern.compile("\\b((?:herald|jvm|process|system)_[a-zA-Z0-9_]+)");
        for (String expr : expressions) {
            Matcher matcher = metric.matcher(expr);
            boolean any = false;
            while (matcher.find()) {
                any = true;
                assertTrue(last.names().contains(matcher.group(1)),
                        "dashboard query names " + matcher.group(1) + ", which Herald does not export: " + expr);
            }
            assertTrue(any, "dashboard query names no Herald, JVM or process metric: " + expr);
        }
    }

    // ---- helpers

    private static void collectExpressions(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    into.add(field.getValue().textValue());
                } else {
                    collectExpressions(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, into));
        }
    }

    private Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get(management.resolve("/metrics"));
        assertEquals(200, response.statusCode());
        return Scrape.parse(response.body());
    }

    private Scrape awaitScrape(java.util.function.Predicate<Scrape> condition) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        Scrape scrape = scrape();
        while (!condition.test(scrape)) {
            if (System.nanoTime() > deadline) {
                fail("the metrics did not move within " + AWAIT + "; last scrape:\n" + heraldLines(scrape));
            }
            Thread.sleep(50); // polling an observable condition, with a deadline
            scrape = scrape();
        }
        return scrape;
    }

    private HttpResponse<String> awaitReady(int status) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        HttpResponse<String> response = get(management.resolve("/health/ready"));
        while (response.statusCode() != status) {
            if (System.nanoTime() > deadline) {
                fail("readiness did not become " + status + ": " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(50);
            response = get(management.resolve("/health/ready"));
        }
        return response;
    }

    private static String heraldLines(Scrape scrape) {
        StringBuilder lines = new StringBuilder();
        scrape.series().forEach((k, v) -> {
            if (k.startsWith("herald_") && !k.contains("_bucket")) {
                lines.append(k).append(' ').append(v).append('\n');
            }
        });
        return lines.toString();
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double value(Scrape scrape, String name, String... labels) {
        double value = scrape.value(name, labels);
        return Double.isNaN(value) ? 0 : value;
    }

    private static void assertIncreasedBy(Scrape before, Scrape after, double by, String name, String... labels) {
        double delta = value(after, name, labels) - value(before, name, labels);
        assertTrue(delta >= by, name + " " + List.of(labels) + " moved by " + delta + ", expected at least " + by);
    }

    private static void assertMoved(Scrape before, Scrape after, String name, String... labels) {
        assertIncreasedBy(before, after, Double.MIN_VALUE, name, labels);
    }

    /** Runs the JS driver with the real socket.io-client and returns the JSON line it prints. */
    private JsonNode node(String scenario, String arg) throws Exception {
        assertTrue(Files.isDirectory(NODE_MODULES.resolve("socket.io-client")),
                "socket.io-client is installed by the build (npm ci in src/main/node)");
        ProcessBuilder builder = new ProcessBuilder("node", DRIVER.toString(), base.toString(), scenario, arg)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("NODE_PATH", NODE_MODULES.toAbsolutePath().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "driver finished");
        assertEquals(0, process.exitValue(), "driver scenario " + scenario + " failed: " + output);
        return JSON.readTree(output);
    }

    /** A bare Engine.IO polling client, for what a well-behaved client never does. */
    private record RawClient(HttpClient http, URI endpoint) {

        static RawClient open(HttpClient http, URI base) throws Exception {
            HttpResponse<String> open = http.send(HttpRequest.newBuilder(
                            base.resolve("/socket.io/?EIO=4&transport=polling")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, open.statusCode());
            assertTrue(open.body().startsWith("0{"), open.body());
            String sid = JSON.readTree(open.body().substring(1)).get("sid").asText();
            return new RawClient(http, base.resolve("/socket.io/?EIO=4&transport=polling&sid=" + sid));
        }

        void post(String packet) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofString(packet)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "POST " + packet + ": " + response.body());
        }
    }
}
