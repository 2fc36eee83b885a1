package dev.herald.application.port;

import dev.herald.domain.Message;
import dev.herald.domain.NewMessage;
import dev.herald.domain.Offset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable log of chat messages.
 *
 * <p>Contract (checked by {@code MessageStoreContract} for every implementation):
 * <ul>
 *   <li>{@link #append} returns only once the message is durable; it stores at most one message per client offset
 *       and reports a repeat as {@link AppendResult.AlreadyStored} with the original offset.</li>
 *   <li>Offsets strictly increase <em>in commit order</em>: once a message at offset {@code n} can be read, no
 *       message at an offset below {@code n} can appear later. The ordered delivery depends on this.</li>
 *   <li>Failures of the storage itself are thrown as {@link MessageStoreException}: nothing was stored.</li>
 * </ul>
 * Implementations are safe for concurrent use.
 */
public interface MessageStore {

    /** Stores the message durably, once per client offset. Blocks until durable or failed. */
    AppendResult append(NewMessage message);

    /**
     * Starts storing the message and returns at once; the future completes as {@link #append} would return or throw.
     * Appends started one after the other by one thread are committed in that order, so a client's messages keep
     * their order while several are in flight. This default completes before returning; a store with a writer queue
     * overrides it to let posts overlap.
     */
    default CompletableFuture<AppendResult> appendAsync(NewMessage message) {
        try {
            return CompletableFuture.completedFuture(append(message));
        } catch (MessageStoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Up to {@code limit} messages with an offset after {@code after}, in increasing offset order. */
    List<Message> readAfter(Offset after, int limit);

    /** The offset of the newest stored message, {@link Offset#ZERO} when there is none. */
    Offset newestOffset();
}
