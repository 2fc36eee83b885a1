package dev.herald.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@link HeraldConfig} from command-line flags ({@code --port 3000} or {@code --port=3000}) and environment
 * variables ({@code HERALD_PORT}); a flag wins over the environment, the environment over the default. Every value
 * is validated, and an invalid one is refused with a message naming the setting and what it allows.
 */
public final class ConfigParser {

    /** A setting as documented: its flag, environment variable, default and what it allows. */
    public record Setting(String name, String defaultValue, String allowed, String description) {
        public String flag() {
            return "--" + name;
        }

        public String environmentVariable() {
            return "HERALD_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    /** Thrown for a bad flag or value; the message is meant for the operator. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    public static final List<Setting> SETTINGS = List.of(
            new Setting("host", "0.0.0.0", "an interface address or host name", "address to listen on"),
            new Setting("port", "3000", "0-65535 (0 picks a free port)",
                    "HTTP port for the chat page, Socket.IO, health and metrics"),
            new Setting("db", "chat.db", "a file path", "SQLite database file (created if missing)"),
            new Setting("durability", "full", "full | normal",
                    "full: a commit survives power loss; normal: survives a process crash, may lose the last commits on power loss"),
            new Setting("allowed-origins", "*", "* or a comma-separated list of origins (scheme://host[:port])",
                    "browser origins allowed by CORS and for WebSocket upgrades"),
            new Setting("ping-interval-ms", "25000", "100-600000", "Engine.IO heartbeat interval"),
            new Setting("ping-timeout-ms", "20000", "100-600000", "how long to wait for a heartbeat answer"),
            new Setting("max-payload-bytes", "1000000", "1024-100000000",
                    "largest HTTP body or WebSocket frame accepted (Engine.IO maxPayload)"),
            new Setting("connect-timeout-ms", "45000", "100-600000",
                    "how long a new connection may take to join a namespace"),
            new Setting("recovery-window-ms", "120000", "0-3600000",
                    "how long a dropped session can be recovered (connection state recovery); 0 turns recovery off"),
            new Setting("max-message-length", "10000", "1-1000000", "longest chat message accepted, in characters"),
            new Setting("replay-page-size", "500", "1-10000", "messages read from the store per replay page"),
            new Setting("outbound-limit", "10000", "16-1000000",
                    "messages queued for one client before it is disconnected as too slow"),
            new Setting("management-port", "0", "0 or 1-65535",
                    "separate port for /metrics and /health; 0 serves them on the main port"),
            new Setting("log-format", "text", "text | json", "log line format"),
            new Setting("shutdown-grace-ms", "10000", "0-600000", "how long a graceful shutdown waits for in-flight work"));

    private ConfigParser() {
    }

    /** Parses flags over environment over defaults. {@code --help} is handled by the caller. */
    public static HeraldConfig parse(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting setting : SETTINGS) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            values.put(setting.name(), fromEnvironment != null ? fromEnvironment : setting.defaultValue());
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "'; settings are given as --name value (see --help)");
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException("--" + name + " needs a value");
            }
            if (!values.containsKey(name)) {
                throw new ConfigException("unknown setting --" + name + "; known: "
                        + String.join(", ", SETTINGS.stream().map(Setting::flag).toList()));
            }
            values.put(name, value);
        }

        return new Values(values).toConfig();
    }

    /** The text {@code --help} prints. */
    public static String help() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar herald.jar [conformance] [--setting value ...]

                Starts the Herald chat server. Every setting can also be given as an environment variable;
                a flag wins over the environment, the environment over the default.

                """);
        for (Setting setting : SETTINGS) {
            text.append("  ").append(setting.flag()).append(" <").append(setting.allowed()).append(">\n")
                    .append("      ").append(setting.description()).append('\n')
                    .append("      env ").append(setting.environmentVariable())
                    .append(", default ").append(setting.defaultValue()).append('\n');
        }
        return text.toString();
    }

    private record Values(Map<String, String> raw) {

        HeraldConfig toConfig() {
            Duration pingInterval = millis("ping-interval-ms", 100, 600_000);
            Duration pingTimeout = millis("ping-timeout-ms", 100, 600_000);
            try {
                return new HeraldConfig(
                        nonBlank("host"),
                        (int) integer("port", 0, 65_535),
                        Path.of(nonBlank("db")),
                        choice("durability", HeraldConfig.Durability::valueOf, "full | normal"),
                        origins(),
                        pingInterval,
                        pingTimeout,
                        (int) integer("max-payload-bytes", 1024, 100_000_000),
                        millis("connect-timeout-ms", 100, 600_000),
                        millis("recovery-window-ms", 0, 3_600_000),
                        (int) integer("max-message-length", 1, 1_000_000),
                        (int) integer("replay-page-size", 1, 10_000),
                        (int) integer("outbound-limit", 16, 1_000_000),
                        (int) integer("management-port", 0, 65_535),
                        choice("log-format", HeraldConfig.LogFormat::valueOf, "text | json"),
                        millis("shutdown-grace-ms", 0, 600_000));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }

        private String nonBlank(String name) {
            String value = raw.get(name).trim();
            if (value.isEmpty()) {
                throw invalid(name, raw.get(name));
            }
            return value;
        }

        private long integer(String name, long min, long max) {
            String value = raw.get(name).trim();
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalid(name, value);
            }
            if (parsed < min || parsed > max) {
                throw invalid(name, value);
            }
            return parsed;
        }

        private Duration millis(String name, long min, long max) {
            return Duration.ofMillis(integer(name, min, max));
        }

        private <E extends Enum<E>> E choice(String name, Function<String, E> valueOf, String allowed) {
            String value = raw.get(name).trim();
            try {
                return valueOf.apply(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(name, value);
            }
        }

        private List<String> origins() {
            String value = raw.get("allowed-origins").trim();
            if (value.equals("*")) {
                return List.of();
            }
            List<String> origins = new ArrayList<>();
            for (String origin : Arrays.stream(value.split(",")).map(String::trim).toList()) {
                if (!origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                    throw invalid("allowed-origins", origin);
                }
                origins.add(origin);
            }
            return List.copyOf(origins);
        }

        private ConfigException invalid(String name, String value) {
            Setting setting = SETTINGS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            return new ConfigException("invalid value '" + value + "' for " + setting.flag() + " ("
                    + setting.environmentVariable() + "): allowed " + setting.allowed());
        }
    }
}
