package dev.mlops.registry.jdbc.internal;

import dev.mlops.MlopsConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything that differs between the supported databases, in one place: how URLs and products are
 * recognised, which driver to add, where the migration scripts live, how to hold the schema lock, and
 * which errors mean "run the transaction again". The SQL the store runs is otherwise the same
 * everywhere; the column types differ only in the per-dialect migration scripts.
 */
public enum Dialect {

    H2("h2", "H2", "com.h2database:h2") {
        @Override
        public String connectionUrl(String url, Duration lockWait) {
            String lower = url.toLowerCase(Locale.ROOT);
            StringBuilder out = new StringBuilder(url);
            boolean local = !(lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
                    || lower.startsWith("jdbc:h2:ssl:") || lower.startsWith("jdbc:h2:zip:"));
            // A file database is opened by one process at a time; AUTO_SERVER lets the first
            // process serve it to the others, so that concurrent CLI runs share one registry. With
            // the SOCKET lock method a process that takes over the file from one that exited (or
            // died) finds out at once, where the default method waits seconds for the lock file to
            // age.
            if (local && !lower.contains(";auto_server=")) {
                out.append(";AUTO_SERVER=TRUE");
                if (!lower.contains(";file_lock=")) {
                    out.append(";FILE_LOCK=SOCKET");
                }
            }
            // H2 gives up on a row lock after one second by default, too short for a busy model.
            if (!lower.contains(";lock_timeout=")) {
                out.append(";LOCK_TIMEOUT=").append(lockWait.toMillis());
            }
            return out.toString();
        }

        @Override
        public boolean ordersByEqualColumns() {
            return true;
        }

        @Override
        public Optional<String> syncStatement(String url) {
            // H2 writes a commit to its file after a delay (WRITE_DELAY, 500 ms by default), so a
            // process killed right after a commit loses it, and with AUTO_SERVER that process may
            // be another one than the writer: the one that happens to host the file. CHECKPOINT
            // SYNC writes everything committed and forces it to disk.
            return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:") ? Optional.empty()
                    : Optional.of("CHECKPOINT SYNC");
        }

        @Override
        boolean isAdminRightsRequired(SQLException e) {
            return hasCode(e, 90040);
        }

        @Override
        public String chunkBytes(String column) {
            // A BLOB sent to another process (AUTO_SERVER) stays in the serving process's memory for
            // the five minutes H2 keeps remote LOBs readable (h2.lobTimeout): reading a large
            // artifact chunk by chunk would pile them up until it ran out of memory. As plain bytes
            // a chunk is sent and forgotten.
            return "CAST(" + column + " AS BINARY VARYING)";
        }

        @Override
        void lockSchema(Connection c) throws SQLException {
            // H2 has no advisory locks: hold a row lock in an open transaction instead. DDL commits
            // H2 transactions, so the migrations run on another connection while this one waits.
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS mlops_schema_lock (id INTEGER PRIMARY KEY)");
                s.execute("MERGE INTO mlops_schema_lock KEY (id) VALUES (1)");
            }
            c.setAutoCommit(false);
            long deadline = System.nanoTime() + SCHEMA_LOCK_WAIT.toNanos();
            while (true) {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT id FROM mlops_schema_lock WHERE id = 1 FOR UPDATE").close();
                    return;
                } catch (SQLException e) {
                    if (!isLockTimeout(e) || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        }

        @Override
        void unlockSchema(Connection c) throws SQLException {
            c.rollback();
            c.setAutoCommit(true);
        }

        @Override
        boolean isTransient(SQLException e) {
            // 23505 duplicate key, 40001 deadlock, 90131 concurrent update
            return hasState(e, "23505", "40001", "90131");
        }

        @Override
        boolean isLockTimeout(SQLException e) {
            // HYT00 LOCK_TIMEOUT expired, 57014 statement timeout
            return hasState(e, "HYT00", "57014");
        }

        @Override
        public boolean isTransientConnectionFailure(SQLException e) {
            // Processes opening one file at the same moment race for its lock file (8000, 90020).
            // With AUTO_SERVER the process that opened the file first serves it to the others; when
            // it exits, their connections break (90067 broken, 90098 and 90121 closed, 90028 with
            // the socket at its end) and the next connection makes one of them the server. Work on
            // a broken connection was not committed, so it can run again.
            return hasCode(e, 8000, 90020, 90067, 90098, 90121) || hasCode(e, 90028) && causedBy(e,
                    java.io.EOFException.class, java.net.SocketException.class);
        }
    },

    POSTGRESQL("postgresql", "PostgreSQL", "org.postgresql:postgresql") {
        @Override
        void lockSchema(Connection c) throws SQLException {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                s.setLong(1, SCHEMA_LOCK_KEY);
                s.executeQuery().close();
            }
        }

        @Override
        void unlockSchema(Connection c) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, SCHEMA_LOCK_KEY);
                s.executeQuery().close();
            }
        }

        @Override
        boolean isTransient(SQLException e) {
            // unique violation, serialization failure, deadlock
            return hasState(e, "23505", "40001", "40P01");
        }

        @Override
        boolean isLockTimeout(SQLException e) {
            // statement timeout (query_canceled), lock_not_available
            return hasState(e, "57014", "55P03");
        }
    },

    /** MariaDB, and MySQL through the same SQL. */
    MARIADB("mariadb", "MariaDB", "org.mariadb.jdbc:mariadb-java-client") {
        @Override
        void lockSchema(Connection c) throws SQLException {
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT GET_LOCK(CONCAT('mlops_schema.', DATABASE()), ?)")) {
                s.setLong(1, SCHEMA_LOCK_WAIT.toSeconds());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        throw new SQLException("timed out after " + SCHEMA_LOCK_WAIT.toSeconds()
                                + " s waiting for another process to finish creating the schema");
                    }
                }
            }
        }

        @Override
        void unlockSchema(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT RELEASE_LOCK(CONCAT('mlops_schema.', DATABASE()))").close();
            }
        }

        @Override
        boolean isTransient(SQLException e) {
            // 1062 duplicate key, 1213 deadlock
            return hasCode(e, 1062, 1213) || hasState(e, "40001");
        }

        @Override
        boolean isLockTimeout(SQLException e) {
            // 1205 innodb_lock_wait_timeout, 1969 max_statement_time (MariaDB), 3024 (MySQL)
            return hasCode(e, 1205, 1969, 3024) || e instanceof SQLTimeoutException;
        }
    };

    /** How long opening a store waits for another process that is creating the schema. */
    static final Duration SCHEMA_LOCK_WAIT = Duration.ofSeconds(120);
    /** The advisory lock key of schema migrations ("mlops" in ASCII). */
    private static final long SCHEMA_LOCK_KEY = 0x6d6c6f7073L;

    private final String id;
    private final String product;
    private final String driverArtifact;

    Dialect(String id, String product, String driverArtifact) {
        this.id = id;
        this.product = product;
        this.driverArtifact = driverArtifact;
    }

    /** Short name, also the directory of the migration scripts. */
    public String id() {
        return id;
    }

    /** The database product name. */
    public String product() {
        return product;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws MlopsConfigurationException for a database the store does not support
     */
    public static Dialect ofUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new MlopsConfigurationException("unsupported database URL '" + Urls.redact(url)
                + "': the JDBC store supports jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: and"
                + " jdbc:mysql: URLs");
    }

    /**
     * The dialect of a database product name as reported by {@code DatabaseMetaData}.
     *
     * @throws MlopsConfigurationException for a database the store does not support
     */
    public static Dialect ofProduct(String productName) {
        String lower = productName.toLowerCase(Locale.ROOT);
        if (lower.equals("h2")) {
            return H2;
        }
        if (lower.equals("postgresql")) {
            return POSTGRESQL;
        }
        if (lower.equals("mariadb") || lower.equals("mysql")) {
            return MARIADB;
        }
        throw new MlopsConfigurationException("unsupported database '" + productName
                + "': the JDBC store supports H2, PostgreSQL, MariaDB and MySQL");
    }

    /** The driver to name when none accepts {@code url}. */
    public String driverArtifactFor(String url) {
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")) {
            return "com.mysql:mysql-connector-j (or use a jdbc:mariadb: URL with "
                    + driverArtifact + ")";
        }
        return driverArtifact;
    }

    /**
     * The URL to connect with: the user's URL plus the settings the store relies on.
     *
     * @param lockWait how long a statement may wait for a row lock
     */
    public String connectionUrl(String url, Duration lockWait) {
        return url;
    }

    /**
     * Whether a connection failed, or could not be opened, in a way that passes on a new connection
     * shortly after, with nothing lost: so far only H2 handing a file database between processes.
     * Work that failed so before its commit is run again; a commit that failed so is reported.
     */
    public boolean isTransientConnectionFailure(SQLException e) {
        return false;
    }

    /**
     * The SQL expression that reads an artifact chunk's bytes from {@code column}: the column
     * itself, unless the database needs them read otherwise.
     */
    public String chunkBytes(String column) {
        return column;
    }

    /**
     * Whether a search's ORDER BY must also name the index columns its conditions hold equal (the
     * model's name, the tag) for the database to read the index in order instead of sorting every
     * match: H2 needs them, while MariaDB sorts when they include the tag (PostgreSQL reads the
     * index in order either way).
     */
    public boolean ordersByEqualColumns() {
        return false;
    }

    /**
     * The statement that makes a committed transaction durable, run after each commit, for a
     * database that does not make commits durable by itself; empty when it does.
     */
    public Optional<String> syncStatement(String url) {
        return Optional.empty();
    }

    /** Whether a statement was refused because the user lacks administrator rights. */
    boolean isAdminRightsRequired(SQLException e) {
        return false;
    }

    /**
     * Blocks until this connection holds the database-wide lock that serializes schema migrations
     * between processes. Released by {@link #unlockSchema}, or by closing the connection.
     */
    abstract void lockSchema(Connection c) throws SQLException;

    abstract void unlockSchema(Connection c) throws SQLException;

    /**
     * Whether a failed transaction may simply be run again: lost races (deadlock, serialization
     * failure) and a duplicate key, which under the per-model lock only happens when two writers
     * create the same model row or artifact at once.
     */
    abstract boolean isTransient(SQLException e);

    /** Whether a statement failed because it waited too long for a lock. */
    abstract boolean isLockTimeout(SQLException e);

    /** Whether the connection that raised {@code e} is known to be broken. */
    static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof SQLException s && s.getSQLState() != null
                            && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01"))) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static boolean causedBy(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasCode(SQLException e, int... codes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (int code : codes) {
                    if (s.getErrorCode() == code) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasState(SQLException e, String... states) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                for (String state : states) {
                    if (state.equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
