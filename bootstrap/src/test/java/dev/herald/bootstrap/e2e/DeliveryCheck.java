package dev.herald.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what real clients received against what the database holds. A client's socket (a "segment") connected with
 * a cursor {@code c} must receive every stored message after {@code c}, each once, in increasing offset order, each
 * with the stored text. A socket still open at the end must have everything up to the newest row; one the client
 * replaced must have everything up to the last offset it got. It also checks the senders: every acknowledged client
 * offset is stored exactly once with its text, and nothing was stored that no client sent.
 *
 * <p>One kind of double delivery is the client library's, not the server's, and is counted apart: socket.io-client
 * 4.8 hands decoded packets to the socket on the next tick, so packets that arrive as the transport closes are kept
 * in the socket's receive buffer and emitted after the next connect, while that reconnection already presented the
 * older cursor (or recovery offset) and the server rightly resends from there. The script flags deliveries emitted
 * between 'disconnect' and 'connect' (index 3 of a delivery); a duplicate of or by such a delivery is
 * {@code clientBufferedDuplicates}. Herald's page ignores offsets it has seen, so it is immune.
 */
final class DeliveryCheck {

    /** The counts a test asserts on, and a few examples of each problem for the failure message. */
    record Counts(int segments, long delivered, long missing, long duplicates, long clientBufferedDuplicates,
                  long outOfOrder, long notStored, long acked, long ackedNotStored, long ackedStoredTwice, long storedButNeverSent, long refused,
                  List<String> examples) {

        /**
         * Every way a delivery can break the promise, by name. Not here: {@code clientBufferedDuplicates}, the client
         * library's own re-emission across a reconnect (see the class comment).
         */
        Map<String, Long> faults() {
            Map<String, Long> faults = new LinkedHashMap<>();
            faults.put("missing", missing);
            faults.put("duplicates", duplicates);
            faults.put("out of order", outOfOrder);
            faults.put("delivered but not stored", notStored);
            faults.put("acknowledged but not stored", ackedNotStored);
            faults.put("stored twice", ackedStoredTwice);
            faults.put("stored but never sent", storedButNeverSent);
            faults.put("refused", refused);
            return faults;
        }

        boolean clean() {
            return faults().values().stream().allMatch(count -> count == 0);
        }
    }

    private DeliveryCheck() {
    }

    /** {@code clients} is the script's array of clients: {@code segments}, and for senders {@code sent}/{@code acked}. */
    static Counts check(JsonNode clients, List<StoredMessages.Row> stored) {
        Map<Long, String> contentById = new HashMap<>();
        Map<String, Integer> rowsByClientOffset = new HashMap<>();
        Map<String, String> contentByClientOffset = new HashMap<>();
        Map<String, Integer> rowsByContent = new HashMap<>();
        for (StoredMessages.Row row : stored) {
            contentById.put(row.id(), row.content());
            rowsByContent.merge(row.content(), 1, Integer::sum);
            if (row.clientOffset() != null) {
                rowsByClientOffset.merge(row.clientOffset(), 1, Integer::sum);
                contentByClientOffset.put(row.clientOffset(), row.content());
            }
        }
        long newest = stored.isEmpty() ? 0 : stored.getLast().id();
        List<String> examples = new ArrayList<>();
        int segments = 0;
        long delivered = 0;
        long missing = 0;
        long duplicates = 0;
        long clientBufferedDuplicates = 0;
        long outOfOrder = 0;
        long notStored = 0;
        long acked = 0;
        long ackedNotStored = 0;
        long ackedStoredTwice = 0;
        long refused = 0;
        Set<String> sent = new HashSet<>();

        for (JsonNode client : clients) {
            String name = client.path("name").asText();
            for (JsonNode segment : client.path("segments")) {
                segments++;
                long cursor = segment.path("cursor").asLong();
                Set<Long> seen = new HashSet<>();
                Set<Long> buffered = new HashSet<>();
                long previous = cursor;
                long highest = cursor;
                for (JsonNode delivery : segment.path("deliveries")) {
                    delivered++;
                    long offset = delivery.get(0).asLong();
                    String text = delivery.get(1).asText();
                    if (!text.equals(contentById.get(offset))) {
                        notStored++;
                        example(examples, name + " got [" + offset + "] which is not that stored message");
                    }
                    boolean fromReceiveBuffer = delivery.path(3).asInt() == 1;
                    if (!seen.add(offset)) {
                        if (fromReceiveBuffer || buffered.contains(offset)) {
                            clientBufferedDuplicates++;
                        } else {
                            duplicates++;
                            example(examples, name + " got " + offset + " twice on one socket");
                        }
                    } else if (offset <= previous) {
                        outOfOrder++;
                        example(examples, name + " got " + offset + " after " + previous);
                    }
                    if (fromReceiveBuffer) {
                        buffered.add(offset);
                    }
                    previous = offset;
                    highest = Math.max(highest, offset);
                }
                long end = segment.path("final").asBoolean() ? newest : highest;
                for (StoredMessages.Row row : stored) {
                    if (row.id() > cursor && row.id() <= end && !seen.contains(row.id())) {
                        missing++;
                        example(examples, name + " (cursor " + cursor + ") never got " + row.id());
                    }
                }
            }
            Map<String, String> textByClientOffset = new HashMap<>();
            for (JsonNode pair : client.path("sent")) {
                sent.add(pair.get(0).asText());
                textByClientOffset.put(pair.get(0).asText(), pair.get(1).asText());
            }
            for (JsonNode ackedOffset : client.path("acked")) {
                acked++;
                String clientOffset = ackedOffset.asText();
                String text = textByClientOffset.get(clientOffset);
                // client_offset is UNIQUE, so "twice" would show as the same text under a second row.
                int rows = rowsByContent.getOrDefault(text, 0);
                if (rowsByClientOffset.getOrDefault(clientOffset, 0) == 0
                        || !text.equals(contentByClientOffset.get(clientOffset))) {
                    ackedNotStored++;
                    example(examples, name + "'s acknowledged " + clientOffset + " is not stored as sent");
                } else if (rows > 1) {
                    ackedStoredTwice++;
                    example(examples, name + "'s acknowledged " + clientOffset + " is stored " + rows + " times");
                }
            }
            refused += client.path("refused").size();
        }
        long storedButNeverSent = stored.stream()
                .filter(row -> row.clientOffset() == null || !sent.contains(row.clientOffset())).count();
        if (storedButNeverSent > 0) {
            example(examples, storedButNeverSent + " stored rows carry a client offset no client sent");
        }
        return new Counts(segments, delivered, missing, duplicates, clientBufferedDuplicates, outOfOrder, notStored, acked, ackedNotStored,
                ackedStoredTwice, storedButNeverSent, refused, List.copyOf(examples));
    }

    private static void example(List<String> examples, String problem) {
        if (examples.size() < 10) {
            examples.add(problem);
        }
    }
}
