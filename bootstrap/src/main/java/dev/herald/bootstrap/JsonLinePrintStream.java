package dev.herald.bootstrap;

import java.io.PrintStream;
import java.time.Instant;

/** Turns each line written to it into one JSON object line: {@code {"ts":...,"line":"..."}}. */
final class JsonLinePrintStream extends PrintStream {

    private final PrintStream target;

    JsonLinePrintStream(PrintStream target) {
        super(target, true);
        this.target = target;
    }

    @Override
    public void println(String line) {
        target.println("{\"ts\":\"" + Instant.now() + "\",\"line\":\"" + escape(line) + "\"}");
    }

    @Override
    public void println(Object line) {
        println(String.valueOf(line));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
