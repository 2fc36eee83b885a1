package dev.herald.adapters.websocket.socketio;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An encoded packet: the text message, then one binary message per attachment, to be sent in this order and never
 * interleaved with another packet's messages.
 */
public record SocketIoEncodedPacket(String text, List<byte[]> attachments) {

    public SocketIoEncodedPacket {
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
    }

    /** The Engine.IO messages that carry this packet: one text message, then the attachments as binary messages. */
    public List<EngineIoMessage> toMessages() {
        if (attachments.isEmpty()) {
            return List.of(EngineIoMessage.text(text));
        }
        List<EngineIoMessage> messages = new ArrayList<>(1 + attachments.size());
        messages.add(EngineIoMessage.text(text));
        for (byte[] attachment : attachments) {
            messages.add(EngineIoMessage.binary(attachment));
        }
        return List.copyOf(messages);
    }
}
