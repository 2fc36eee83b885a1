package dev.herald.domain;

/**
 * The text of a chat message. Any Unicode text of at most {@value #MAX_LENGTH} UTF-16 code units; deployments set a
 * lower limit through the posting use case. Unpaired surrogates are refused: they cannot be stored as UTF-8.
 */
public record MessageText(String value) {

    /** Hard ceiling, far above any sensible configured limit (one Engine.IO payload is 1 MB by default). */
    public static final int MAX_LENGTH = 1_000_000;

    public MessageText {
        if (value == null) {
            throw new IllegalArgumentException("message text must not be null");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "message text must be at most " + MAX_LENGTH + " characters, got " + value.length());
        }
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                continue; // one comparison for nearly every character: every stored message is checked on replay
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else {
                throw new IllegalArgumentException("message text has an unpaired surrogate at index " + i);
            }
        }
    }

    public static MessageText of(String value) {
        return new MessageText(value);
    }

    public int length() {
        return value.length();
    }

    /** Never the text itself: message content must not reach logs by accident. */
    @Override
    public String toString() {
        return "MessageText[" + value.length() + " chars]";
    }
}
