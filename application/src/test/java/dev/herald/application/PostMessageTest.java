package dev.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.application.fixtures.InMemoryMessageStore;
import dev.herald.application.fixtures.RecordingSubscriber;
import dev.herald.application.port.MessageStoreException;
import dev.herald.domain.DeliveryCursor;
import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import java.time.Duration;
import dev.herald.application.port.AppendResult;
import dev.herald.application.port.MessageStore;
import dev.herald.domain.NewMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostMessageTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final ExecutorService catchUp = Executors.newVirtualThreadPerTaskExecutor();
    private MessageFeed feed;
    private PostMessage postMessage;

    @BeforeEach
    void startFeed() {
        feed = new MessageFeed(store, 100, Duration.ofSeconds(30), catchUp);
        feed.start();
        postMessage = new PostMessage(store, feed, 1_000);
    }

    @AfterEach
    void stopFeed() {
        feed.close();
        catchUp.shutdownNow();
    }

    @Test
    void aNewMessageIsStoredAcknowledgedWithItsOffsetAndBroadcastOnce() throws Exception {
        RecordingSubscriber client = followLive();

        PostResult result = postMessage.post("hello", "client-1");

        Offset offset = assertInstanceOf(PostResult.Posted.class, result).offset();
        assertTrue(client.awaitDelivered(offset, WAIT));
        assertEquals(List.of(new Message(offset, store.all().getFirst().text())), client.delivered());
    }

    @Test
    void aRetryIsAcknowledgedWithTheOriginalOffsetAndNotBroadcastAgain() throws Exception {
        RecordingSubscriber client = followLive();
        Offset original = ((PostResult.Posted) postMessage.post("hello", "client-1")).offset();

        PostResult retry = postMessage.post("hello", "client-1");
        Offset marker = ((PostResult.Posted) postMessage.post("after", "client-2")).offset();

        assertEquals(new PostResult.AlreadyPosted(original), retry);
        assertTrue(client.awaitDelivered(marker, WAIT));
        assertEquals(List.of(original.value(), marker.value()), client.deliveredOffsets());
        assertEquals(2, store.all().size());
    }

    @Test
    void messagesWithoutClientOffsetAreAlwaysNew() {
        PostResult first = postMessage.post("same", null);
        PostResult second = postMessage.post("same", null);

        assertInstanceOf(PostResult.Posted.class, first);
        assertInstanceOf(PostResult.Posted.class, second);
        assertEquals(2, store.all().size());
    }

    @Test
    void aStoreFailureIsReportedWithItsKindAndNothingIsBroadcast() throws Exception {
        RecordingSubscriber client = followLive();
        store.failWith(MessageStoreException.Failure.BUSY);

        PostResult result = postMessage.post("lost?", "client-1");

        assertEquals(new PostResult.Failed(MessageStoreException.Failure.BUSY), result);
        store.failWith(null);
        Offset retried = ((PostResult.Posted) postMessage.post("lost?", "client-1")).offset();
        assertTrue(client.awaitDelivered(retried, WAIT));
        assertEquals(List.of(retried.value()), client.deliveredOffsets(), "only the successful retry is broadcast");
    }

    @Test
    void oversizedTextIsRejectedAndNothingIsStored() {
        PostResult result = postMessage.post("x".repeat(1_001), "client-1");

        PostResult.Rejected rejected = assertInstanceOf(PostResult.Rejected.class, result);
        assertEquals(PostResult.Reason.TEXT_TOO_LONG, rejected.reason());
        assertTrue(rejected.detail().contains("1001"), rejected.detail());
        assertEquals(List.of(), store.all());
    }

    @Test
    void invalidTextOrClientOffsetIsRejectedAndNothingIsStored() {
        assertEquals(PostResult.Reason.INVALID_TEXT,
                ((PostResult.Rejected) postMessage.post(null, "c")).reason());
        assertEquals(PostResult.Reason.INVALID_TEXT,
                ((PostResult.Rejected) postMessage.post("bad \uD800 surrogate", "c")).reason());
        assertEquals(PostResult.Reason.INVALID_CLIENT_OFFSET,
                ((PostResult.Rejected) postMessage.post("fine", "")).reason());
        assertEquals(PostResult.Reason.INVALID_CLIENT_OFFSET,
                ((PostResult.Rejected) postMessage.post("fine", "x".repeat(300))).reason());
        assertEquals(List.of(), store.all());
    }

    @Test
    void anAsyncPostCompletesOnlyWhenTheStoreHasCommittedAndNothingIsBroadcastBefore() throws Exception {
        RecordingSubscriber client = followLive();
        // Each append waits at its own gate, as a store's writer queue would until the commit.
        List<CompletableFuture<Void>> gates = new ArrayList<>();
        MessageStore deferred = new MessageStore() {
            @Override
            public AppendResult append(NewMessage message) {
                throw new AssertionError("the async path must not block");
            }

            @Override
            public CompletableFuture<AppendResult> appendAsync(NewMessage message) {
                CompletableFuture<Void> gate = new CompletableFuture<>();
                gates.add(gate);
                return gate.thenApply(ignored -> store.append(message));
            }

            @Override
            public List<Message> readAfter(Offset after, int limit) {
                return store.readAfter(after, limit);
            }

            @Override
            public Offset newestOffset() {
                return store.newestOffset();
            }
        };
        PostMessage async = new PostMessage(deferred, feed, 1_000);

        CompletableFuture<PostResult> first = async.postAsync("one", "c-1");
        CompletableFuture<PostResult> second = async.postAsync("two", "c-2");

        assertTrue(!first.isDone() && !second.isDone(), "not acknowledged before the store answers");
        assertEquals(List.of(), store.all());
        gates.get(0).complete(null); // the store commits the first
        gates.get(1).complete(null); // then the second
        Offset one = assertInstanceOf(PostResult.Posted.class, first.get()).offset();
        Offset two = assertInstanceOf(PostResult.Posted.class, second.get()).offset();
        assertTrue(two.isAfter(one), "stored in the order posted");
        assertTrue(client.awaitDelivered(two, WAIT));
        assertEquals(List.of(one.value(), two.value()), client.deliveredOffsets());
    }

    @Test
    void anAsyncStoreFailureBecomesAFailedResult() throws Exception {
        store.failWith(MessageStoreException.Failure.FULL);

        PostResult result = postMessage.postAsync("x", "c-1").get();

        assertEquals(new PostResult.Failed(MessageStoreException.Failure.FULL), result);
    }

    private RecordingSubscriber followLive() throws InterruptedException {
        RecordingSubscriber client = new RecordingSubscriber();
        feed.follow(client, DeliveryCursor.start());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (feed.liveFollowers() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, feed.liveFollowers(), "the client joined the live stream");
        return client;
    }
}
