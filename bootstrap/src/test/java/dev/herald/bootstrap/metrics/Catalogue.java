package dev.herald.bootstrap.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric catalogue in docs/metrics.md: table rows {@code | `name` | type | ...}. */
final class Catalogue {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|");

    private Catalogue() {
    }

    /** Metric family names (as scraped, e.g. {@code herald_messages_posted_total}) to their type. */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> metrics = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                metrics.put(row.group(1), row.group(2));
            }
        }
        return metrics;
    }

    /** The family a sampled series belongs to: a timer's {@code _bucket}, {@code _count}, {@code _sum}, {@code _max} are its own. */
    static String family(String sampled) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_max"}) {
            if (sampled.endsWith(suffix)) {
                return sampled.substring(0, sampled.length() - suffix.length());
            }
        }
        return sampled;
    }
}
