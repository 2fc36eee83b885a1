package dev.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.application.fixtures.InMemoryMessageStore;
import dev.herald.application.fixtures.RecordingSubscriber;
import dev.herald.application.port.MessageStoreException;
import dev.herald.application.port.Subscriber;
import dev.herald.domain.DeliveryCursor;
import dev.herald.domain.Message;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final ExecutorService catchUp = Executors.newVirtualThreadPerTaskExecutor();
    private MessageFeed feed;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        catchUp.shutdownNow();
    }

    @Test
    void replaysOnlyMessagesAfterTheCursorThenFollowsLive() throws Exception {
        appendMany(5);
        startFeed(100);
        RecordingSubscriber client = new RecordingSubscriber();

        feed.follow(client, DeliveryCursor.at(Offset.of(2)));
        assertTrue(client.awaitDelivered(Offset.of(5), WAIT));
        awaitLive(1);
        post("six");

        assertTrue(client.awaitDelivered(Offset.of(6), WAIT));
        assertEquals(List.of(3L, 4L, 5L, 6L), client.deliveredOffsets());
    }

    @Test
    void replayIsPagedAndWaitsForTheClientBetweenPages() throws Exception {
        appendMany(35);
        startFeed(10);
        RecordingSubscriber slow = RecordingSubscriber.gated();

        feed.follow(slow, DeliveryCursor.start());

        assertTrue(slow.awaitCapacityRequests(1, WAIT));
        assertEquals(10, slow.delivered().size(), "one page, then a wait for the client to drain");
        slow.releasePage();
        assertTrue(slow.awaitCapacityRequests(2, WAIT));
        assertEquals(20, slow.delivered().size());
        slow.releasePage();
        slow.releasePage();
        assertTrue(slow.awaitDelivered(Offset.of(35), WAIT));
        assertEquals(LongStream.rangeClosed(1, 35).boxed().toList(), slow.deliveredOffsets());
    }

    @Test
    void messagesPostedDuringReplayArriveOnceAndInOrder() throws Exception {
        appendMany(30);
        startFeed(10);
        RecordingSubscriber live = new RecordingSubscriber();
        feed.follow(live, DeliveryCursor.at(Offset.of(30)));
        awaitLive(1);
        RecordingSubscriber replaying = RecordingSubscriber.gated();
        feed.follow(replaying, DeliveryCursor.start());
        assertTrue(replaying.awaitCapacityRequests(1, WAIT));

        // While the replaying client is held after its first page, the live stream moves on.
        for (int i = 0; i < 25; i++) {
            post("during replay " + i);
        }
        assertTrue(live.awaitDelivered(Offset.of(55), WAIT));
        for (int i = 0; i < 10; i++) {
            replaying.releasePage();
        }
        assertTrue(replaying.awaitDelivered(Offset.of(55), WAIT));
        awaitLive(2);
        post("after");

        assertTrue(replaying.awaitDelivered(Offset.of(56), WAIT));
        assertEquals(LongStream.rangeClosed(1, 56).boxed().toList(), replaying.deliveredOffsets());
        assertTrue(live.awaitDelivered(Offset.of(56), WAIT));
        assertEquals(LongStream.rangeClosed(31, 56).boxed().toList(), live.deliveredOffsets());
    }

    @Test
    void aCursorAheadOfTheStoreIsReportedAndEverythingIsSentFromTheStart() throws Exception {
        appendMany(3);
        startFeed(100);
        RecordingSubscriber client = new RecordingSubscriber();

        feed.follow(client, DeliveryCursor.at(Offset.of(500)));

        assertTrue(client.awaitDelivered(Offset.of(3), WAIT));
        assertEquals(1, client.resets().size());
        assertEquals(Offset.of(500), client.resets().getFirst()[0]);
        assertEquals(Offset.of(3), client.resets().getFirst()[1]);
        assertEquals(List.of(1L, 2L, 3L), client.deliveredOffsets());
    }

    @Test
    void replayWaitsForAFullClientInsteadOfDroppingIt() throws Exception {
        appendMany(20);
        startFeed(100);
        Semaphore room = new Semaphore(5);
        RecordingSubscriber recorder = new RecordingSubscriber();
        Subscriber fullAtTimes = new Subscriber() {
            @Override
            public boolean deliver(Message message) {
                return recorder.deliver(message);
            }

            @Override
            public boolean deliverReplayed(Message message) throws InterruptedException {
                room.acquire(); // blocks like a client whose buffer is full until it drains
                return recorder.deliver(message);
            }

            @Override
            public boolean awaitCapacity() {
                return true;
            }

            @Override
            public void cursorReset(Offset requested, Offset newest) {
            }

            @Override
            public void followingStopped(String reason) {
                recorder.followingStopped(reason);
            }
        };

        feed.follow(fullAtTimes, DeliveryCursor.start());
        assertTrue(recorder.awaitDelivered(Offset.of(5), WAIT));
        room.release(15);

        assertTrue(recorder.awaitDelivered(Offset.of(20), WAIT));
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), recorder.deliveredOffsets());
        assertEquals(List.of(), recorder.stops());
    }

    @Test
    void replayHandsOverWholePagesAndStopsAfterAClientTakesOnlyPartOfOne() throws Exception {
        appendMany(25);
        startFeed(10);
        RecordingSubscriber recorder = new RecordingSubscriber();
        List<List<Long>> handOvers = Collections.synchronizedList(new ArrayList<>());
        Subscriber takesFifteen = new Subscriber() {
            @Override
            public boolean deliver(Message message) {
                return recorder.deliver(message);
            }

            @Override
            public int deliverReplayed(List<Message> messages) {
                handOvers.add(messages.stream().map(m -> m.offset().value()).toList());
                int room = (int) Math.max(0, 15 - recorder.deliveredOffsets().size());
                int taken = Math.min(room, messages.size());
                messages.subList(0, taken).forEach(recorder::deliver);
                return taken;
            }

            @Override
            public boolean awaitCapacity() {
                return true;
            }

            @Override
            public void cursorReset(Offset requested, Offset newest) {
            }

            @Override
            public void followingStopped(String reason) {
                recorder.followingStopped(reason);
            }
        };

        feed.follow(takesFifteen, DeliveryCursor.at(Offset.of(2)));

        assertTrue(recorder.awaitDelivered(Offset.of(17), WAIT));
        catchUp.shutdown(); // the catch-up task has ended once this returns: nothing more can be handed over
        assertTrue(catchUp.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(List.of(LongStream.rangeClosed(3, 12).boxed().toList(),
                LongStream.rangeClosed(13, 22).boxed().toList()), handOvers);
        assertEquals(LongStream.rangeClosed(3, 17).boxed().toList(), recorder.deliveredOffsets());
        assertEquals(0, feed.liveFollowers(), "a client that could not take its page does not join live");
    }

    @Test
    void aClientThatCannotTakeMoreIsDroppedAndOthersCarryOn() throws Exception {
        startFeed(100);
        RecordingSubscriber gone = new RecordingSubscriber();
        RecordingSubscriber healthy = new RecordingSubscriber();
        feed.follow(gone, DeliveryCursor.start());
        feed.follow(healthy, DeliveryCursor.start());
        awaitLive(2);

        gone.refuseFromNowOn();
        Offset first = post("one");
        Offset second = post("two");

        assertTrue(healthy.awaitDelivered(second, WAIT));
        assertEquals(List.of(first.value(), second.value()), healthy.deliveredOffsets());
        assertEquals(List.of(), gone.deliveredOffsets());
        assertEquals(1, feed.liveFollowers());
    }

    @Test
    void aCancelledSubscriptionReceivesNothingMore() throws Exception {
        startFeed(100);
        RecordingSubscriber client = new RecordingSubscriber();
        RecordingSubscriber witness = new RecordingSubscriber();
        Subscription subscription = feed.follow(client, DeliveryCursor.start());
        feed.follow(witness, DeliveryCursor.start());
        awaitLive(2);
        Offset before = post("before");
        assertTrue(client.awaitDelivered(before, WAIT));

        subscription.cancel();
        Offset after = post("after");

        assertTrue(witness.awaitDelivered(after, WAIT));
        assertEquals(List.of(before.value()), client.deliveredOffsets());
    }

    @Test
    void aStoreFailureDuringCatchUpStopsFollowingWithTheReason() throws Exception {
        appendMany(3);
        startFeed(100);
        store.failWith(MessageStoreException.Failure.CORRUPT);
        RecordingSubscriber client = new RecordingSubscriber();

        feed.follow(client, DeliveryCursor.start());

        assertTrue(client.awaitStopped(WAIT));
        assertTrue(client.stops().getFirst().contains("CORRUPT"), client.stops().getFirst());
        assertEquals(List.of(), client.deliveredOffsets());
    }

    @Test
    void liveDeliveryResumesAfterTheStoreRecovers() throws Exception {
        startFeed(100);
        RecordingSubscriber client = new RecordingSubscriber();
        feed.follow(client, DeliveryCursor.start());
        awaitLive(1);

        store.failWith(MessageStoreException.Failure.BUSY);
        feed.committed();
        store.failWith(null);
        Offset offset = post("after the outage");

        assertTrue(client.awaitDelivered(offset, WAIT));
        assertEquals(List.of(offset.value()), client.deliveredOffsets());
    }

    @Test
    void closingTheFeedTellsLiveFollowers() throws Exception {
        startFeed(100);
        RecordingSubscriber client = new RecordingSubscriber();
        feed.follow(client, DeliveryCursor.start());
        awaitLive(1);

        feed.close();

        assertEquals(List.of("the server is shutting down"), client.stops());
        assertEquals(0, feed.liveFollowers());
    }

    @Test
    void followingAStoppedFeedIsRefusedAtOnce() {
        feed = new MessageFeed(store, 10, Duration.ofSeconds(1), catchUp);
        RecordingSubscriber client = new RecordingSubscriber();

        feed.follow(client, DeliveryCursor.start());

        assertFalse(client.stops().isEmpty());
    }

    private void startFeed(int pageSize) {
        feed = new MessageFeed(store, pageSize, Duration.ofSeconds(30), catchUp);
        feed.start();
    }

    private void appendMany(int count) {
        for (int i = 0; i < count; i++) {
            store.append(NewMessage.of("m" + i));
        }
    }

    private Offset post(String text) {
        Offset offset = store.append(NewMessage.of(text)).offset();
        feed.committed();
        return offset;
    }

    private void awaitLive(int followers) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (feed.liveFollowers() < followers) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + followers + " live followers, have " + feed.liveFollowers());
            }
            Thread.sleep(1);
        }
    }
}
