package dev.mlops.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/** The local PostgreSQL the command's database tests use. */
final class LocalPostgres {

    private LocalPostgres() {
    }

    /** A connection to the local PostgreSQL; skips the test without one, or fails it when CI=true. */
    static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + url + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + "; CI=true requires it (.ci/run starts it)", e);
            }
            Assumptions.assumeTrue(false, message + "; skipping");
            throw new IllegalStateException("unreachable");
        }
    }
}
