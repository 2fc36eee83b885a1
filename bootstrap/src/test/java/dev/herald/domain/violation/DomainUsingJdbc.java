package dev.herald.domain.violation;

import java.sql.Connection;

/** Deliberate violation for ArchitectureViolationsTest: storage technology in the domain, even from the JDK. */
public final class DomainUsingJdbc {

    public boolean closed(Connection connection) throws java.sql.SQLException {
        return connection.isClosed();
    }
}
