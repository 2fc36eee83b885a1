package dev.herald.bootstrap.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/** The rows Herald stored, read straight from its SQLite file: the ground truth every delivery is checked against. */
final class StoredMessages {

    record Row(long id, String clientOffset, String content) {}

    private StoredMessages() {
    }

    /** Every stored message in offset order. */
    static List<Row> read(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<Row> rows = new ArrayList<>();
        try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, client_offset, content FROM messages ORDER BY id")) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3)));
            }
        }
        return rows;
    }
}
