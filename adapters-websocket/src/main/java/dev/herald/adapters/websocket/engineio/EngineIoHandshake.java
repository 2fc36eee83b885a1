package dev.herald.adapters.websocket.engineio;

import java.util.List;
import java.util.Objects;

/**
 * The payload of the {@code open} packet. Serialized with exactly the five keys of the spec, in this order (the
 * official test suite checks the key set exactly).
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md#handshake">v4 §Handshake</a>
 */
public record EngineIoHandshake(String sid, List<String> upgrades, long pingInterval, long pingTimeout, long maxPayload) {

    public EngineIoHandshake {
        Objects.requireNonNull(sid, "sid");
        upgrades = List.copyOf(upgrades);
        if (pingInterval <= 0 || pingTimeout <= 0 || maxPayload <= 0) {
            throw new IllegalArgumentException("pingInterval, pingTimeout and maxPayload must be positive, got "
                    + pingInterval + ", " + pingTimeout + ", " + maxPayload);
        }
    }

    public String toJson() {
        StringBuilder json = new StringBuilder(128).append("{\"sid\":");
        appendJsonString(json, sid);
        json.append(",\"upgrades\":[");
        for (int i = 0; i < upgrades.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            appendJsonString(json, upgrades.get(i));
        }
        return json.append("],\"pingInterval\":").append(pingInterval)
                .append(",\"pingTimeout\":").append(pingTimeout)
                .append(",\"maxPayload\":").append(maxPayload)
                .append('}').toString();
    }

    private static void appendJsonString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
