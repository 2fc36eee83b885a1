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

    /**
     * A text message given as its UTF-8 bytes, which must be well-formed (as a JSON writer produces them) and are not
     * copied: do not modify them. The text is decoded only if something asks for it (polling, recovery, tests).
     * {@code forOneConnection}: the message goes to a single connection (a replay, an emit to one socket), so a
     * transport need not keep a frame of it for others to share (see {@link Text#forOneConnection}).
     */
    static Text textOfUtf8(byte[] utf8, boolean forOneConnection) {
        return new Text(Objects.requireNonNull(utf8, "utf8"), forOneConnection);
    }

    static Binary binary(byte[] bytes) {
        return new Binary(bytes);
    }

    /** A text message; {@link #utf8()} is the UTF-8 of the text, computed once. */
    final class Text implements EngineIoMessage {
        /** At least one of the text and its UTF-8 is set; the other is computed on first use. */
        private volatile String text;
        private volatile byte[] utf8;
        /** The WebSocket frame of this message ('4' + text) in UTF-8, off-heap, cached by {@link EngineIoCodec#textFrame}. */
        private volatile ByteBuffer frame;

        private final boolean forOneConnection;

        private Text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            this.forOneConnection = false;
        }

        private Text(byte[] utf8, boolean forOneConnection) {
            this.utf8 = utf8;
            this.forOneConnection = forOneConnection;
        }

        /**
         * Whether this message is written to one connection only: a transport then copies its frame into a buffer
         * of its own instead of building a native frame on the message for every recipient to share.
         */
        public boolean forOneConnection() {
            return forOneConnection;
        }

        public String text() {
            String decoded = text;
            if (decoded == null) {
                decoded = new String(utf8, StandardCharsets.UTF_8);
                text = decoded;
            }
            return decoded;
        }

        /** The UTF-8 bytes of the text, computed on first use and shared afterwards. Do not modify. */
        public byte[] utf8() {
            byte[] bytes = utf8;
            if (bytes == null) {
                bytes = text().getBytes(StandardCharsets.UTF_8);
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
            return o instanceof Text other && other.text().equals(text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return "Text[" + text().length() + " chars]";
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
