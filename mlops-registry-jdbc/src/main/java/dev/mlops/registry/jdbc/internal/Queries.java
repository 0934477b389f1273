package dev.mlops.registry.jdbc.internal;

import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.AuditAnchor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every read of the store, as plain SQL on a given connection: the store runs them on a borrowed
 * connection, a transaction on its own. The same statements serve all dialects.
 */
public final class Queries {

    static final String VERSION_COLUMNS = "v.name, v.version, v.stage, v.sha256, v.size_bytes,"
            + " v.format, v.signature_algorithm, v.signature_key_id, v.signature_value, v.created_at,"
            + " v.created_by, v.description, v.metrics, v.params, v.tags, v.lineage_parent,"
            + " v.lineage_data, v.lineage_provenance";
    /** Versions with their aliases: one row per (version, alias), a version without aliases once. */
    private static final String VERSIONS_WITH_ALIASES = "SELECT " + VERSION_COLUMNS + ", a.alias"
            + " FROM mlops_versions v LEFT JOIN mlops_aliases a"
            + " ON a.name = v.name AND a.version = v.version";
    private static final String AUDIT_COLUMNS = "name, seq, event_time, actor, action, version,"
            + " from_state, to_state, reason, detail, previous_hash, hash, state";

    private Queries() {
    }

    /** One version with its aliases. */
    public static Optional<ModelVersion> version(Connection c, String name, int version)
            throws SQLException {
        return first(versions(c, VERSIONS_WITH_ALIASES + " WHERE v.name = ? AND v.version = ?",
                name, version));
    }

    /** All versions of a model with their aliases, oldest first. */
    public static List<ModelVersion> versions(Connection c, String name) throws SQLException {
        return versions(c, VERSIONS_WITH_ALIASES + " WHERE v.name = ? ORDER BY v.version", name);
    }

    /**
     * The version with the highest number: the first entry of the primary key read backwards. (H2
     * computes {@code MAX(version)} of one model by reading all its versions.)
     */
    public static Optional<ModelVersion> latestVersion(Connection c, String name) throws SQLException {
        return first(versions(c, VERSIONS_WITH_ALIASES + " WHERE v.name = ? AND v.version ="
                + " (SELECT m.version FROM mlops_versions m WHERE m.name = ?"
                + " ORDER BY m.name DESC, m.version DESC LIMIT 1)", name, name));
    }

    /**
     * The versions of a model in one stage, oldest first: one range of the index on (name, stage,
     * version), whose order the ORDER BY spells out so that H2 reads it without sorting.
     */
    public static List<ModelVersion> versionsInStage(Connection c, String name, Stage stage)
            throws SQLException {
        return versions(c, VERSIONS_WITH_ALIASES + " WHERE v.name = ? AND v.stage = ?"
                + " ORDER BY v.name, v.stage, v.version", name, stage.name());
    }

    /** The version registered with an idempotency key. */
    public static Optional<ModelVersion> versionByIdempotencyKey(Connection c, String name, String key)
            throws SQLException {
        return first(versions(c, VERSIONS_WITH_ALIASES + " WHERE v.name = ? AND v.idempotency_key = ?",
                name, key));
    }

    /** A model's aliases and the versions they point to, sorted by alias. */
    public static Map<String, Integer> aliases(Connection c, String name) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT alias, version FROM mlops_aliases WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Every model with at least one version, sorted by name. */
    public static List<ModelSummary> models(Connection c) throws SQLException {
        List<ModelSummary> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT m.name, m.latest_version,"
                + " (SELECT MAX(p.version) FROM mlops_versions p WHERE p.name = m.name AND p.stage = ?),"
                + " m.version_count FROM mlops_models m WHERE m.version_count > 0 ORDER BY m.name")) {
            s.setString(1, Stage.PRODUCTION.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelSummary(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** The newest audit sequence number of every model: one scan of the small models table. */
    /** The anchored audit head of every model that has one. */
    public static Map<String, AuditAnchor> anchors(Connection c) throws SQLException {
        Map<String, AuditAnchor> anchors = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, anchor_seq, anchor_hash,"
                + " anchor_signature_algorithm, anchor_signature_key_id, anchor_signature_value"
                + " FROM mlops_models WHERE anchor_seq > 0");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                anchors.put(rs.getString(1), new AuditAnchor(rs.getLong(2), rs.getString(3),
                        new ArtifactSignature(rs.getString(4), rs.getString(5), rs.getString(6))));
            }
        }
        return anchors;
    }

    public static Map<String, Long> auditHeads(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT name, audit_head FROM mlops_models WHERE audit_head > 0");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** The sequence number of a model's newest audit entry, or 0. */
    public static long auditHead(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT audit_head FROM mlops_models WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Audit entries after {@code afterSeq}, oldest first, at most {@code limit}. */
    public static List<AuditEvent> audit(Connection c, String name, long afterSeq, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + AUDIT_COLUMNS
                + " FROM mlops_audit WHERE name = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            s.setString(1, name);
            s.setLong(2, afterSeq);
            s.setInt(3, limit);
            return auditEvents(s);
        }
    }

    /**
     * Audit entries after {@code afterSeq} with one of {@code actions}, oldest first: an index range
     * per action (V8's {@code (name, action, seq)}), not the whole log of a model.
     */
    public static List<AuditEvent> audit(Connection c, String name, long afterSeq, Set<AuditAction> actions)
            throws SQLException {
        if (actions.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(actions.size(), "?"));
        try (PreparedStatement s = c.prepareStatement("SELECT " + AUDIT_COLUMNS
                + " FROM mlops_audit WHERE name = ? AND action IN (" + marks + ") AND seq > ? ORDER BY seq")) {
            int i = 1;
            s.setString(i++, name);
            for (AuditAction action : actions) {
                s.setString(i++, action.id());
            }
            s.setLong(i, afterSeq);
            return auditEvents(s);
        }
    }

    /** One audit entry. */
    public static Optional<AuditEvent> auditEntry(Connection c, String name, long seq)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + AUDIT_COLUMNS
                + " FROM mlops_audit WHERE name = ? AND seq = ?")) {
            s.setString(1, name);
            s.setLong(2, seq);
            return first(auditEvents(s));
        }
    }

    private static List<AuditEvent> auditEvents(PreparedStatement s) throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEvent(rs.getString(1), rs.getLong(2),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                        AuditAction.parse(rs.getString(5)), rs.getInt(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getString(12), rs.getString(13)));
            }
        }
        return out;
    }

    /** Evidence of a version, oldest first. */
    public static List<Evidence> evidence(Connection c, String name, int version) throws SQLException {
        List<Evidence> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT kind, event_time, actor, document,"
                + " signature_algorithm, signature_key_id, signature_value FROM mlops_evidence WHERE name = ? AND version = ? ORDER BY id")) {
            s.setString(1, name);
            s.setInt(2, version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Evidence(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), new ArtifactSignature(rs.getString(5),
                            rs.getString(6), rs.getString(7))));
                }
            }
        }
        return out;
    }

    /** Job records of a model, in the order the jobs were first recorded. */
    public static List<JobRecord> jobs(Connection c, String name) throws SQLException {
        List<JobRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT job_id, kind, status, updated_at, document"
                + " FROM mlops_jobs WHERE name = ? ORDER BY id")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRecord(rs.getString(1), name, rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Performance records of a version, oldest first. */
    public static List<PerformanceRecord> performance(Connection c, String name, int version)
            throws SQLException {
        List<PerformanceRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT event_time, metrics, sample_count, instance,"
                + " drift_severity, drifted_share, drift_features, prediction_p"
                + " FROM mlops_performance WHERE name = ? AND version = ? ORDER BY id")) {
            s.setString(1, name);
            s.setInt(2, version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // rows written before schema V7 have no instance and no drift columns (NULL)
                    String severity = rs.getString(5);
                    PerformanceRecord.DriftSummary drift = null;
                    if (severity != null) {
                        double share = rs.getDouble(6);
                        String features = rs.getString(7);
                        double p = rs.getDouble(8);
                        drift = new PerformanceRecord.DriftSummary(severity, share,
                                features == null ? List.of() : Json.names(features), rs.wasNull() ? null : p);
                    }
                    out.add(new PerformanceRecord(Instant.ofEpochMilli(rs.getLong(1)),
                            Json.doubles(rs.getString(2)), rs.getLong(3), rs.getString(4), drift));
                }
            }
        }
        return out;
    }

    /**
     * One page of a search, in two steps. The inner query finds the page's keys on one table, read
     * in search order along an index and stopped at the page's end: with a tag condition, the first
     * tag's rows in {@code mlops_version_tags}, which carry the creation time, so that a rare tag
     * costs as little as a common one (index (name, tag_hash, created_at, version) for one model,
     * (tag_hash, created_at, name, version) for all); otherwise the versions (index (name,
     * created_at, version) or (created_at, name, version)). Every other condition is a probe of a
     * primary key per row read, written as a scalar subquery: PostgreSQL and MariaDB would turn an
     * {@code EXISTS} into a join that reads the matches of a condition in all versions (every AUC
     * over 0.9, say) and sorts them. On H2 the ORDER BY lists the index's columns, those held equal
     * by the conditions included (which changes nothing in the order), so that H2 too reads the
     * index in order instead of sorting every match (see {@link Dialect#ordersByEqualColumns}). The
     * outer query adds the versions' columns and aliases. The page token becomes a range on
     * (created_at, name, version) with a plain bound on created_at first, so that the scan starts at
     * the token. User text is always a parameter; only numbers are written into the SQL.
     */
    public static Page<ModelVersion> search(Connection c, Dialect dialect, VersionQuery q)
            throws SQLException {
        List<Map.Entry<String, String>> tags = new ArrayList<>(new TreeMap<>(q.tags()).entrySet());
        boolean byTag = !tags.isEmpty();
        boolean byName = !q.name().isEmpty();
        String dir = q.newestFirst() ? " DESC" : "";
        StringBuilder sql = new StringBuilder("SELECT d.name, d.version FROM ")
                .append(byTag ? "mlops_version_tags" : "mlops_versions").append(" d WHERE");
        List<Object> args = new ArrayList<>();
        List<String> order = new ArrayList<>();
        boolean equalColumns = dialect.ordersByEqualColumns();
        if (byName) {
            sql.append(" d.name = ? AND");
            args.add(q.name());
            if (equalColumns) {
                order.add("d.name");
            }
        }
        if (byTag) {
            Map.Entry<String, String> first = tags.remove(0);
            sql.append(" d.tag_hash = ? AND");
            args.add(Keys.tag(first.getKey(), first.getValue()));
            if (equalColumns) {
                order.add("d.tag_hash");
            }
        }
        order.add("d.created_at");
        if (!byName || !equalColumns) {
            order.add("d.name");
        }
        order.add("d.version");
        // Times are written into the SQL as numbers (never text), not bound as parameters: once
        // PostgreSQL caches a generic plan for a prepared search, it takes a two-sided range on a
        // parameter for a narrow one and fetches and sorts every match instead of scanning in order.
        sql.append(" d.created_at >= ").append(q.createdFrom().toEpochMilli())
                .append(" AND d.created_at < ").append(q.createdBefore().toEpochMilli());
        if (!q.stages().isEmpty()) {
            sql.append(byTag ? " AND (SELECT s.stage FROM mlops_versions s WHERE s.name = d.name"
                    + " AND s.version = d.version)" : " AND d.stage");
            sql.append(" IN (").append("?, ".repeat(q.stages().size() - 1)).append("?)");
            q.stages().stream().map(Stage::name).sorted().forEach(args::add);
        }
        for (Map.Entry<String, String> tag : tags) {
            // created_at too, so that every index of the tags is a point lookup (a tag row carries
            // its version's creation time): PostgreSQL without statistics may pick any of them
            sql.append(" AND (SELECT COUNT(*) FROM mlops_version_tags t WHERE t.name = d.name"
                    + " AND t.version = d.version AND t.tag_hash = ? AND t.created_at = d.created_at) > 0");
            args.add(Keys.tag(tag.getKey(), tag.getValue()));
        }
        for (VersionQuery.MetricRange range : q.metrics()) {
            // The bounds compare the metric's value outside the subquery, which names the whole
            // primary key only: inside, PostgreSQL without statistics reads the range index of all
            // models' values for every row. No row (the metric is missing) is NULL: no match.
            String value = "(SELECT m.metric_value FROM mlops_version_metrics m WHERE m.name = d.name"
                    + " AND m.version = d.version AND m.metric_hash = ?)";
            args.add(Keys.metric(range.metric()));
            // Infinite bounds are left out: not every database accepts infinity as a parameter.
            boolean min = range.min() != Double.NEGATIVE_INFINITY;
            boolean max = range.max() != Double.POSITIVE_INFINITY;
            sql.append(" AND ").append(value).append(min && max ? " BETWEEN ? AND ?"
                    : min ? " >= ?" : max ? " <= ?" : " IS NOT NULL");
            if (min) {
                args.add(range.min());
            }
            if (max) {
                args.add(range.max());
            }
        }
        if (!q.pageToken().isEmpty()) {
            VersionQuery.PageToken after = q.after();
            String op = q.newestFirst() ? "<" : ">";
            long time = after.createdAt().toEpochMilli();
            sql.append(" AND d.created_at ").append(op).append("= ").append(time)
                    .append(" AND (d.created_at ").append(op).append(' ').append(time)
                    .append(" OR (d.created_at = ").append(time).append(" AND (d.name ").append(op)
                    .append(" ? OR (d.name = ? AND d.version ").append(op).append(" ?))))");
            args.addAll(List.of(after.name(), after.name(), after.version()));
        }
        sql.append(" ORDER BY ").append(String.join(dir + ", ", order)).append(dir).append(" LIMIT ?");
        args.add(q.pageSize() + 1);
        List<ModelVersion> found = versions(c, "SELECT " + VERSION_COLUMNS + ", a.alias FROM (" + sql
                + ") k JOIN mlops_versions v ON v.name = k.name AND v.version = k.version"
                + " LEFT JOIN mlops_aliases a ON a.name = v.name AND a.version = v.version"
                + " ORDER BY v.created_at" + dir + ", v.name" + dir + ", v.version" + dir, args.toArray());
        if (found.size() <= q.pageSize()) {
            return new Page<>(found, "");
        }
        List<ModelVersion> page = found.subList(0, q.pageSize());
        return new Page<>(page, VersionQuery.PageToken.of(page.get(page.size() - 1)).encode());
    }

    /** Runs a query over {@link #VERSIONS_WITH_ALIASES}, folding the alias rows into versions. */
    private static List<ModelVersion> versions(Connection c, String sql, Object... args)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            Map<String, ModelVersion> byKey = new LinkedHashMap<>();
            Map<String, List<String>> aliases = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + ":" + rs.getInt(2);
                    ModelVersion v = byKey.get(key);
                    if (v == null) {
                        byKey.put(key, read(rs));
                        aliases.put(key, new ArrayList<>());
                    }
                    String alias = rs.getString(19);
                    if (alias != null) {
                        aliases.get(key).add(alias);
                    }
                }
            }
            List<ModelVersion> out = new ArrayList<>(byKey.size());
            byKey.forEach((key, v) -> out.add(aliases.get(key).isEmpty() ? v
                    : v.withAliases(aliases.get(key))));
            return out;
        }
    }

    private static ModelVersion read(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString(1), rs.getInt(2), Stage.valueOf(rs.getString(3)),
                rs.getString(4), rs.getLong(5), rs.getString(6),
                new ArtifactSignature(rs.getString(7), rs.getString(8), rs.getString(9)),
                Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11), rs.getString(12),
                Json.doubles(rs.getString(13)), Json.strings(rs.getString(14)),
                Json.strings(rs.getString(15)),
                new Lineage(rs.getString(16), rs.getString(17), rs.getString(18)), List.of());
    }

    private static <T> Optional<T> first(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }
}
