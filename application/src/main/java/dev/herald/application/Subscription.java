package dev.herald.application;

/** A client's place in the {@link MessageFeed}; cancel it when the client goes away. Idempotent. */
public interface Subscription {

    void cancel();
}
