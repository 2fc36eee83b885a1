package dev.herald.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pages of Herald's own chat page in headless Chromium: they chat, one reloads, one goes offline and sends
 * while offline, the server is SIGKILLed while both send and is restarted. Each page must end with every message
 * exactly once, in the order the database stored them.
 */
class BrowserChatIT {

    @Test
    void bothPagesEndWithEveryMessageOnceInStoredOrder(@TempDir Path temp) throws Exception {
        // A missing browser fails the test: CI installs it (.ci/run), and a skipped proof proves nothing.
        Path chromium = chromium().orElseThrow(() -> new AssertionError(
                "headless Chromium is required for this test: install the Debian package 'chromium' "
                        + "(or set CHROMIUM to its path)"));
        Path logs = E2e.logDirectory("browser");
        Path database = temp.resolve("chat.db");
        JsonNode result;
        try (HeraldProcess herald = HeraldProcess.start(database, logs.resolve("server.log"))) {
            Map<String, Object> config = Map.of("url", herald.url(), "chromium", chromium.toString(),
                    "timeoutMs", 55_000);
            result = NodeScript.run("browser.js", config, Duration.ofSeconds(60), logs.resolve("browser.log"),
                    step -> {
                        switch (step.get("step").asText()) {
                            case "kill" -> herald.kill();
                            case "restart" -> herald.restart();
                            default -> throw new IllegalStateException("unknown step " + step);
                        }
                        return "done";
                    });
            assertEquals(2, herald.starts(), "killed and restarted once");
        }
        List<String> stored = StoredMessages.read(database).stream().map(StoredMessages.Row::content).toList();
        List<String> sent = texts(result.get("sent"));
        List<String> pageA = texts(result.at("/pages/a"));
        List<String> pageB = texts(result.at("/pages/b"));
        System.out.println("browser: stored " + stored + "; page A " + pageA + "; page B " + pageB);

        assertAll("logs " + logs,
                () -> assertEquals(11, sent.size(), "messages typed"),
                () -> assertEquals(new HashSet<>(sent), new HashSet<>(stored), "every message typed is stored"),
                () -> assertEquals(sent.size(), stored.size(), "each stored once"),
                () -> assertEquals(stored, pageA, "page A: every message once, in stored order"),
                () -> assertEquals(stored, pageB, "page B: every message once, in stored order"),
                () -> assertTrue(result.get("pendingWhileOffline").asInt() >= 1, "A held its offline message"),
                () -> assertTrue(result.get("pendingWhileDown").asInt() >= 2, "both held messages while down"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }

    /** $CHROMIUM, else {@code chromium} on the PATH. */
    private static Optional<Path> chromium() {
        String explicit = System.getenv("CHROMIUM");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "chromium"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
