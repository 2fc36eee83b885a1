package dev.herald.adapters.websocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/interop.mjs} (the npm socket.io-client installed by the build's {@code npm ci}) and
 * returns the one JSON line it prints.
 */
final class NodeClient {

    private static final Path SCRIPT = Path.of("src", "test", "node", "interop.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeClient() {}

    static JsonNode run(String scenario, String url, String transports) throws IOException, InterruptedException {
        if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules").resolve("socket.io-client"))) {
            throw new IllegalStateException("socket.io-client is not installed: the build runs npm ci in src/test/node");
        }
        Path log = Files.createTempFile("interop-" + scenario, ".log");
        Process process = new ProcessBuilder(List.of("node", SCRIPT.toString(), scenario, url, transports))
                .redirectError(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node " + scenario + " did not finish within 60 s:\n" + Files.readString(log));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String progress = Files.readString(log);
        Files.delete(log);
        String last = out.substring(out.lastIndexOf('\n') + 1);
        JsonNode result = last.isEmpty() ? null : JSON.readTree(last);
        if (process.exitValue() != 0 || result == null || result.has("error")) {
            throw new AssertionError("node " + scenario + " (" + transports + ") failed: " + out + "\n" + progress);
        }
        return result;
    }
}
