package dev.herald.adapters.persistence;

import dev.herald.application.fixtures.MessageStoreContract;
import dev.herald.application.port.MessageStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared store contract against a real SQLite file on disk, with the default (FULL) durability. */
class JooqMessageStoreIT extends MessageStoreContract {

    private Path directory;

    @Override
    protected MessageStore createStore() throws Exception {
        directory = Files.createTempDirectory("herald-store-contract");
        return JooqMessageStore.open(SqliteStoreConfig.defaults(directory.resolve("messages.db")));
    }

    @Override
    protected void closeStore(MessageStore store) throws Exception {
        ((JooqMessageStore) store).close();
        TestFiles.deleteRecursively(directory);
    }
}
