package dev.herald.adapters.websocket.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct event writer against the Jackson path it replaces: the same bytes for every input. */
class SocketIoEventWriterTest {

    private static final List<String> NAMESPACES = List.of("/", "/admin", "/ünï-cödé", "/\uD83D\uDE00", "/\uD800x");

    /** What went on the wire before: Jackson's text of the packet, then the JDK's UTF-8. */
    private static byte[] viaJackson(String namespace, String event, Object[] args, String trailing) {
        ArrayNode data = SocketIoCodec.toJsonArray(event, args);
        if (trailing != null) {
            data.add(trailing);
        }
        SocketIoEncodedPacket packet = SocketIoCodec.encode(SocketIoCodec.event(namespace, OptionalLong.empty(), data));
        return packet.text().getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameBytes(String namespace, String event, Object[] args, String trailing) {
        byte[] expected = viaJackson(namespace, event, args, trailing);
        byte[] actual = SocketIoEventWriter.eventUtf8(namespace, event, args, trailing);
        assertArrayEquals(expected, actual, () -> "namespace " + namespace + ", expected "
                + new String(expected, StandardCharsets.UTF_8) + " got "
                + (actual == null ? null : new String(actual, StandardCharsets.UTF_8)));
    }

    @Test
    void writesTheChatDeliveryAsJacksonDoes() {
        byte[] written = SocketIoEventWriter.eventUtf8("/", "chat message", new Object[] {"hello \"you\"", 42L}, "7");
        assertEquals("2[\"chat message\",\"hello \\\"you\\\"\",42,\"7\"]", new String(written, StandardCharsets.UTF_8));
        assertSameBytes("/", "chat message", new Object[] {"hello", 42L}, "7");
        assertSameBytes("/chat", "chat message", new Object[] {"hello", 42L}, null);
    }

    @Test
    void everySingleCharacterIsEscapedAndEncodedAsBefore() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String one = String.valueOf((char) c);
            assertSameBytes("/", "chat message", new Object[] {one, (long) c}, Integer.toString(c));
            assertSameBytes("/", one, new Object[] {"a" + one + "b"}, null);
        }
    }

    @Test
    void trickyStringsGiveTheSameBytes() {
        List<String> tricky = List.of("", "\"", "\\", "\\\"", "\"\\\"", "/", "</script>", "\u0000", "\u001e", "\u001f",
                "\u007f", "\u0080", "\u07ff", "\u0800", "\u2028\u2029", "\uFEFF", "\uFFFD", "\uFFFF",
                "\uD83D\uDE00", "emoji \uD83D\uDC4D\uD83C\uDFFD family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                "\uD800", "\uDC00", "\uDC00\uD800", "\uD800\uD800\uDC00", "a\uD800", "\uDBFF\uDFFF", "\uD800\uDBFF\uDFFF\uDC00",
                "\b\t\n\f\r", "tab\there", "line\r\nbreak", "x".repeat(10_000) + "\uD83D\uDE00",
                "mixed é ü 中文 العربية \u0301 \u200B zero width");
        for (String namespace : NAMESPACES) {
            for (String s : tricky) {
                assertSameBytes(namespace, "chat message", new Object[] {s, 1L}, "12345");
                assertSameBytes(namespace, s, new Object[] {s, s}, s);
            }
        }
    }

    @Test
    void randomStringsGiveTheSameBytes() {
        Random random = new Random(20261126);
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '/', '\u0000', '\u0008', '\u0009', '\n', '\u000b', '\u000c',
                '\r', '\u001e', '\u001f', '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\u2028', '\u2029',
                '\uD7FF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uE000', '\uFFFD', '\uFFFF'};
        for (int n = 0; n < 20_000; n++) {
            int length = random.nextInt(40);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> text.append(alphabet[random.nextInt(alphabet.length)]);
                    case 1 -> text.append((char) random.nextInt(0x10000));
                    case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    default -> text.append((char) (0x20 + random.nextInt(0x60)));
                }
            }
            String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            assertSameBytes(namespace, "chat message", new Object[] {text.toString(), random.nextLong()},
                    random.nextBoolean() ? Long.toString(random.nextLong(Long.MAX_VALUE)) : null);
        }
    }

    @Test
    void numbersBooleansAndNullsGiveTheSameBytes() {
        List<Object> values = new ArrayList<>();
        for (long v : new long[] {0, 1, -1, 9, 10, 99, 100, -10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, Integer.MAX_VALUE + 1L, Integer.MAX_VALUE, -Integer.MAX_VALUE - 1L,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L}) {
            values.add(v);
        }
        for (int v : new int[] {0, 7, -7, 10, -100, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            values.add(v);
        }
        values.add(true);
        values.add(false);
        values.add(null);
        assertSameBytes("/", "event", values.toArray(), "1");
        for (Object value : values) {
            assertSameBytes("/admin", "event", new Object[] {value}, null);
        }
        assertSameBytes("/", "no arguments", new Object[0], null);
    }

    @Test
    void otherArgumentTypesAreLeftToTheGeneralEncoder() {
        assertNull(SocketIoEventWriter.eventUtf8("/", "e", new Object[] {1.5}, null));
        assertNull(SocketIoEventWriter.eventUtf8("/", "e", new Object[] {"ok", new byte[] {1}}, null));
        assertNull(SocketIoEventWriter.eventUtf8("/", "e", new Object[] {Map.of("a", 1)}, null));
        assertNull(SocketIoEventWriter.eventUtf8("/", "e", new Object[] {SocketIoCodec.NODES.textNode("x")}, "1"));
        assertNull(SocketIoEventWriter.eventUtf8("/", "e", new Object[] {(short) 3}, null));
    }
}
