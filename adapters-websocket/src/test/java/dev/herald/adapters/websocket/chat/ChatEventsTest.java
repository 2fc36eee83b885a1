package dev.herald.adapters.websocket.chat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.herald.adapters.websocket.engineio.EngineIoMessage;
import dev.herald.adapters.websocket.socketio.server.SocketIoPreparedEvent;
import dev.herald.adapters.websocket.socketio.server.SocketIoRecoveryOptions;
import dev.herald.adapters.websocket.socketio.server.SocketIoServer;
import dev.herald.adapters.websocket.socketio.server.SocketIoServerOptions;
import dev.herald.application.MessageFeed;
import dev.herald.application.PostMessage;
import dev.herald.application.fixtures.InMemoryMessageStore;
import dev.herald.domain.Message;
import dev.herald.domain.MessageText;
import dev.herald.domain.Offset;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a stored message becomes the event on the wire: shared by live recipients, private to a replay's one. */
class ChatEventsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final MessageFeed feed = new MessageFeed(store, 100, Duration.ofSeconds(1), Runnable::run);
    private final SocketIoServer server = new SocketIoServer(SocketIoServerOptions.defaults(scheduler)
            .withRecovery(SocketIoRecoveryOptions.enabledWithDefaults()));
    private final ChatEvents events = new ChatEvents(server.mainNamespace(), new PostMessage(store, feed, 1_000), feed,
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        feed.close();
        scheduler.shutdownNow();
    }

    @Test
    void aLiveMessageIsEncodedOnceAndItsFrameSharedByEveryRecipient() {
        Message message = new Message(Offset.of(7), MessageText.of("hello"));

        SocketIoPreparedEvent first = events.prepare(message);
        SocketIoPreparedEvent second = events.prepare(message);

        assertSame(first, second, "every live recipient gets the same prepared event");
        EngineIoMessage.Text frame = (EngineIoMessage.Text) first.messages().getFirst();
        assertFalse(frame.forOneConnection(), "a broadcast's frame must be shared, not copied per connection");
    }

    @Test
    void aReplayedMessageIsForItsOneRecipient() {
        Message message = new Message(Offset.of(7), MessageText.of("hello"));

        SocketIoPreparedEvent replayed = events.prepareForOne(message);

        assertTrue(((EngineIoMessage.Text) replayed.messages().getFirst()).forOneConnection());
        assertNotSame(replayed, events.prepare(message), "a replay does not take the live message's place");
    }
}
