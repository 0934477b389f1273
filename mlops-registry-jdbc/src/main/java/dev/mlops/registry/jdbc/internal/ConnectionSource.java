package dev.mlops.registry.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the store gets its connections: a small pool of its own over {@code DriverManager}, or the
 * user's {@code DataSource}. Every operation borrows a connection and gives it back when done, so
 * nothing holds one between calls.
 */
public interface ConnectionSource extends AutoCloseable {

    /** A connection, in auto-commit mode. */
    Connection acquire() throws SQLException;

    /**
     * Gives a connection back.
     *
     * @param broken whether the connection failed in a way that makes it unfit for reuse
     */
    void release(Connection connection, boolean broken);

    /** Closes what the source owns (its pool; never a user's {@code DataSource}). */
    @Override
    void close();
}
