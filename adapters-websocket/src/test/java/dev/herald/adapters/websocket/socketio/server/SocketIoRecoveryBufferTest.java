package dev.herald.adapters.websocket.socketio.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoRecoveryBufferTest {

    private static List<EngineIoMessage> packet(int n) {
        return List.of(EngineIoMessage.text("2[\"m\"," + n + "]"));
    }

    @Test
    void keepsTheNewestEntriesInSendOrderAcrossGrowthAndWrapAround() {
        SocketIoRecoveryBuffer buffer = new SocketIoRecoveryBuffer(5);
        assertNull(buffer.after("1"), "an empty buffer knows no offset");
        for (int i = 1; i <= 12; i++) {
            buffer.append(Integer.toString(i), packet(i));
        }
        assertEquals(5, buffer.size());
        assertEquals(List.of(packet(8), packet(9), packet(10), packet(11), packet(12)), buffer.after("7"),
                "7 = newest evicted");
        assertEquals(List.of(packet(11), packet(12)), buffer.after("10"));
        assertEquals(List.of(), buffer.after("12"));
        assertNull(buffer.after("6"));
    }

    @Test
    void matchesOffsetsByEqualityNotNumericOrder() {
        SocketIoRecoveryBuffer buffer = new SocketIoRecoveryBuffer(8);
        buffer.append("7", packet(7));
        buffer.append("5", packet(5));
        buffer.append("6", packet(6));
        assertEquals(List.of(packet(5), packet(6)), buffer.after("7"));
    }
}
