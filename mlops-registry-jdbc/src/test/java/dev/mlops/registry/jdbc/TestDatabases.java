package dev.mlops.registry.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.Stage;
import dev.mlops.registry.jdbc.internal.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases the tests run on, and fresh, isolated stores in them: an in-memory H2 database, a
 * new schema on PostgreSQL, a new database on MariaDB. PostgreSQL and MariaDB are optional on a
 * laptop (the tests skip, naming the URL) and required in CI ({@code CI=true}: the tests fail).
 * Their admin URLs can be changed with {@code MLOPS_TEST_POSTGRES_URL} and
 * {@code MLOPS_TEST_MARIADB_URL}.
 */
final class TestDatabases {

    static final String POSTGRES = setting("MLOPS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String MARIADB = setting("MLOPS_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    private static final List<String> created = new ArrayList<>();

    private TestDatabases() {
    }

    private static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Skips the calling test class when the database is unreachable, or fails it in CI. */
    static void require(String adminUrl) {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(adminUrl)) {
            c.isValid(5);
        } catch (SQLException e) {
            String message = "database not reachable at " + adminUrl + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; CI=true requires it (.ci/run starts it)");
            }
            assumeTrue(false, message + "; skipping. Start it, or set CI=true to make this a failure");
        }
    }

    /** A URL of a new, empty in-memory H2 database that outlives its connections. */
    static String freshH2Memory() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        synchronized (created) {
            created.add(url);
        }
        return url;
    }

    /** A URL of a new, empty schema in the PostgreSQL test database. */
    static String freshPostgres() throws SQLException {
        String schema = "mlops_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        synchronized (created) {
            created.add(POSTGRES + "#" + schema);
        }
        return POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A URL of a new, empty MariaDB database. */
    static String freshMariaDb() throws SQLException {
        String database = "mlops_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(MARIADB); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        synchronized (created) {
            created.add(MARIADB + "#" + database);
        }
        return MARIADB.replaceFirst("(//[^/]+/)[^?]*", "$1" + database);
    }

    /** Drops every database and schema made by this JVM so far. */
    static void dropCreated() throws SQLException {
        List<String> all;
        synchronized (created) {
            all = new ArrayList<>(created);
            created.clear();
        }
        for (String entry : all) {
            if (entry.startsWith("jdbc:h2:")) {
                try (Connection c = DriverManager.getConnection(entry); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                continue;
            }
            String admin = entry.substring(0, entry.lastIndexOf('#'));
            String name = entry.substring(entry.lastIndexOf('#') + 1);
            try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
                s.execute(admin.startsWith("jdbc:postgresql:") ? "DROP SCHEMA " + name + " CASCADE"
                        : "DROP DATABASE " + name);
            }
        }
    }

    /** A connection to the database of a store URL, with the settings the store itself adds. */
    static Connection connect(String storeUrl) throws SQLException {
        return DriverManager.getConnection(Dialect.ofUrl(storeUrl).connectionUrl(storeUrl, Duration.ofSeconds(10)));
    }

    /** Flips the first byte of an artifact stored in the database, as a bad disk would. */
    static void corruptArtifact(String storeUrl, String sha256) throws SQLException {
        try (Connection c = connect(storeUrl)) {
            byte[] data;
            String blobId;
            try (PreparedStatement s = c.prepareStatement("SELECT c.blob_id, c.data FROM"
                    + " mlops_artifact_chunks c JOIN mlops_artifacts a ON a.blob_id = c.blob_id"
                    + " WHERE a.sha256 = ? AND c.seq = 0")) {
                s.setString(1, sha256);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new AssertionError("no artifact " + sha256 + " to corrupt");
                    }
                    blobId = rs.getString(1);
                    data = rs.getBytes(2);
                }
            }
            data[0] ^= 0x01;
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE mlops_artifact_chunks SET data = ? WHERE blob_id = ? AND seq = 0")) {
                s.setBytes(1, data);
                s.setString(2, blobId);
                s.executeUpdate();
            }
        }
    }

    /** Changes the reason of one audit entry in place. */
    static void editAuditReason(String storeUrl, String model, long seq, String reason)
            throws SQLException {
        try (Connection c = connect(storeUrl); PreparedStatement s = c.prepareStatement(
                "UPDATE mlops_audit SET reason = ? WHERE name = ? AND seq = ?")) {
            s.setString(1, reason);
            s.setString(2, model);
            s.setLong(3, seq);
            if (s.executeUpdate() != 1) {
                throw new AssertionError("no audit entry " + model + " #" + seq);
            }
        }
    }

    /** Deletes a model's newest (or first) audit row, leaving the model row and its anchor. */
    static void removeAuditEntry(String storeUrl, String model, boolean newest) throws SQLException {
        try (Connection c = connect(storeUrl)) {
            long seq;
            try (PreparedStatement s = c.prepareStatement("SELECT " + (newest ? "MAX" : "MIN")
                    + "(seq) FROM mlops_audit WHERE name = ?")) {
                s.setString(1, model);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM mlops_audit WHERE name = ? AND seq = ?")) {
                s.setString(1, model);
                s.setLong(2, seq);
                if (s.executeUpdate() != 1) {
                    throw new AssertionError("no audit entry " + model + " #" + seq);
                }
            }
        }
    }

    /** Changes the stage a version is served in, in mlops_versions only. */
    static void editStage(String storeUrl, String model, int version, Stage stage)
            throws SQLException {
        try (Connection c = connect(storeUrl); PreparedStatement s = c.prepareStatement(
                "UPDATE mlops_versions SET stage = ? WHERE name = ? AND version = ?")) {
            s.setString(1, stage.name());
            s.setString(2, model);
            s.setInt(3, version);
            if (s.executeUpdate() != 1) {
                throw new AssertionError("no version " + model + ":" + version);
            }
        }
    }

    /** Changes one metric of a version in the metrics JSON of mlops_versions. */
    static void editMetric(String storeUrl, String model, int version, String metric, double value)
            throws Exception {
        try (Connection c = connect(storeUrl)) {
            String json;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT metrics FROM mlops_versions WHERE name = ? AND version = ?")) {
                s.setString(1, model);
                s.setInt(2, version);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new AssertionError("no version " + model + ":" + version);
                    }
                    json = rs.getString(1);
                }
            }
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode metrics = (ObjectNode) mapper.readTree(json);
            metrics.put(metric, value);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE mlops_versions SET metrics = ? WHERE name = ? AND version = ?")) {
                s.setString(1, mapper.writeValueAsString(metrics));
                s.setString(2, model);
                s.setInt(3, version);
                s.executeUpdate();
            }
        }
    }
}
