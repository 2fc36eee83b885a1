package dev.herald.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one of the Node scripts in {@code src/test/node} with the npm packages the build installed, and returns the
 * {@code result} of its last JSON line. A {@code {"step": ...}} line is handed to a {@link StepHandler} (kill the
 * server, restart it) whose answer goes back on the script's stdin. The script's stderr is kept in a log file.
 */
final class NodeScript {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Does what the script asked for and returns the one-line answer it waits for. */
    @FunctionalInterface
    interface StepHandler {
        String handle(JsonNode step) throws Exception;
    }

    static final StepHandler NO_STEPS = step -> {
        throw new IllegalStateException("unexpected step " + step);
    };

    private NodeScript() {
    }

    static JsonNode run(String script, Object config, Duration timeout, Path log, StepHandler steps)
            throws IOException, InterruptedException {
        Path scripts = Path.of(HeraldProcess.requiredProperty("herald.test.node"));
        Path nodeModules = Path.of(HeraldProcess.requiredProperty("herald.node.modules"));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of("node", scripts.resolve(script).toString(),
                JSON.writeValueAsString(config)))
                .directory(scripts.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("NODE_PATH", nodeModules.toString());
        Process node = builder.start();

        AtomicReference<JsonNode> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().name("node-" + script).start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                 Writer answers = node.outputWriter(StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode message = JSON.readTree(line);
                    if (message.has("step")) {
                        answers.write(steps.handle(message) + "\n");
                        answers.flush();
                    } else if (message.has("result")) {
                        result.set(message.get("result"));
                    } else if (message.has("timeout")) {
                        failure.compareAndSet(null, new AssertionError("script timed out waiting for "
                                + message.get("waitingFor").asText()));
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                node.destroyForcibly();
            }
        });

        boolean finished = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            node.destroyForcibly().waitFor();
        }
        reader.join(Duration.ofSeconds(10));
        if (failure.get() != null) {
            throw new AssertionError(script + " failed: " + failure.get() + "\n" + HeraldProcess.tail(log),
                    failure.get());
        }
        if (!finished) {
            throw new AssertionError(script + " did not finish within " + timeout + "\n" + HeraldProcess.tail(log));
        }
        if (node.exitValue() != 0 || result.get() == null) {
            throw new AssertionError(script + " exited with " + node.exitValue() + " and "
                    + (result.get() == null ? "no result" : "a result") + "\n" + HeraldProcess.tail(log));
        }
        return result.get();
    }
}
