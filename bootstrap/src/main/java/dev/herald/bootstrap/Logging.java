package dev.herald.bootstrap;

/**
 * Sets up slf4j-simple (Herald's one logging backend) before the first logger is created: one line per event, with
 * time and thread; {@code json} makes each line a JSON object for log shippers. Message content is never logged at
 * INFO or above anywhere in Herald.
 */
final class Logging {

    private Logging() {
    }

    static void configure(HeraldConfig.LogFormat format) {
        // Undertow and XNIO log through JBoss Logging, jOOQ prints a banner: route the one, silence the other.
        setDefault("org.jboss.logging.provider", "slf4j");
        setDefault("org.jooq.no-logo", "true");
        setDefault("org.jooq.no-tips", "true");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showThreadName", "true");
        setDefault("org.slf4j.simpleLogger.logFile", "System.out");
        setDefault("org.slf4j.simpleLogger.log.org.xnio", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.undertow", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.jooq", "warn");
        if (format == HeraldConfig.LogFormat.JSON) {
            System.setOut(new JsonLinePrintStream(System.out));
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
