package dev.herald.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageValuesTest {

    @Test
    void messageTextAcceptsAnyWellFormedUnicodeUpToTheLimit() {
        String text = "héllo 🎉 \u001e";
        assertEquals(text, MessageText.of(text).value());
        assertEquals(MessageText.MAX_LENGTH, MessageText.of("x".repeat(MessageText.MAX_LENGTH)).length());
    }

    @Test
    void messageTextOverTheLimitIsRefusedWithItsLength() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> MessageText.of("x".repeat(MessageText.MAX_LENGTH + 1)));
        assertTrue(error.getMessage().contains(String.valueOf(MessageText.MAX_LENGTH + 1)), error.getMessage());
    }

    @Test
    void messageTextRefusesNullAndUnpairedSurrogates() {
        assertThrows(IllegalArgumentException.class, () -> MessageText.of(null));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> MessageText.of("ab\uD83D"));
        assertTrue(error.getMessage().contains("index 2"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MessageText.of("\uDC00x"));
        assertThrows(IllegalArgumentException.class, () -> MessageText.of("x\uDBFF\uDBFF\uDC00"));
        assertThrows(IllegalArgumentException.class, () -> MessageText.of("\uD83D\uDE00\uDFFF"));
        assertEquals("\uD83D\uDE00 \uDBFF\uDFFF \uD7FF\uE000",
                MessageText.of("\uD83D\uDE00 \uDBFF\uDFFF \uD7FF\uE000").value());
    }

    @Test
    void messageTextNeverPrintsItsContent() {
        assertFalse(MessageText.of("secret").toString().contains("secret"));
    }

    @Test
    void clientOffsetRefusesEmptyTooLongAndControlCharacters() {
        assertThrows(IllegalArgumentException.class, () -> ClientOffset.of(""));
        assertThrows(IllegalArgumentException.class, () -> ClientOffset.of(null));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> ClientOffset.of("c".repeat(ClientOffset.MAX_LENGTH + 1)));
        assertTrue(tooLong.getMessage().contains(String.valueOf(ClientOffset.MAX_LENGTH + 1)), tooLong.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class, () -> ClientOffset.of("a\nb"));
        assertTrue(control.getMessage().contains("U+000A"), control.getMessage());
        assertEquals("abc-0", ClientOffset.of("abc-0").value());
    }

    @Test
    void aStoredMessageHasAPositiveOffset() {
        assertThrows(IllegalArgumentException.class, () -> new Message(Offset.ZERO, MessageText.of("x")));
        assertEquals(Offset.of(3), Message.of(3, "x").offset());
    }

    @Test
    void aNewMessageWithoutClientOffsetHasNone() {
        assertTrue(NewMessage.of("hi").clientOffset().isEmpty());
        assertEquals(ClientOffset.of("c-1"), NewMessage.of("hi", "c-1").clientOffset().orElseThrow());
    }
}
