package dev.mlops.registry.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deliberately small connection pool: at most {@code maxSize} connections, opened on demand with
 * {@link DriverManager} and set to READ COMMITTED, kept open while idle, checked with {@link Connection#isValid} when they have
 * been idle for a while, and closed instead of reused when an operation on them failed. Users who
 * want more (metrics, eviction, leak detection) pass a pooled {@code DataSource} instead.
 */
public final class DriverManagerPool implements ConnectionSource {

    private static final Logger log = LoggerFactory.getLogger(DriverManagerPool.class);
    /** Idle connections older than this are validated before reuse (a server may have dropped them). */
    private static final long VALIDATE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long to keep trying to connect after a transient failure. */
    private static final long CONNECT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String url;
    private final Dialect dialect;
    private final String shownUrl;
    private final Secrets secrets;
    private final Properties properties;
    private final int maxSize;
    private final Duration timeout;
    private final Semaphore permits;
    /** Guarded by itself. */
    private final Deque<Idle> idle = new ArrayDeque<>();
    private volatile boolean closed;

    private record Idle(Connection connection, long since) {
    }

    /**
     * @param url the URL to connect to
     * @param dialect the database's dialect
     * @param properties driver properties, credentials included; never logged
     * @param maxSize the most connections open at once
     * @param timeout how long {@link #acquire} waits for a free connection
     * @param secrets what to mask in what it logs
     */
    public DriverManagerPool(String url, Dialect dialect, Properties properties, int maxSize,
            Duration timeout, Secrets secrets) {
        this.url = url;
        this.dialect = dialect;
        this.secrets = secrets;
        this.shownUrl = secrets.mask(url);
        this.properties = properties;
        this.maxSize = maxSize;
        this.timeout = timeout;
        this.permits = new Semaphore(maxSize, true);
    }

    @Override
    public Connection acquire() throws SQLException {
        if (closed) {
            throw new SQLException("the store is closed");
        }
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SQLTimeoutException("no connection to " + shownUrl + " became free within "
                        + timeout.toSeconds() + " s (pool size " + maxSize + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
        try {
            Idle reuse;
            while ((reuse = pollIdle()) != null) {
                if (System.nanoTime() - reuse.since < VALIDATE_AFTER_NANOS
                        || reuse.connection.isValid(2)) {
                    return reuse.connection;
                }
                log.debug("Dropping an idle connection to {} that is no longer valid", shownUrl);
                closeQuietly(reuse.connection);
            }
            Connection c = connect();
            try {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            log.debug("Opened a connection to {}", shownUrl);
            return c;
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Opens a connection, trying again for a while after a transient failure to connect. */
    private Connection connect() throws SQLException {
        long deadline = System.nanoTime() + CONNECT_RETRY_NANOS;
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                if (!dialect.isTransientConnectionFailure(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.debug("Connecting to {} again after: {}", shownUrl, secrets.mask(e.toString()));
                try {
                    Thread.sleep(Math.min(500, 10L * attempt)
                            + ThreadLocalRandom.current().nextLong(20));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Idle pollIdle() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    @Override
    public void release(Connection connection, boolean broken) {
        try {
            if (broken || closed) {
                closeQuietly(connection);
                return;
            }
            synchronized (idle) {
                idle.addFirst(new Idle(connection, System.nanoTime()));
            }
            if (closed) {
                closeIdle();
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        Idle i;
        while ((i = pollIdle()) != null) {
            closeQuietly(i.connection);
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Ignoring a failure to close a connection", e);
        }
    }
}
