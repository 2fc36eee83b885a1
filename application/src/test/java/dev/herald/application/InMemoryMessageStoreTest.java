package dev.herald.application;

import dev.herald.application.fixtures.InMemoryMessageStore;
import dev.herald.application.fixtures.MessageStoreContract;
import dev.herald.application.port.MessageStore;

class InMemoryMessageStoreTest extends MessageStoreContract {

    @Override
    protected MessageStore createStore() {
        return new InMemoryMessageStore();
    }
}
