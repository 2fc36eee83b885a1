package dev.herald.adapters.websocket.socketio;

/**
 * The Socket.IO v5 packet types: the first character of every encoded packet (spec, "Exchange protocol").
 */
public enum SocketIoPacketType {
    CONNECT('0'),
    DISCONNECT('1'),
    EVENT('2'),
    ACK('3'),
    CONNECT_ERROR('4'),
    BINARY_EVENT('5'),
    BINARY_ACK('6');

    private static final SocketIoPacketType[] BY_CODE = values();

    private final char code;

    SocketIoPacketType(char code) {
        this.code = code;
    }

    /** The wire character, {@code '0'} to {@code '6'}. */
    public char code() {
        return code;
    }

    /** Whether packets of this type carry a {@code <count>-} attachment header. */
    public boolean binary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }

    /**
     * The type for a wire character.
     *
     * @throws IllegalArgumentException if {@code code} is not a Socket.IO v5 packet type
     */
    public static SocketIoPacketType of(char code) {
        SocketIoPacketType type = lookup(code);
        if (type == null) {
            throw new IllegalArgumentException("not a Socket.IO packet type: " + (int) code);
        }
        return type;
    }

    /** The type for a wire character, or {@code null}: for decoders that turn bad input into a value. */
    static SocketIoPacketType lookup(char code) {
        int index = code - '0';
        return index >= 0 && index < BY_CODE.length ? BY_CODE[index] : null;
    }
}
