package dev.herald.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryCursorTest {

    @Test
    void aCursorAdmitsOnlyLaterOffsets() {
        DeliveryCursor cursor = DeliveryCursor.at(Offset.of(10));

        assertTrue(cursor.admits(Offset.of(11)));
        assertFalse(cursor.admits(Offset.of(10)), "already delivered");
        assertFalse(cursor.admits(Offset.of(3)), "already delivered");
    }

    @Test
    void advancingMovesForwardAndAllowsGaps() {
        DeliveryCursor cursor = DeliveryCursor.start().advanceTo(Offset.of(1)).advanceTo(Offset.of(5));

        assertEquals(Offset.of(5), cursor.position());
    }

    @Test
    void advancingBackwardsOrInPlaceIsRefusedWithTheOffsetsNamed() {
        DeliveryCursor cursor = DeliveryCursor.at(Offset.of(7));

        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> cursor.advanceTo(Offset.of(7)));
        assertTrue(same.getMessage().contains("7"), same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cursor.advanceTo(Offset.of(2)));
    }

    @Test
    void aCursorPastTheNewestOffsetIsAhead() {
        assertTrue(DeliveryCursor.at(Offset.of(9)).isAheadOf(Offset.of(8)));
        assertFalse(DeliveryCursor.at(Offset.of(8)).isAheadOf(Offset.of(8)));
        assertFalse(DeliveryCursor.start().isAheadOf(Offset.ZERO));
    }
}
