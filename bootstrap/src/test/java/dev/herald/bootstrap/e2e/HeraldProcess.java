package dev.herald.bootstrap.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged {@code herald.jar} running as a child process on a free port and a given database file, the way an
 * operator runs it. {@link #kill()} is SIGKILL: no shutdown hook, no flush, nothing graceful.
 */
final class HeraldProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path database;
    private final Path log;
    private final int port;
    private final List<String> extraArgs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    private HeraldProcess(Path database, Path log, int port, List<String> extraArgs) {
        this.database = database;
        this.log = log;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** Starts Herald on a free port with {@code database}, logging to {@code log}; returns once it is ready. */
    static HeraldProcess start(Path database, Path log, String... extraArgs) throws IOException, InterruptedException {
        HeraldProcess herald = new HeraldProcess(database, log, freePort(), List.of(extraArgs));
        herald.launch();
        return herald;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path database() {
        return database;
    }

    /** How many times the process was launched (1 + restarts). */
    int starts() {
        return starts;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (what an orchestrator sends), and waits up to {@code timeout} for the exit; returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("herald did not stop within " + timeout + " of SIGTERM; log " + log + ":\n"
                    + tail(log));
        }
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    /** Starts again on the same port and database file; returns once it is ready. */
    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            // Graceful first (SIGTERM runs Herald's shutdown hook), so the database is closed cleanly for the check.
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void launch() throws IOException, InterruptedException {
        String jar = requiredProperty("herald.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and quick to start: several of these run in a suite on a 2-core machine.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar,
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--db", database.toString()));
        command.addAll(extraArgs);
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        starts++;
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(READY_TIMEOUT);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("herald exited with " + process.exitValue() + "; log " + log
                        + ":\n" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notListeningYet) {
                // The port opens only once the store and feed are up.
            }
            // Nothing announces readiness but the endpoint itself: poll it.
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("herald not ready within " + READY_TIMEOUT + "; log " + log + ":\n" + tail(log));
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the end-to-end tests with "
                    + "mvn verify (failsafe sets it)");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
