package dev.mlops.registry.jdbc.internal;

import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.fleet.ExperimentState;
import dev.mlops.fleet.FleetNames;
import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.ConflictException;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.TelemetryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Experiments and telemetry buckets in the database (schema V5): a revision is inserted after
 * reading the newest in the same transaction, and the primary key (id, revision) lets one of two
 * writers of the same revision through (the other's duplicate key is retried, reads the new
 * revision and reports the conflict); a bucket is upserted in one statement per dialect.
 */
public final class FleetTables implements ExperimentStore, TelemetryStore {

    private static final String REVISION_COLUMNS =
            "id, revision, state, definition, updated_at, updated_by, change_kind, reason";

    private final Database db;

    /** The fleet tables of a database whose schema is current. */
    public FleetTables(Database db) {
        this.db = db;
    }

    @Override
    public void saveExperiment(StoredExperiment r) {
        db.transaction("save revision " + r.revision() + " of experiment '" + r.id() + "'", c -> {
            long newest = newest(c, r.id());
            if (r.revision() == 1 && newest > 0) {
                throw new ConflictException("experiment '" + r.id() + "' exists already");
            }
            if (r.revision() > 1 && newest == 0) {
                throw new ExperimentNotFoundException("no experiment '" + r.id() + "' in the store");
            }
            if (newest != r.revision() - 1) {
                throw new ConflictException("experiment '" + r.id() + "' is at revision " + newest + ", not "
                        + (r.revision() - 1) + ": it was changed meanwhile");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO mlops_experiment_revisions ("
                    + REVISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, r.id());
                s.setLong(2, r.revision());
                s.setString(3, r.state().jsonName());
                s.setString(4, r.definition());
                s.setLong(5, r.updatedAt().toEpochMilli());
                s.setString(6, r.updatedBy());
                s.setString(7, r.change());
                s.setString(8, r.reason());
                s.executeUpdate();
            }
            return null;
        });
    }

    private static long newest(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT MAX(revision) FROM mlops_experiment_revisions WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public Optional<StoredExperiment> experiment(String id) {
        FleetNames.requireValid("experiment id", id);
        List<StoredExperiment> found = revisions("read experiment '" + id + "'", "SELECT " + REVISION_COLUMNS
                + " FROM mlops_experiment_revisions WHERE id = ? AND revision = (SELECT MAX(revision)"
                + " FROM mlops_experiment_revisions WHERE id = ?)", id, id);
        return found.stream().findFirst();
    }

    @Override
    public List<StoredExperiment> experiments() {
        return revisions("list experiments", "SELECT r.id, r.revision, r.state, r.definition, r.updated_at,"
                + " r.updated_by, r.change_kind, r.reason FROM mlops_experiment_revisions r JOIN (SELECT id, MAX(revision) AS newest FROM"
                + " mlops_experiment_revisions GROUP BY id) n ON r.id = n.id AND r.revision = n.newest ORDER BY r.id");
    }

    @Override
    public List<StoredExperiment> experimentHistory(String id) {
        FleetNames.requireValid("experiment id", id);
        return revisions("read the history of experiment '" + id + "'", "SELECT " + REVISION_COLUMNS
                + " FROM mlops_experiment_revisions WHERE id = ? ORDER BY revision", id);
    }

    private List<StoredExperiment> revisions(String what, String sql, String... params) {
        return db.read(what, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setString(i + 1, params[i]);
                }
                List<StoredExperiment> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredExperiment(rs.getString(1), rs.getLong(2),
                                ExperimentState.ofJsonName(rs.getString(3)), rs.getString(4),
                                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void putBucket(TelemetryBucket b) {
        String sql = switch (db.dialect()) {
            case POSTGRESQL -> "INSERT INTO mlops_telemetry (kind, subject, instance, window_start, written_at, payload)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, subject, instance, window_start)"
                    + " DO UPDATE SET written_at = EXCLUDED.written_at, payload = EXCLUDED.payload";
            case H2 -> "MERGE INTO mlops_telemetry (kind, subject, instance, window_start, written_at, payload)"
                    + " KEY (kind, subject, instance, window_start) VALUES (?, ?, ?, ?, ?, ?)";
            case MARIADB -> "INSERT INTO mlops_telemetry (kind, subject, instance, window_start, written_at, payload)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE written_at = VALUES(written_at),"
                    + " payload = VALUES(payload)";
        };
        db.transaction("flush " + b.kind() + " '" + b.subject() + "' of instance '" + b.instance() + "', window "
                + b.window(), c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, b.kind());
                s.setString(2, b.subject());
                s.setString(3, b.instance());
                s.setLong(4, b.window());
                s.setLong(5, b.writtenAt().toEpochMilli());
                s.setString(6, b.payload());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<TelemetryBucket> buckets(String kind, String subject) {
        FleetNames.requireValid("telemetry kind", kind);
        FleetNames.requireValid(kind + " id", subject);
        return db.read("read the telemetry of " + kind + " '" + subject + "'", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT instance, window_start, written_at, payload"
                    + " FROM mlops_telemetry WHERE kind = ? AND subject = ? ORDER BY window_start, instance")) {
                s.setString(1, kind);
                s.setString(2, subject);
                List<TelemetryBucket> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TelemetryBucket(kind, subject, rs.getString(1), rs.getLong(2),
                                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }
}
