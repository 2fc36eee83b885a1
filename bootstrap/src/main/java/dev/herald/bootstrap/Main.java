package dev.herald.bootstrap;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's entry point: {@code java -jar herald.jar [--setting value ...]} serves the chat;
 * {@code java -jar herald.jar conformance [--port 3000]} serves what the official protocol test suites expect;
 * {@code --help} lists the settings.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(ConfigParser.help());
            return;
        }
        boolean conformance = !arguments.isEmpty() && arguments.getFirst().equals("conformance");
        HeraldConfig config;
        try {
            config = ConfigParser.parse(conformance ? arguments.subList(1, arguments.size()) : arguments, System.getenv());
        } catch (ConfigParser.ConfigException e) {
            System.err.println("herald: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logging.configure(config.logFormat());
        Logger log = LoggerFactory.getLogger(Main.class);

        AutoCloseable server;
        try {
            server = conformance ? ConformanceServer.start(config.port()) : HeraldServer.start(config);
        } catch (RuntimeException e) {
            log.error("herald could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("herald-shutdown").unstarted(() -> {
            try {
                server.close();
            } catch (Exception e) {
                log.error("error while stopping", e);
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
