package dev.mlops.registry.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections from a user's {@link DataSource}, one per operation; the data source does the pooling.
 * Closing the store does not close the data source, which belongs to the user.
 */
public final class DataSourceConnections implements ConnectionSource {

    private static final Logger log = LoggerFactory.getLogger(DataSourceConnections.class);

    private final DataSource dataSource;

    /** Connections borrowed from, and returned to, {@code dataSource}. */
    public DataSourceConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection acquire() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void release(Connection connection, boolean broken) {
        if (broken) {
            // Ends the physical connection so that a pool does not hand it out again; close()
            // below still returns the pool's handle.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                log.debug("Cannot abort a broken connection", e);
            }
        }
        DriverManagerPool.closeQuietly(connection);
    }

    @Override
    public void close() {
        // the data source belongs to the caller
    }
}
