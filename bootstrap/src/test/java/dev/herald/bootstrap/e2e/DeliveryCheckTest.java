package dev.herald.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-to-end checker must see each kind of broken delivery, or the end-to-end tests prove nothing. */
class DeliveryCheckTest {

    private static final List<StoredMessages.Row> STORED = List.of(
            new StoredMessages.Row(1, "a-0", "one"),
            new StoredMessages.Row(2, "a-1", "two"),
            new StoredMessages.Row(4, "a-2", "four")); // 3 is a gap: a skipped duplicate insert consumed it

    @Test
    void aCompleteInOrderDeliveryIsClean() throws Exception {
        DeliveryCheck.Counts counts = check("""
                [{"name":"a","sent":[["a-0","one"],["a-1","two"],["a-2","four"]],"acked":["a-0","a-1","a-2"],
                  "segments":[{"cursor":0,"final":false,"deliveries":[[1,"one"]]},
                              {"cursor":1,"final":true,"deliveries":[[2,"two"],[4,"four"]]}]}]""");
        assertTrue(counts.clean(), counts.toString());
        assertEquals(3, counts.delivered());
        assertEquals(2, counts.segments());
    }

    @Test
    void countsAMissingMessageOnAFinalSocketAndInsideAReplacedOne() throws Exception {
        DeliveryCheck.Counts counts = check("""
                [{"name":"a","segments":[{"cursor":0,"final":false,"deliveries":[[1,"one"],[4,"four"]]},
                                         {"cursor":1,"final":true,"deliveries":[[2,"two"]]}]}]""");
        assertEquals(2, counts.missing(), counts.toString());
    }

    @Test
    void countsDuplicatesAndReordering() throws Exception {
        DeliveryCheck.Counts counts = check("""
                [{"name":"a","segments":[{"cursor":0,"final":true,
                  "deliveries":[[1,"one"],[2,"two"],[1,"one"],[4,"four"],[2,"two"]]}]}]""");
        assertEquals(2, counts.duplicates(), counts.toString());
        assertEquals(0, counts.missing());

        DeliveryCheck.Counts reordered = check("""
                [{"name":"a","segments":[{"cursor":0,"final":true,"deliveries":[[2,"two"],[1,"one"],[4,"four"]]}]}]""");
        assertEquals(1, reordered.outOfOrder(), reordered.toString());
    }

    @Test
    void attributesARepeatOfAReceiveBufferDeliveryToTheClientLibrary() throws Exception {
        // 1 and 2 arrived as the transport closed and were emitted from the receive buffer after the reconnect,
        // whose stale cursor (0) made the server resend them: the client's double delivery, not the server's.
        DeliveryCheck.Counts counts = check("""
                [{"name":"a","segments":[{"cursor":0,"final":true,
                  "deliveries":[[1,"one","x",1],[2,"two","y",1],[1,"one","z",0],[2,"two","w",0],[4,"four","v",0]]}]}]""");
        assertEquals(2, counts.clientBufferedDuplicates(), counts.toString());
        assertEquals(0, counts.duplicates());
        assertEquals(0, counts.outOfOrder());
        assertEquals(0, counts.missing());
        assertEquals(0, counts.notStored());
    }

    @Test
    void countsDeliveriesThatAreNotTheStoredMessage() throws Exception {
        DeliveryCheck.Counts counts = check("""
                [{"name":"a","segments":[{"cursor":0,"final":true,
                  "deliveries":[[1,"one"],[2,"TWO"],[3,"three"],[4,"four"]]}]}]""");
        assertEquals(2, counts.notStored(), counts.toString());
        assertFalse(counts.clean());
    }

    @Test
    void countsAcknowledgedMessagesThatAreLostOrStoredTwice() throws Exception {
        List<StoredMessages.Row> stored = List.of(new StoredMessages.Row(1, "a-0", "one"),
                new StoredMessages.Row(2, "b-0", "one"));
        DeliveryCheck.Counts counts = DeliveryCheck.check(NodeScript.JSON.readTree("""
                [{"name":"a","sent":[["a-0","one"],["a-1","two"]],"acked":["a-0","a-1"],"segments":[]}]"""), stored);
        assertEquals(1, counts.ackedNotStored(), counts.toString());
        assertEquals(1, counts.ackedStoredTwice());
        assertEquals(1, counts.storedButNeverSent());
    }

    private static DeliveryCheck.Counts check(String clients) throws Exception {
        JsonNode json = NodeScript.JSON.readTree(clients);
        return DeliveryCheck.check(json, STORED);
    }
}
