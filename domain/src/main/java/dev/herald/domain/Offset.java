package dev.herald.domain;

/**
 * The position of a stored message in the log: its row id. Offsets strictly increase in commit order but may have
 * gaps (a rolled-back or deduplicated insert can consume one), so a gap never means a lost message.
 * {@link #ZERO} is the position before the first message.
 */
public record Offset(long value) implements Comparable<Offset> {

    public static final Offset ZERO = new Offset(0);

    public Offset {
        if (value < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + value);
        }
    }

    public static Offset of(long value) {
        return value == 0 ? ZERO : new Offset(value);
    }

    public boolean isAfter(Offset other) {
        return value > other.value;
    }

    @Override
    public int compareTo(Offset other) {
        return Long.compare(value, other.value);
    }

    // Written out rather than left to the record's generated equals/hashCode, which run through a method handle:
    // slow without the C2 compiler (the small-host JVM options), and replay compares offsets for every message.
    @Override
    public boolean equals(Object other) {
        return other instanceof Offset offset && offset.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
