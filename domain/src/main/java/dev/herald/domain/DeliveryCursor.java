package dev.herald.domain;

import java.util.Objects;

/**
 * The last offset delivered to one client. Delivery through a cursor is exactly-once and ordered by construction:
 * a message at or before the cursor is refused as already delivered ({@link #admits}), and the cursor only moves
 * forward ({@link #advanceTo}).
 */
public record DeliveryCursor(Offset position) {

    public DeliveryCursor {
        Objects.requireNonNull(position, "position");
    }

    /** A cursor before the first message: everything stored is still to be delivered. */
    public static DeliveryCursor start() {
        return new DeliveryCursor(Offset.ZERO);
    }

    public static DeliveryCursor at(Offset position) {
        return new DeliveryCursor(position);
    }

    /** Whether a message at this offset is still to be delivered. */
    public boolean admits(Offset offset) {
        return offset.isAfter(position);
    }

    /** The cursor after delivering the message at {@code offset}; refuses to move backwards or stand still. */
    public DeliveryCursor advanceTo(Offset offset) {
        if (!admits(offset)) {
            throw new IllegalArgumentException(
                    "cursor at " + position + " cannot advance to " + offset + ": it was delivered already");
        }
        return new DeliveryCursor(offset);
    }

    /** Whether the cursor points past the newest stored offset: the store was replaced or reset. */
    public boolean isAheadOf(Offset newest) {
        return position.isAfter(newest);
    }
}
