package dev.herald.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqliteStoreConfigTest {

    private final SqliteStoreConfig defaults = SqliteStoreConfig.defaults(Path.of("messages.db"));

    @Test
    void defaultsAreDurableAgainstPowerLoss() {
        assertEquals(Durability.FULL, defaults.durability());
        assertEquals(SqliteStoreConfig.DEFAULT_MAX_BATCH_SIZE, defaults.maxBatchSize());
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> defaults.withMaxBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withReadConnections(0));
        assertThrows(IllegalArgumentException.class, () -> defaults.withBusyTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withBusyTimeout(Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withMaxPageCount(-1));
        assertThrows(NullPointerException.class, () -> defaults.withDurability(null));
    }
}
