package dev.herald.bootstrap.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of /metrics in the Prometheus text format, as series (name plus labels) to values. */
record Scrape(String text, Map<String, Double> series) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    static Scrape parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            String labels = sample.group(2) == null ? "" : sample.group(2);
            series.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
        }
        return new Scrape(text, series);
    }

    /** The sum of the series named {@code name} whose labels include every {@code key="value"} given. */
    double value(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> entry : series.entrySet()) {
            String key = entry.getKey();
            int brace = key.indexOf('{');
            String seriesName = brace < 0 ? key : key.substring(0, brace);
            if (!seriesName.equals(name)) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                int equals = label.indexOf('=');
                if (!key.contains(label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"")) {
                    all = false;
                    break;
                }
            }
            if (all) {
                sum += entry.getValue();
            }
        }
        return sum; // a labelled series appears on its first event: absent counts as 0
    }

    /** Names of every series family sampled (histogram parts such as {@code _bucket} count as their own names). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String key : series.keySet()) {
            int brace = key.indexOf('{');
            names.add(brace < 0 ? key : key.substring(0, brace));
        }
        return names;
    }
}
