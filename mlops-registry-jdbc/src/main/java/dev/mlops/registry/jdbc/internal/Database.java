package dev.mlops.registry.jdbc.internal;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of SQL work on borrowed connections: reads in auto-commit mode, writes in READ COMMITTED
 * transactions that are run again after a transient failure before their commit (see
 * {@link Dialect#isTransient} and {@link Dialect#isTransientConnectionFailure}). Every other
 * {@link SQLException} leaves as a {@link StorageException} that says what was being done.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** How often a transaction is tried before a transient failure is reported. */
    static final int MAX_ATTEMPTS = 10;

    private final ConnectionSource connections;
    private final Dialect dialect;
    private final String shownUrl;
    private final boolean setsIsolation;
    private final Secrets secrets;
    /** Run after each commit when the database does not make commits durable by itself. */
    private final Optional<String> sync;

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * @param url the database's URL, which decides whether commits need a sync to be durable
     * @param setsIsolation whether each transaction must make sure of READ COMMITTED itself (a user's
     *     data source may hand out connections at another level)
     * @param secrets what to mask in messages
     */
    public Database(ConnectionSource connections, Dialect dialect, String url,
            boolean setsIsolation, Secrets secrets) {
        this.connections = connections;
        this.dialect = dialect;
        this.shownUrl = secrets.mask(url);
        this.setsIsolation = setsIsolation;
        this.secrets = secrets;
        this.sync = dialect.syncStatement(url);
    }

    /** The database's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The URL without credentials. */
    public String shownUrl() {
        return shownUrl;
    }

    /**
     * Makes a commit durable once, so that a user who may not do so learns it when the store opens
     * rather than when a write fails after its commit.
     *
     * @throws MlopsConfigurationException when the database refuses for want of rights
     */
    public void checkDurableCommits() {
        if (sync.isEmpty()) {
            return;
        }
        try {
            read("make commits durable", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(sync.get());
                }
                return null;
            });
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql && dialect.isAdminRightsRequired(sql)) {
                throw new MlopsConfigurationException("the store runs " + sync.get() + " after each"
                        + " commit, so that a write is on disk before it returns, and " + shownUrl
                        + " lets only an administrator do that: connect as the database's owner", e);
            }
            throw e;
        }
    }

    /** The connections, for work that manages them itself (migrations, artifact streams). */
    public ConnectionSource connections() {
        return connections;
    }

    /**
     * Runs read-only work in auto-commit mode.
     *
     * @param what what the work does, for the error message ("read versions of 'churn'")
     */
    public <T> T read(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = acquire(what);
            boolean broken = true;
            try {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                T result = work.run(c);
                broken = false;
                return result;
            } catch (SQLException | UncheckedSqlException e) {
                SQLException sql = e instanceof UncheckedSqlException u ? u.getCause() : (SQLException) e;
                broken = Dialect.isConnectionFailure(sql) || dialect.isTransientConnectionFailure(sql);
                if (dialect.isTransientConnectionFailure(sql) && attempt < MAX_ATTEMPTS) {
                    log.debug("Reading again ({}) after: {}", what, secrets.mask(sql.toString()));
                    continue;
                }
                throw failure(what, sql);
            } finally {
                connections.release(c, broken);
            }
        }
    }

    /**
     * Runs work in a transaction and commits it. A transient failure rolls back and runs the work
     * again, up to {@value #MAX_ATTEMPTS} times. A {@link RuntimeException} thrown by the work rolls
     * back and propagates unchanged; SQL failures become {@link StorageException}s.
     */
    public <T> T transaction(String what, SqlWork<T> work) {
        return transaction(what, MAX_ATTEMPTS, work);
    }

    /** Like {@link #transaction(String, SqlWork)}, trying at most {@code attempts} times. */
    public <T> T transaction(String what, int attempts, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = acquire(what);
            boolean broken = true;
            int isolation = -1;
            boolean committing = false;
            try {
                c.setAutoCommit(false);
                if (setsIsolation && c.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
                    isolation = c.getTransactionIsolation();
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                T result = work.run(c);
                committing = true;
                c.commit();
                if (sync.isPresent()) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sync.get());
                    }
                }
                restore(c, isolation);
                broken = false;
                return result;
            } catch (SQLException | UncheckedSqlException e) {
                SQLException sql = e instanceof UncheckedSqlException u ? u.getCause() : (SQLException) e;
                boolean reconnect = dialect.isTransientConnectionFailure(sql);
                broken = reconnect || !rollback(c) || Dialect.isConnectionFailure(sql);
                if (!broken) {
                    broken = !restore(c, isolation);
                }
                if (!committing && (dialect.isTransient(sql) || reconnect) && attempt < attempts) {
                    log.debug("Retrying ({}) after a transient failure: {}", what, secrets.mask(sql.toString()));
                    connections.release(c, broken);
                    c = null;
                    backOff(attempt);
                    continue;
                }
                if (committing && (reconnect || Dialect.isConnectionFailure(sql))) {
                    throw new CommitOutcomeUnknownException("the connection to " + shownUrl
                            + " failed while committing (" + what + "); the change was saved entirely"
                            + " or not at all: read it back to know which. "
                            + secrets.mask(sql.getMessage()), secrets.mask(sql), reconnect);
                }
                throw failure(what + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), sql);
            } catch (RuntimeException | Error e) {
                broken = !rollback(c) || !restore(c, isolation);
                throw e;
            } finally {
                if (c != null) {
                    connections.release(c, broken);
                }
            }
        }
    }

    private Connection acquire(String what) {
        try {
            return connections.acquire();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            log.debug("Rollback failed; dropping the connection", e);
            return false;
        }
    }

    /** Puts the connection back in auto-commit mode at its original isolation level. */
    private static boolean restore(Connection c, int isolation) {
        try {
            c.setAutoCommit(true);
            if (isolation >= 0) {
                c.setTransactionIsolation(isolation);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            log.debug("Cannot reset a connection; dropping it", e);
            return false;
        }
    }

    private static void backOff(int attempt) {
        long maxMillis = Math.min(200, 2L << attempt);
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry a transaction", e);
        }
    }

    /** The exception for a failed SQL operation, with every credential masked. */
    public StorageException failure(String what, SQLException e) {
        return new StorageException("cannot " + what + " in " + shownUrl + ": "
                + secrets.mask(e.getMessage()), secrets.mask(e));
    }

    @Override
    public void close() {
        connections.close();
    }

    /**
     * The connection broke while a transaction was committing, so whether it was saved is unknown
     * here; the caller may be able to find out.
     */
    public static final class CommitOutcomeUnknownException extends StorageException {

        private final boolean transientConnectionFailure;

        CommitOutcomeUnknownException(String message, SQLException cause,
                boolean transientConnectionFailure) {
            super(message, cause);
            this.transientConnectionFailure = transientConnectionFailure;
        }

        /** Whether the connection broke in a way after which work may simply run again. */
        public boolean transientConnectionFailure() {
            return transientConnectionFailure;
        }
    }

    /** Carries an {@link SQLException} out of code that cannot throw checked exceptions. */
    public static final class UncheckedSqlException extends RuntimeException {

        public UncheckedSqlException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
