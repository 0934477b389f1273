package dev.mlops.registry.jdbc.internal;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.spi.AuditAnchor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Map;

/** Every write of the store, as plain SQL on the connection of a transaction. */
final class Writes {

    private Writes() {
    }

    /** The model row's counters, locked for the rest of the transaction. */
    record ModelRow(int latestVersion, int versionCount, long auditHead) {
    }

    /**
     * Locks a model's row, creating it when the model is new. Two transactions creating the same
     * model collide on the primary key; the loser's duplicate-key error is transient and its
     * transaction runs again, finding the row. Writes hold the lock for milliseconds (artifacts are
     * stored before it is taken), so a wait longer than {@code lockWait} means a stuck writer and
     * ends in an error rather than a hang.
     */
    static ModelRow lockModel(Connection c, Dialect dialect, String name, Duration lockWait)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT latest_version, version_count,"
                + " audit_head FROM mlops_models WHERE name = ? FOR UPDATE")) {
            s.setString(1, name);
            s.setQueryTimeout((int) Math.max(1, lockWait.toSeconds()));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new ModelRow(rs.getInt(1), rs.getInt(2), rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            if (dialect.isLockTimeout(e)) {
                throw new SQLTimeoutException("waited more than " + lockWait.toSeconds()
                        + " s for another writer of model '" + name + "' to finish ("
                        + e.getMessage() + ")", e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_models (name, latest_version,"
                + " version_count, audit_head, created_at) VALUES (?, 0, 0, 0, ?)")) {
            s.setString(1, name);
            s.setLong(2, System.currentTimeMillis());
            s.executeUpdate();
        }
        return new ModelRow(0, 0, 0);
    }

    static void updateModel(Connection c, String name, ModelRow row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mlops_models SET latest_version = ?,"
                + " version_count = ?, audit_head = ? WHERE name = ?")) {
            s.setInt(1, row.latestVersion());
            s.setInt(2, row.versionCount());
            s.setLong(3, row.auditHead());
            s.setString(4, name);
            s.executeUpdate();
        }
    }

    static void insertVersion(Connection c, ModelVersion v, String idempotencyKey)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_versions (name, version,"
                + " stage, sha256, size_bytes, format, signature_algorithm, signature_key_id,"
                + " signature_value, created_at, created_by, description, metrics, params, tags,"
                + " lineage_parent, lineage_data, lineage_provenance, idempotency_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, v.name());
            s.setInt(2, v.version());
            s.setString(3, v.stage().name());
            s.setString(4, v.sha256());
            s.setLong(5, v.sizeBytes());
            s.setString(6, v.format());
            s.setString(7, v.signature().algorithm());
            s.setString(8, v.signature().keyId());
            s.setString(9, v.signature().value());
            s.setLong(10, v.createdAt().toEpochMilli());
            s.setString(11, v.createdBy());
            s.setString(12, v.description());
            s.setString(13, Json.write(v.metrics()));
            s.setString(14, Json.write(v.params()));
            s.setString(15, Json.write(v.tags()));
            s.setString(16, v.lineage().parent());
            s.setString(17, v.lineage().dataFingerprint());
            s.setString(18, v.lineage().provenance());
            // No key is NULL, which unique constraints let many rows share.
            s.setString(19, idempotencyKey.isEmpty() ? null : idempotencyKey);
            s.executeUpdate();
        }
        insertSearchRows(c, v);
    }

    /**
     * Replaces the mutable fields of a version.
     *
     * @param searchRowsChanged whether the tags or metrics changed, so that the search tables must
     *     be rewritten too
     */
    static void updateVersion(Connection c, ModelVersion v, boolean searchRowsChanged)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mlops_versions SET stage = ?,"
                + " description = ?, metrics = ?, tags = ? WHERE name = ? AND version = ?")) {
            s.setString(1, v.stage().name());
            s.setString(2, v.description());
            s.setString(3, Json.write(v.metrics()));
            s.setString(4, Json.write(v.tags()));
            s.setString(5, v.name());
            s.setInt(6, v.version());
            if (s.executeUpdate() != 1) {
                throw new IllegalArgumentException("version " + v.ref() + " does not exist");
            }
        }
        if (searchRowsChanged) {
            for (String table : new String[] {"mlops_version_tags", "mlops_version_metrics"}) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table
                        + " WHERE name = ? AND version = ?")) {
                    s.setString(1, v.name());
                    s.setInt(2, v.version());
                    s.executeUpdate();
                }
            }
            insertSearchRows(c, v);
        }
    }

    private static void insertSearchRows(Connection c, ModelVersion v) throws SQLException {
        if (!v.tags().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO mlops_version_tags (name, version, tag_hash, created_at)"
                    + " VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, String> tag : v.tags().entrySet()) {
                    s.setString(1, v.name());
                    s.setInt(2, v.version());
                    s.setString(3, Keys.tag(tag.getKey(), tag.getValue()));
                    s.setLong(4, v.createdAt().toEpochMilli());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!v.metrics().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_version_metrics"
                    + " (name, version, metric_hash, metric_value) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Double> metric : v.metrics().entrySet()) {
                    s.setString(1, v.name());
                    s.setInt(2, v.version());
                    s.setString(3, Keys.metric(metric.getKey()));
                    s.setDouble(4, metric.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
    }

    static void setAlias(Connection c, String name, String alias, int version) throws SQLException {
        // The model row is locked, so nobody else can insert the alias between these statements.
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE mlops_aliases SET version = ? WHERE name = ? AND alias = ?")) {
            s.setInt(1, version);
            s.setString(2, name);
            s.setString(3, alias);
            if (s.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO mlops_aliases (name, alias, version) VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, alias);
            s.setInt(3, version);
            s.executeUpdate();
        }
    }

    static void removeAlias(Connection c, String name, String alias) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM mlops_aliases WHERE name = ? AND alias = ?")) {
            s.setString(1, name);
            s.setString(2, alias);
            s.executeUpdate();
        }
    }

    /** Deletes a version's rows: the version, its search rows, evidence and performance records. */
    static void removeVersion(Connection c, String name, int version) throws SQLException {
        for (String table : new String[] {"mlops_versions", "mlops_version_tags", "mlops_version_metrics",
                "mlops_evidence", "mlops_performance"}) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE name = ? AND version = ?")) {
                s.setString(1, name);
                s.setInt(2, version);
                s.executeUpdate();
            }
        }
    }

    static void addEvidence(Connection c, String name, int version, Evidence e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_evidence (name, version,"
                + " kind, event_time, actor, document, signature_algorithm, signature_key_id,"
                + " signature_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setInt(2, version);
            s.setString(3, e.kind());
            s.setLong(4, e.time().toEpochMilli());
            s.setString(5, e.actor());
            s.setString(6, e.document());
            s.setString(7, e.signature().algorithm());
            s.setString(8, e.signature().keyId());
            s.setString(9, e.signature().value());
            s.executeUpdate();
        }
    }

    static void addPerformance(Connection c, String name, int version, PerformanceRecord r)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_performance (name, version,"
                + " event_time, sample_count, metrics, instance, drift_severity, drifted_share, drift_features,"
                + " prediction_p) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setInt(2, version);
            s.setLong(3, r.time().toEpochMilli());
            s.setLong(4, r.sampleCount());
            s.setString(5, Json.write(r.metrics()));
            s.setString(6, r.instance());
            PerformanceRecord.DriftSummary drift = r.drift();
            s.setString(7, drift == null ? null : drift.maxSeverity());
            if (drift == null) {
                s.setNull(8, Types.DOUBLE);
                s.setString(9, null);
            } else {
                s.setDouble(8, drift.driftedShare());
                s.setString(9, Json.writeNames(drift.driftedFeatures()));
            }
            if (drift == null || drift.predictionPValue() == null) {
                s.setNull(10, Types.DOUBLE);
            } else {
                s.setDouble(10, drift.predictionPValue());
            }
            s.executeUpdate();
        }
    }

    /** Replaces a job's row, or inserts it (a new id) when the job is new. */
    static void putJob(Connection c, JobRecord job) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE mlops_jobs SET kind = ?, status = ?,"
                + " updated_at = ?, document = ? WHERE name = ? AND job_id = ?")) {
            update.setString(1, job.kind());
            update.setString(2, job.status());
            update.setLong(3, job.updatedAt().toEpochMilli());
            update.setString(4, job.document());
            update.setString(5, job.model());
            update.setString(6, job.id());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        // the model's row lock is held, so no other writer can insert this job meanwhile
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mlops_jobs (name, job_id, kind,"
                + " status, updated_at, document) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, job.model());
            insert.setString(2, job.id());
            insert.setString(3, job.kind());
            insert.setString(4, job.status());
            insert.setLong(5, job.updatedAt().toEpochMilli());
            insert.setString(6, job.document());
            insert.executeUpdate();
        }
    }

    /** Replaces the anchored head of a model's audit log, kept in the model's row. */
    static void setAnchor(Connection c, String name, AuditAnchor anchor) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE mlops_models SET anchor_seq = ?,"
                + " anchor_hash = ?, anchor_signature_algorithm = ?, anchor_signature_key_id = ?,"
                + " anchor_signature_value = ? WHERE name = ?")) {
            s.setLong(1, anchor.seq());
            s.setString(2, anchor.hash());
            s.setString(3, anchor.signature().algorithm());
            s.setString(4, anchor.signature().keyId());
            s.setString(5, anchor.signature().value());
            s.setString(6, name);
            s.executeUpdate();
        }
    }

    static void appendAudit(Connection c, AuditEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_audit (name, seq, event_time,"
                + " actor, action, version, from_state, to_state, reason, detail, previous_hash, hash,"
                + " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.name());
            s.setLong(2, e.seq());
            s.setLong(3, e.time().toEpochMilli());
            s.setString(4, e.actor());
            s.setString(5, e.action().id());
            s.setInt(6, e.version());
            s.setString(7, e.from());
            s.setString(8, e.to());
            s.setString(9, e.reason());
            s.setString(10, e.detail());
            s.setString(11, e.previousHash());
            s.setString(12, e.hash());
            s.setString(13, e.state());
            s.executeUpdate();
        }
    }
}
