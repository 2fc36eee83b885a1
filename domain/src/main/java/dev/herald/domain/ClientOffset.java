package dev.herald.domain;

/**
 * The id a client gives a message so that its retries can be recognised: the store keeps one message per client
 * offset. Between 1 and {@value #MAX_LENGTH} characters, no control characters.
 */
public record ClientOffset(String value) {

    public static final int MAX_LENGTH = 256;

    public ClientOffset {
        if (value == null) {
            throw new IllegalArgumentException("client offset must not be null");
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "client offset must be 1 to " + MAX_LENGTH + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(
                        "client offset must not contain control characters, got U+%04X at index %d"
                                .formatted((int) value.charAt(i), i));
            }
        }
    }

    public static ClientOffset of(String value) {
        return new ClientOffset(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
