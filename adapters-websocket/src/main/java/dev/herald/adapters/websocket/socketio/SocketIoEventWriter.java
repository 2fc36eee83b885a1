package dev.herald.adapters.websocket.socketio;

import java.nio.charset.StandardCharsets;

/**
 * Writes the text of an EVENT packet without an ack id, {@code 2[<nsp>,]["event",arg,...]}, straight into UTF-8
 * bytes when every argument is a string, an {@code Integer}, a {@code Long}, a {@code Boolean} or {@code null}: the
 * shape of every chat delivery. Building a Jackson tree and a {@code String} for each replayed message was most of
 * a catch-up's CPU.
 *
 * <p>The bytes are exactly those of {@link SocketIoCodec#encode} for the same packet followed by
 * {@code String.getBytes(UTF_8)}, which is what went on the wire before: strings escaped as Jackson escapes them
 * ({@code "} and {@code \} with a backslash; {@code \b \t \n \f \r}; every other character below U+0020 as
 * {@code \}{@code u00XX} with upper-case hex; nothing else, not even U+2028, U+2029 or U+007F), and an unpaired
 * surrogate written as {@code ?}, as the JDK's UTF-8 encoder replaces it. A test holds the two paths equal.
 */
public final class SocketIoEventWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private SocketIoEventWriter() {}

    /**
     * The UTF-8 text of {@code 2[<namespace>,]["<event>",args...,"<trailing>"]} ({@code trailing} left out when
     * {@code null}), or {@code null} when an argument is of another type and needs the general encoder.
     */
    public static byte[] eventUtf8(String namespace, String event, Object[] args, String trailing) {
        int length = 1 + 2; // type digit, brackets
        boolean mainNamespace = SocketIoPacket.MAIN_NAMESPACE.equals(namespace);
        if (!mainNamespace) {
            length += rawLength(namespace) + 1;
        }
        length += stringLength(event);
        for (Object arg : args) {
            int argLength = valueLength(arg);
            if (argLength < 0) {
                return null;
            }
            length += 1 + argLength;
        }
        if (trailing != null) {
            length += 1 + stringLength(trailing);
        }
        byte[] out = new byte[length];
        int at = 0;
        out[at++] = (byte) SocketIoPacketType.EVENT.code();
        if (!mainNamespace) {
            at = writeRaw(namespace, out, at);
            out[at++] = ',';
        }
        out[at++] = '[';
        at = writeString(event, out, at);
        for (Object arg : args) {
            out[at++] = ',';
            at = writeValue(arg, out, at);
        }
        if (trailing != null) {
            out[at++] = ',';
            at = writeString(trailing, out, at);
        }
        out[at++] = ']';
        if (at != length) {
            throw new IllegalStateException("event length computed as " + length + ", written " + at);
        }
        return out;
    }

    private static int valueLength(Object value) {
        return switch (value) {
            case null -> NULL.length;
            case String s -> stringLength(s);
            case Long l -> decimalLength(l);
            case Integer i -> decimalLength(i);
            case Boolean b -> b ? TRUE.length : FALSE.length;
            default -> -1;
        };
    }

    private static int writeValue(Object value, byte[] out, int at) {
        return switch (value) {
            case null -> put(NULL, out, at);
            case String s -> writeString(s, out, at);
            case Long l -> writeDecimal(l, out, at);
            case Integer i -> writeDecimal(i, out, at);
            case Boolean b -> put(b ? TRUE : FALSE, out, at);
            default -> throw new IllegalArgumentException("not a simple value: " + value.getClass());
        };
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    // ---- JSON strings ----

    private static int stringLength(String s) {
        int length = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += c < 0x20 ? (shortEscape(c) != 0 ? 2 : 6) : (c == '"' || c == '\\' ? 2 : 1);
            } else {
                int n = utf8Length(s, i, c);
                length += n;
                if (n == 4) {
                    i++;
                }
            }
        }
        return length;
    }

    private static int writeString(String s, byte[] out, int at) {
        out[at++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out[at++] = '\\';
                }
                out[at++] = (byte) c;
            } else if (c < 0x20) {
                out[at++] = '\\';
                byte escape = shortEscape(c);
                if (escape != 0) {
                    out[at++] = escape;
                } else {
                    out[at++] = 'u';
                    out[at++] = '0';
                    out[at++] = '0';
                    out[at++] = HEX[c >> 4];
                    out[at++] = HEX[c & 0xF];
                }
            } else {
                int before = at;
                at = writeUtf8(s, i, c, out, at);
                if (at - before == 4) {
                    i++;
                }
            }
        }
        out[at++] = '"';
        return at;
    }

    private static byte shortEscape(char c) {
        return switch (c) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
    }

    // ---- raw text (the namespace: not JSON, as SocketIoCodec.encode appends it) ----

    private static int rawLength(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else {
                int n = utf8Length(s, i, c);
                length += n;
                if (n == 4) {
                    i++;
                }
            }
        }
        return length;
    }

    private static int writeRaw(String s, byte[] out, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else {
                int before = at;
                at = writeUtf8(s, i, c, out, at);
                if (at - before == 4) {
                    i++;
                }
            }
        }
        return at;
    }

    // ---- UTF-8 of one character at or above U+0080 ----

    /** 2, 3, 4 (a surrogate pair: two chars), or 1 for an unpaired surrogate (written as '?'). */
    private static int utf8Length(String s, int i, char c) {
        if (c < 0x800) {
            return 2;
        }
        if (!Character.isSurrogate(c)) {
            return 3;
        }
        return isPair(s, i, c) ? 4 : 1;
    }

    private static int writeUtf8(String s, int i, char c, byte[] out, int at) {
        if (c < 0x800) {
            out[at++] = (byte) (0xC0 | (c >> 6));
            out[at++] = (byte) (0x80 | (c & 0x3F));
        } else if (!Character.isSurrogate(c)) {
            out[at++] = (byte) (0xE0 | (c >> 12));
            out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[at++] = (byte) (0x80 | (c & 0x3F));
        } else if (isPair(s, i, c)) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            out[at++] = (byte) (0xF0 | (cp >> 18));
            out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[at++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            out[at++] = '?';
        }
        return at;
    }

    private static boolean isPair(String s, int i, char c) {
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    // ---- integers ----

    private static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int length = value < 0 ? 2 : 1;
        long rest = Math.abs(value);
        while (rest >= 10) {
            rest /= 10;
            length++;
        }
        return length;
    }

    private static int writeDecimal(long value, byte[] out, int at) {
        int length = decimalLength(value);
        if (value == Long.MIN_VALUE) {
            byte[] digits = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
            return put(digits, out, at);
        }
        int end = at + length;
        long rest = Math.abs(value);
        int pos = end;
        do {
            out[--pos] = (byte) ('0' + (rest % 10));
            rest /= 10;
        } while (rest != 0);
        if (value < 0) {
            out[--pos] = '-';
        }
        return end;
    }
}
