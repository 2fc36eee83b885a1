package dev.herald.application;

import dev.herald.application.port.AppendResult;
import dev.herald.application.port.MessageStore;
import dev.herald.application.port.MessageStoreException;
import dev.herald.domain.ClientOffset;
import dev.herald.domain.MessageText;
import dev.herald.domain.NewMessage;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Tutorial step 8, made rigorous: a message is stored once per client offset, the sender learns the outcome only
 * after the store reports it durable, and a new message is announced to the {@link MessageFeed}, which alone
 * broadcasts it, exactly once and in offset order. A repeat of a stored client offset is acknowledged with the
 * original offset and never broadcast again.
 */
public final class PostMessage {

    private final MessageStore store;
    private final MessageFeed feed;
    private final int maxTextLength;

    public PostMessage(MessageStore store, MessageFeed feed, int maxTextLength) {
        this.store = Objects.requireNonNull(store, "store");
        this.feed = Objects.requireNonNull(feed, "feed");
        if (maxTextLength < 1 || maxTextLength > MessageText.MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "maxTextLength must be 1 to " + MessageText.MAX_LENGTH + ", got " + maxTextLength);
        }
        this.maxTextLength = maxTextLength;
    }

    /**
     * Posts {@code text}; {@code clientOffset} is {@code null} for clients that do not retry (tutorial step 7).
     * Blocks until the store has answered: call it off I/O threads.
     */
    public PostResult post(String text, String clientOffset) {
        return postAsync(text, clientOffset).join();
    }

    /**
     * Starts posting and returns at once; the stage completes with the outcome once the store has answered (on a
     * store thread: keep what follows it short). Posts started one after the other are stored in that order.
     */
    public CompletableFuture<PostResult> postAsync(String text, String clientOffset) {
        if (text == null) {
            return rejected(PostResult.Reason.INVALID_TEXT, "message text is missing");
        }
        if (text.length() > maxTextLength) {
            return rejected(PostResult.Reason.TEXT_TOO_LONG,
                    "message text has " + text.length() + " characters, the limit is " + maxTextLength);
        }
        MessageText messageText;
        Optional<ClientOffset> offset;
        try {
            messageText = MessageText.of(text);
        } catch (IllegalArgumentException e) {
            return rejected(PostResult.Reason.INVALID_TEXT, e.getMessage());
        }
        try {
            offset = clientOffset == null ? Optional.empty() : Optional.of(ClientOffset.of(clientOffset));
        } catch (IllegalArgumentException e) {
            return rejected(PostResult.Reason.INVALID_CLIENT_OFFSET, e.getMessage());
        }

        CompletableFuture<AppendResult> appended;
        try {
            appended = store.appendAsync(new NewMessage(messageText, offset));
        } catch (MessageStoreException e) {
            return CompletableFuture.completedFuture(new PostResult.Failed(e.failure()));
        }
        return appended.handle((result, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                if (cause instanceof MessageStoreException storeFailure) {
                    return new PostResult.Failed(storeFailure.failure());
                }
                throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
            }
            return switch (result) {
                case AppendResult.Appended appendedMessage -> {
                    feed.committed();
                    yield new PostResult.Posted(appendedMessage.offset());
                }
                case AppendResult.AlreadyStored stored -> new PostResult.AlreadyPosted(stored.offset());
            };
        });
    }

    private static CompletableFuture<PostResult> rejected(PostResult.Reason reason, String detail) {
        return CompletableFuture.completedFuture(new PostResult.Rejected(reason, detail));
    }
}
