package dev.herald.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffsetTest {

    @Test
    void aNegativeOffsetCannotBeBuiltAndTheErrorNamesTheValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Offset.of(-3));
        assertTrue(error.getMessage().contains("-3"), error.getMessage());
    }

    @Test
    void zeroIsTheSharedStartPosition() {
        assertSame(Offset.ZERO, Offset.of(0));
    }

    @Test
    void offsetsCompareByValue() {
        assertTrue(Offset.of(42).isAfter(Offset.of(41)));
        assertFalse(Offset.of(41).isAfter(Offset.of(41)));
        assertEquals(-1, Integer.signum(Offset.of(1).compareTo(Offset.of(Long.MAX_VALUE))));
        assertEquals("17", Offset.of(17).toString());
    }

    @Test
    void offsetsAreEqualExactlyWhenTheirValuesAre() {
        assertEquals(Offset.of(42), Offset.of(42));
        assertEquals(Offset.of(42).hashCode(), Offset.of(42).hashCode());
        assertNotEquals(Offset.of(42), Offset.of(43));
        assertNotEquals(Offset.of(42), (Object) 42L);
        assertNotEquals(Offset.of(1), null);
    }
}
