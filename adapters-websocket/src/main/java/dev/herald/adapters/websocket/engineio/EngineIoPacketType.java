package dev.herald.adapters.websocket.engineio;

/**
 * The Engine.IO v4 packet alphabet: one ASCII digit per type.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md#protocol">v4 §Protocol</a>
 */
public enum EngineIoPacketType {
    OPEN('0'),
    CLOSE('1'),
    PING('2'),
    PONG('3'),
    MESSAGE('4'),
    UPGRADE('5'),
    NOOP('6');

    private static final EngineIoPacketType[] BY_DIGIT = values();

    private final char code;

    EngineIoPacketType(char code) {
        this.code = code;
    }

    /** The digit that starts the packet on the wire. */
    public char code() {
        return code;
    }

    /** Whether {@code c} is the digit of some packet type. */
    public static boolean isCode(char c) {
        return c >= '0' && c < '0' + BY_DIGIT.length;
    }

    /**
     * The type for a digit. Fails loudly: decoders check {@link #isCode} first and turn an unknown digit into a decode
     * error value, so an exception here is a bug.
     */
    public static EngineIoPacketType of(char code) {
        if (!isCode(code)) {
            throw new IllegalArgumentException("not an Engine.IO packet type: '" + code + "' (U+"
                    + String.format("%04X", (int) code) + ")");
        }
        return BY_DIGIT[code - '0'];
    }
}
