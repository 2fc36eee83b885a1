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
        // Strings are taken as the JDK's UTF-8 (fast for the common Latin-1 text, and it writes an unpaired
        // surrogate as '?' exactly as before), then escaped byte by byte: JSON escapes only ASCII, and no byte of a
        // multi-byte UTF-8 sequence is ASCII.
        boolean mainNamespace = SocketIoPacket.MAIN_NAMESPACE.equals(namespace);
        byte[] nsp = mainNamespace ? null : namespace.getBytes(StandardCharsets.UTF_8);
        byte[] name = event.getBytes(StandardCharsets.UTF_8);
        byte[][] strings = new byte[args.length][];
        int[] quoted = new int[args.length];
        int nameLength = quotedLength(name);
        int length = 1 + 2 + nameLength; // type digit, brackets, event name
        if (nsp != null) {
            length += nsp.length + 1;
        }
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            int argLength;
            if (arg instanceof String s) {
                strings[i] = s.getBytes(StandardCharsets.UTF_8);
                argLength = quotedLength(strings[i]);
                quoted[i] = argLength;
            } else {
                argLength = scalarLength(arg);
                if (argLength < 0) {
                    return null;
                }
            }
            length += 1 + argLength;
        }
        byte[] tail = trailing == null ? null : trailing.getBytes(StandardCharsets.UTF_8);
        int tailLength = tail == null ? 0 : quotedLength(tail);
        if (tail != null) {
            length += 1 + tailLength;
        }
        byte[] out = new byte[length];
        int at = 0;
        out[at++] = (byte) SocketIoPacketType.EVENT.code();
        if (nsp != null) {
            at = put(nsp, out, at);
            out[at++] = ',';
        }
        out[at++] = '[';
        at = writeQuoted(name, nameLength, out, at);
        for (int i = 0; i < args.length; i++) {
            out[at++] = ',';
            at = strings[i] != null ? writeQuoted(strings[i], quoted[i], out, at) : writeScalar(args[i], out, at);
        }
        if (tail != null) {
            out[at++] = ',';
            at = writeQuoted(tail, tailLength, out, at);
        }
        out[at++] = ']';
        if (at != length) {
            throw new IllegalStateException("event length computed as " + length + ", written " + at);
        }
        return out;
    }

    /** The length of a non-string simple value, or -1 when the value is not one. */
    private static int scalarLength(Object value) {
        return switch (value) {
            case null -> NULL.length;
            case Long l -> decimalLength(l);
            case Integer i -> decimalLength(i);
            case Boolean b -> b ? TRUE.length : FALSE.length;
            default -> -1;
        };
    }

    private static int writeScalar(Object value, byte[] out, int at) {
        return switch (value) {
            case null -> put(NULL, out, at);
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

    // ---- JSON strings, from their UTF-8 ----

    /** What each ASCII byte becomes inside a JSON string: 0 itself, 1 a two-character escape, 5 a six-character one. */
    private static final byte[] EXTRA = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            EXTRA[c] = 5;
        }
        for (char c : new char[] {'\b', '\t', '\n', '\f', '\r', '"', '\\'}) {
            EXTRA[c] = 1;
        }
    }

    private static int quotedLength(byte[] utf8) {
        int length = utf8.length + 2;
        for (byte b : utf8) {
            if (b >= 0) {
                length += EXTRA[b];
            }
        }
        return length;
    }

    /** Writes {@code utf8} as a JSON string of {@code quotedLength} bytes (from {@link #quotedLength}). */
    private static int writeQuoted(byte[] utf8, int quotedLength, byte[] out, int at) {
        out[at++] = '"';
        if (quotedLength == utf8.length + 2) { // nothing to escape: the usual case, one copy
            System.arraycopy(utf8, 0, out, at, utf8.length);
            at += utf8.length;
            out[at++] = '"';
            return at;
        }
        int copied = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b < 0 || EXTRA[b] == 0) {
                continue;
            }
            System.arraycopy(utf8, copied, out, at, i - copied);
            at += i - copied;
            copied = i + 1;
            out[at++] = '\\';
            byte escape = shortEscape(b);
            if (escape != 0) {
                out[at++] = escape;
            } else {
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xF];
            }
        }
        System.arraycopy(utf8, copied, out, at, utf8.length - copied);
        at += utf8.length - copied;
        out[at++] = '"';
        return at;
    }

    private static byte shortEscape(byte c) {
        return switch (c) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            case '"' -> '"';
            case '\\' -> '\\';
            default -> 0;
        };
    }

    // ---- integers ----

    /** Digits (and sign) of {@code value}, by comparisons: a division per digit is slow without the C2 compiler. */
    private static int decimalLength(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        long magnitude = Math.abs(value);
        int length = 1;
        for (long bound = 10; length < 19 && magnitude >= bound; bound *= 10) {
            length++;
        }
        return value < 0 ? length + 1 : length;
    }

    private static int writeDecimal(long value, byte[] out, int at) {
        if (value == Long.MIN_VALUE) {
            return put(Long.toString(value).getBytes(StandardCharsets.US_ASCII), out, at);
        }
        int end = at + decimalLength(value);
        long rest = Math.abs(value);
        int pos = end;
        while (rest > Integer.MAX_VALUE) { // 64-bit division only for the digits beyond an int
            long quotient = rest / 10;
            out[--pos] = (byte) ('0' + (rest - quotient * 10));
            rest = quotient;
        }
        int small = (int) rest;
        do {
            int quotient = small / 10;
            out[--pos] = (byte) ('0' + (small - quotient * 10));
            small = quotient;
        } while (small != 0);
        if (value < 0) {
            out[--pos] = '-';
        }
        return end;
    }
}
