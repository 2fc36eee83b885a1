package dev.herald.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every setting Herald runs with, validated once at start ({@link ConfigParser} builds it from flags and environment
 * variables; docs/configuration.md lists them). Invalid combinations are refused here, so nothing downstream checks.
 */
public record HeraldConfig(
        String host,
        int port,
        Path database,
        Durability durability,
        List<String> allowedOrigins,
        Duration pingInterval,
        Duration pingTimeout,
        int maxPayloadBytes,
        Duration connectTimeout,
        Duration recoveryWindow,
        int maxMessageLength,
        int replayPageSize,
        int outboundLimit,
        int managementPort,
        LogFormat logFormat,
        Duration shutdownGrace) {

    /** How hard a commit waits for the disk (see docs/configuration.md for what each survives). */
    public enum Durability { FULL, NORMAL }

    /** How log lines are written. */
    public enum LogFormat { TEXT, JSON }

    public HeraldConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(durability, "durability");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(recoveryWindow, "recoveryWindow");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (replayPageSize > outboundLimit / 2) {
            throw new IllegalArgumentException("replay-page-size (" + replayPageSize + ") must be at most half of "
                    + "outbound-limit (" + outboundLimit + "): a replay queues a page once the buffer is half empty");
        }
        if (managementPort != 0 && managementPort == port) {
            throw new IllegalArgumentException(
                    "management-port must differ from port (both " + port + "); use 0 to serve metrics on the main port");
        }
    }
}
