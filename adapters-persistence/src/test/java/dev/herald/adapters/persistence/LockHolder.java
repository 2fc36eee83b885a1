package dev.herald.adapters.persistence;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A second process that takes the database's write lock ({@code BEGIN IMMEDIATE}), prints {@code LOCKED}, and holds
 * it until a line arrives on stdin; then it rolls back and exits. Run by {@link StoreFailuresIT}.
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            System.out.println("LOCKED");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            statement.execute("ROLLBACK");
        }
        System.out.println("RELEASED");
        System.out.flush();
    }
}
