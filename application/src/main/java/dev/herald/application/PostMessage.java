package dev.herald.application;

import dev.herald.application.port.AppendResult;
import dev.herald.application.port.MessageStore;
import dev.herald.application.port.MessageStoreException;
import dev.herald.domain.ClientOffset;
import dev.herald.domain.MessageText;
import dev.herald.domain.NewMessage;
import java.util.Objects;
import java.util.Optional;

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
        if (text == null) {
            return new PostResult.Rejected(PostResult.Reason.INVALID_TEXT, "message text is missing");
        }
        if (text.length() > maxTextLength) {
            return new PostResult.Rejected(PostResult.Reason.TEXT_TOO_LONG,
                    "message text has " + text.length() + " characters, the limit is " + maxTextLength);
        }
        MessageText messageText;
        Optional<ClientOffset> offset;
        try {
            messageText = MessageText.of(text);
        } catch (IllegalArgumentException e) {
            return new PostResult.Rejected(PostResult.Reason.INVALID_TEXT, e.getMessage());
        }
        try {
            offset = clientOffset == null ? Optional.empty() : Optional.of(ClientOffset.of(clientOffset));
        } catch (IllegalArgumentException e) {
            return new PostResult.Rejected(PostResult.Reason.INVALID_CLIENT_OFFSET, e.getMessage());
        }

        AppendResult result;
        try {
            result = store.append(new NewMessage(messageText, offset));
        } catch (MessageStoreException e) {
            return new PostResult.Failed(e.failure());
        }
        return switch (result) {
            case AppendResult.Appended appended -> {
                feed.committed();
                yield new PostResult.Posted(appended.offset());
            }
            case AppendResult.AlreadyStored stored -> new PostResult.AlreadyPosted(stored.offset());
        };
    }
}
