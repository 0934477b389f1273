package dev.mlops.registry.jdbc.internal;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.jdbc.internal.Database.UncheckedSqlException;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.VersionRemoval;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A write on one model, holding the lock on the model's row. Reads go to the database on the
 * transaction's connection (after the lock, so they see every earlier commit); writes are buffered
 * and run in order by {@link #flush}, followed by one update of the model row's counters.
 */
public final class JdbcTransaction implements StoreTransaction, VersionRemoval {

    /** One buffered write. */
    @FunctionalInterface
    private interface Write {
        void run(Connection c) throws SQLException;
    }

    private final Connection c;
    private final String name;
    private final Writes.ModelRow begin;
    private final List<Write> pending = new ArrayList<>();
    /** Versions as read or last written here, to skip rewriting unchanged search rows. */
    private final Map<Integer, ModelVersion> known = new HashMap<>();
    private int latest;
    private int count;
    private long auditHead;
    private AuditEvent lastAppended;
    private boolean open = true;

    private JdbcTransaction(Connection c, String name, Writes.ModelRow row) {
        this.c = c;
        this.name = name;
        this.begin = row;
        this.latest = row.latestVersion();
        this.count = row.versionCount();
        this.auditHead = row.auditHead();
    }

    /** Locks the model and starts a transaction on it. */
    public static JdbcTransaction begin(Connection c, Dialect dialect, String name,
            Duration lockWait) throws SQLException {
        return new JdbcTransaction(c, name, Writes.lockModel(c, dialect, name, lockWait));
    }

    /** Runs the buffered writes; the caller commits. */
    public void flush() throws SQLException {
        requireOpen();
        open = false;
        for (Write w : pending) {
            w.run(c);
        }
        Writes.ModelRow end = new Writes.ModelRow(latest, count, auditHead);
        if (!end.equals(begin)) {
            Writes.updateModel(c, name, end);
        }
    }

    /** Ends the transaction without writing. */
    public void discard() {
        open = false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int latestVersion() {
        requireOpen();
        return begin.latestVersion();
    }

    @Override
    public Optional<ModelVersion> version(int version) {
        return remember(read(() -> Queries.version(c, name, version)));
    }

    @Override
    public List<ModelVersion> versionsInStage(Stage stage) {
        List<ModelVersion> found = read(() -> Queries.versionsInStage(c, name, stage));
        found.forEach(v -> known.putIfAbsent(v.version(), v));
        return found;
    }

    @Override
    public Optional<ModelVersion> versionByIdempotencyKey(String key) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return remember(read(() -> Queries.versionByIdempotencyKey(c, name, key)));
    }

    @Override
    public Map<String, Integer> aliases() {
        return read(() -> Queries.aliases(c, name));
    }

    @Override
    public Optional<AuditEvent> lastAudit() {
        return begin.auditHead() == 0 ? Optional.empty()
                : read(() -> Queries.auditEntry(c, name, begin.auditHead()));
    }

    @Override
    public List<AuditEvent> audit() {
        return read(() -> Queries.audit(c, name, 0, Integer.MAX_VALUE));
    }

    @Override
    public void insertVersion(ModelVersion version, String idempotencyKey) {
        requireOwn(version.name());
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        buffer(con -> Writes.insertVersion(con, version, idempotencyKey));
        latest = Math.max(latest, version.version());
        count++;
        known.put(version.version(), version);
    }

    @Override
    public void removeVersion(int version) {
        buffer(con -> Writes.removeVersion(con, name, version));
        count--;
        known.remove(version);
    }

    @Override
    public void updateVersion(ModelVersion version) {
        requireOwn(version.name());
        ModelVersion before = known.get(version.version());
        boolean searchRowsChanged = before == null || !before.tags().equals(version.tags())
                || !before.metrics().equals(version.metrics());
        buffer(con -> Writes.updateVersion(con, version, searchRowsChanged));
        known.put(version.version(), version);
    }

    @Override
    public void setAlias(String alias, int version) {
        ModelNames.requireValidAlias(alias);
        buffer(con -> Writes.setAlias(con, name, alias, version));
    }

    @Override
    public void removeAlias(String alias) {
        Objects.requireNonNull(alias, "alias");
        buffer(con -> Writes.removeAlias(con, name, alias));
    }

    @Override
    public void addEvidence(int version, Evidence evidence) {
        Objects.requireNonNull(evidence, "evidence");
        buffer(con -> Writes.addEvidence(con, name, version, evidence));
    }

    @Override
    public void addPerformance(int version, PerformanceRecord record) {
        Objects.requireNonNull(record, "record");
        buffer(con -> Writes.addPerformance(con, name, version, record));
    }

    @Override
    public void putJob(JobRecord job) {
        requireOwn(job.model());
        buffer(con -> Writes.putJob(con, job));
    }

    @Override
    public void appendAudit(AuditEvent event) {
        requireOwn(event.name());
        buffer(con -> Writes.appendAudit(con, event));
        auditHead = Math.max(auditHead, event.seq());
        lastAppended = event;
    }

    @Override
    public void setAnchor(AuditAnchor anchor) {
        Objects.requireNonNull(anchor, "anchor");
        buffer(con -> Writes.setAnchor(con, name, anchor));
    }

    /** The last audit entry this transaction appended, if any: the mark of its commit. */
    public Optional<AuditEvent> lastAppended() {
        return Optional.ofNullable(lastAppended);
    }

    private void buffer(Write write) {
        requireOpen();
        pending.add(write);
    }

    private Optional<ModelVersion> remember(Optional<ModelVersion> v) {
        v.ifPresent(found -> known.putIfAbsent(found.version(), found));
        return v;
    }

    private interface SqlRead<T> {
        T get() throws SQLException;
    }

    private <T> T read(SqlRead<T> query) {
        requireOpen();
        try {
            return query.get();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    private void requireOwn(String versionName) {
        if (!name.equals(versionName)) {
            throw new IllegalArgumentException("a transaction on '" + name
                    + "' cannot write to model '" + versionName + "'");
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("the transaction on '" + name + "' has ended");
        }
    }
}
