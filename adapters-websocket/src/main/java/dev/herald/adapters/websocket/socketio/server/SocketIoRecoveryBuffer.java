package dev.herald.adapters.websocket.socketio.server;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events sent to one socket with their recovery offsets, in send order. Storage grows
 * lazily (an idle socket holds no array) and the oldest entry is evicted when full. Offsets are compared for equality
 * only: send order is what counts, not the offsets' numeric order. Not thread-safe: guarded by the owning socket.
 */
final class SocketIoRecoveryBuffer {

    private static final int INITIAL_CAPACITY = 4;

    private final int capacity;
    private String[] offsets;
    private Object[] packets;
    private int head;
    private int size;
    private String lastEvicted;

    SocketIoRecoveryBuffer(int capacity) {
        this.capacity = capacity;
    }

    void append(String offset, List<EngineIoMessage> messages) {
        if (offsets == null) {
            offsets = new String[Math.min(INITIAL_CAPACITY, capacity)];
            packets = new Object[offsets.length];
        }
        if (size == offsets.length && size < capacity) {
            grow();
        }
        if (size == offsets.length) {
            lastEvicted = offsets[head];
            offsets[head] = offset;
            packets[head] = messages;
            head = (head + 1) % offsets.length;
        } else {
            int tail = (head + size) % offsets.length;
            offsets[tail] = offset;
            packets[tail] = messages;
            size++;
        }
    }

    /**
     * The packets sent after {@code offset}, oldest first, or {@code null} when {@code offset} is neither held nor the
     * newest evicted one (then packets may have been lost: recovery must fail closed).
     */
    @SuppressWarnings("unchecked")
    List<List<EngineIoMessage>> after(String offset) {
        int from;
        if (offset.equals(lastEvicted)) {
            from = 0;
        } else {
            from = -1;
            for (int i = size - 1; i >= 0; i--) {
                if (offset.equals(offsets[(head + i) % offsets.length])) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                return null;
            }
        }
        List<List<EngineIoMessage>> missed = new ArrayList<>(size - from);
        for (int i = from; i < size; i++) {
            missed.add((List<EngineIoMessage>) packets[(head + i) % offsets.length]);
        }
        return missed;
    }

    int size() {
        return size;
    }

    private void grow() {
        int length = Math.min(capacity, offsets.length * 2);
        String[] newOffsets = new String[length];
        Object[] newPackets = new Object[length];
        for (int i = 0; i < size; i++) {
            newOffsets[i] = offsets[(head + i) % offsets.length];
            newPackets[i] = packets[(head + i) % offsets.length];
        }
        offsets = newOffsets;
        packets = newPackets;
        head = 0;
    }
}
