package dev.herald.adapters.websocket.engineio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The payload of one Engine.IO {@code message} packet (type 4): text or binary. This is what the layer above
 * (Socket.IO) exchanges with an {@link EngineIoConnection}; the transports add the framing.
 *
 * <p>Instances are immutable and may be shared between connections: a broadcast builds one and hands the same
 * instance to every connection, and a transport may cache its encoding.
 */
public sealed interface EngineIoMessage {

    static Text text(String text) {
        return new Text(text);
    }

    static Binary binary(byte[] bytes) {
        return new Binary(bytes);
    }

    /** A text message; {@link #utf8()} is the UTF-8 of the text, computed once. */
    final class Text implements EngineIoMessage {
        private final String text;
        private volatile byte[] utf8;
        /** The WebSocket frame of this message ('4' + text) in UTF-8, off-heap, cached by {@link EngineIoCodec#textFrame}. */
        private volatile ByteBuffer frame;

        private Text(String text) {
            this.text = Objects.requireNonNull(text, "text");
        }

        public String text() {
            return text;
        }

        /** The UTF-8 bytes of the text, computed on first use and shared afterwards. Do not modify. */
        public byte[] utf8() {
            byte[] bytes = utf8;
            if (bytes == null) {
                bytes = text.getBytes(StandardCharsets.UTF_8);
                utf8 = bytes;
            }
            return bytes;
        }

        ByteBuffer cachedFrame() {
            return frame;
        }

        void cacheFrame(ByteBuffer direct) {
            frame = direct;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text other && other.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return "Text[" + text.length() + " chars]";
        }
    }

    /** A binary message. The array is not copied: do not modify it after handing it over. */
    record Binary(byte[] bytes) implements EngineIoMessage {
        public Binary {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary other && java.util.Arrays.equals(other.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[" + bytes.length + " bytes]";
        }
    }
}
