package dev.herald.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.application.fixtures.InMemoryMessageStore;
import dev.herald.application.fixtures.RecordingSubscriber;
import dev.herald.domain.DeliveryCursor;
import dev.herald.domain.Message;
import dev.herald.domain.Offset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The delivery guarantees under contention: 8 threads post 100,000 messages, retrying at random (sometimes from
 * another thread at the same moment), while clients join from random old cursors. Every client must see every
 * offset after its cursor exactly once, in increasing order, with no gap relative to the store; every retry must be
 * acknowledged with the original offset. Repeat count: {@code -Dherald.stress.repetitions=N} (the suite runs 3).
 */
class ConcurrentDeliveryTest {

    private static final int POSTERS = 8;
    private static final int MESSAGES = 100_000;
    private static final int JOINERS = 40;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RepeatedTest(value = 3, name = "run {currentRepetition} of {totalRepetitions}")
    void everyClientSeesEveryMessageOnceInOrderWhilePostersRetryAndClientsJoin() throws Exception {
        int repetitions = Integer.getInteger("herald.stress.repetitions", 1);
        for (int i = 0; i < repetitions; i++) {
            runOnce();
        }
    }

    private void runOnce() throws Exception {
        InMemoryMessageStore store = new InMemoryMessageStore();
        ExecutorService catchUp = Executors.newVirtualThreadPerTaskExecutor();
        MessageFeed feed = new MessageFeed(store, 64, Duration.ofMillis(200), catchUp);
        feed.start();
        PostMessage post = new PostMessage(store, feed, 100);
        ExecutorService posters = Executors.newFixedThreadPool(POSTERS + 1);
        try {
            RecordingSubscriber fromTheStart = new RecordingSubscriber();
            feed.follow(fromTheStart, DeliveryCursor.start());

            Map<String, Offset> firstAck = new ConcurrentHashMap<>();
            Map<String, List<Offset>> allAcks = new ConcurrentHashMap<>();
            AtomicInteger newMessages = new AtomicInteger();
            AtomicReferenceArray<String> recent = new AtomicReferenceArray<>(256);
            CountDownLatch go = new CountDownLatch(1);

            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < POSTERS; t++) {
                int thread = t;
                work.add(posters.submit(() -> {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < MESSAGES / POSTERS; i++) {
                        String clientOffset = "t" + thread + "-" + i;
                        record(post.post("message " + clientOffset, clientOffset), clientOffset, firstAck, allAcks,
                                newMessages);
                        recent.set(random.nextInt(recent.length()), clientOffset);
                        if (random.nextInt(5) == 0) {
                            // A retry of our own message (the ack was "lost").
                            record(post.post("message " + clientOffset, clientOffset), clientOffset, firstAck,
                                    allAcks, newMessages);
                        }
                        if (random.nextInt(5) == 0) {
                            // A retry of someone's recent message, racing with its original or other retries.
                            String other = recent.get(random.nextInt(recent.length()));
                            if (other != null) {
                                record(post.post("message " + other, other), other, firstAck, allAcks, newMessages);
                            }
                        }
                    }
                    return null;
                }));
            }

            List<RecordingSubscriber> joiners = new ArrayList<>();
            List<Offset> joinedAt = new ArrayList<>();
            work.add(posters.submit(() -> {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int j = 0; j < JOINERS; j++) {
                    Offset newest = store.newestOffset();
                    Offset cursor = Offset.of(newest.value() == 0 ? 0 : random.nextLong(newest.value() + 1));
                    RecordingSubscriber joiner = new RecordingSubscriber();
                    synchronized (joiners) {
                        joiners.add(joiner);
                        joinedAt.add(cursor);
                    }
                    feed.follow(joiner, DeliveryCursor.at(cursor));
                    Thread.sleep(random.nextInt(1, 8));
                }
                return null;
            }));

            go.countDown();
            for (Future<?> future : work) {
                future.get();
            }

            List<Message> stored = store.all();
            Offset newest = store.newestOffset();
            assertEquals(MESSAGES, stored.size(), "one stored message per client offset");
            assertEquals(MESSAGES, newMessages.get(), "exactly one post per client offset reported a new message");

            // Every attempt for a client offset was acknowledged with the same, original offset.
            allAcks.forEach((clientOffset, offsets) -> {
                for (Offset offset : offsets) {
                    assertEquals(firstAck.get(clientOffset), offset, "acks for " + clientOffset);
                }
            });

            List<Long> storedOffsets = stored.stream().map(m -> m.offset().value()).toList();
            assertTrue(fromTheStart.awaitDelivered(newest, WAIT), "the first client got everything");
            assertSameSequence(storedOffsets, fromTheStart.deliveredOffsets(), "broadcast once each, in order, no gap");

            synchronized (joiners) {
                for (int j = 0; j < joiners.size(); j++) {
                    RecordingSubscriber joiner = joiners.get(j);
                    long from = joinedAt.get(j).value();
                    assertTrue(joiner.awaitDelivered(newest, WAIT), "joiner " + j + " caught up");
                    List<Long> expected = storedOffsets.stream().filter(o -> o > from).toList();
                    assertSameSequence(expected, joiner.deliveredOffsets(),
                            "joiner " + j + " from " + from + ": every later offset exactly once, in order");
                }
            }
            assertEquals(JOINERS + 1, feed.liveFollowers(), "every client ended up on the live stream");
        } finally {
            posters.shutdownNow();
            feed.close();
            catchUp.shutdownNow();
        }
    }

    /** Compares two offset sequences and, when they differ, says where, without printing 100,000 numbers. */
    private static void assertSameSequence(List<Long> expected, List<Long> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        throw new AssertionError(what + ": expected " + expected.size() + " offsets, got " + actual.size()
                + "; first difference at index " + i + ": expected "
                + expected.subList(i, Math.min(i + 5, expected.size())) + ", got "
                + actual.subList(i, Math.min(i + 5, actual.size())));
    }

    private static void record(PostResult result, String clientOffset, Map<String, Offset> firstAck,
                               Map<String, List<Offset>> allAcks, AtomicInteger newMessages) {
        Offset offset = switch (result) {
            case PostResult.Posted posted -> {
                newMessages.incrementAndGet();
                yield posted.offset();
            }
            case PostResult.AlreadyPosted already -> already.offset();
            default -> throw new AssertionError("unexpected " + result);
        };
        firstAck.putIfAbsent(clientOffset, offset);
        allAcks.computeIfAbsent(clientOffset, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(offset);
    }
}
