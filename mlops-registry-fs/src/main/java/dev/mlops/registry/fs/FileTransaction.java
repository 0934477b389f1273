package dev.mlops.registry.fs;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.VersionRemoval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction of {@link FileModelStore}: reads see the state committed when it began, writes are
 * buffered as {@link LogRecord}s. Each write is also applied to a private copy of the state at
 * once, so that a write that cannot be replayed (a duplicate version, say) fails where it is made
 * rather than at commit.
 */
final class FileTransaction implements StoreTransaction, VersionRemoval {

    private final String name;
    private final ModelState committed;
    private final List<LogRecord> records = new ArrayList<>();
    private ModelState.Builder pending;
    private AuditAnchor anchor;
    private boolean finished;

    FileTransaction(String name, ModelState committed) {
        this.name = name;
        this.committed = committed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int latestVersion() {
        requireActive();
        return committed.highestAllocated();
    }

    @Override
    public Optional<ModelVersion> version(int version) {
        requireActive();
        return committed.version(version);
    }

    @Override
    public List<ModelVersion> versionsInStage(Stage stage) {
        requireActive();
        return committed.versionsInStage(Objects.requireNonNull(stage, "stage"));
    }

    @Override
    public Optional<ModelVersion> versionByIdempotencyKey(String key) {
        requireActive();
        return committed.versionByIdempotencyKey(Objects.requireNonNull(key, "key"));
    }

    @Override
    public Map<String, Integer> aliases() {
        requireActive();
        return committed.aliases();
    }

    @Override
    public Optional<AuditEvent> lastAudit() {
        requireActive();
        return committed.lastAudit();
    }

    @Override
    public List<AuditEvent> audit() {
        requireActive();
        return committed.audit();
    }

    @Override
    public void insertVersion(ModelVersion version, String idempotencyKey) {
        buffer(new LogRecord.InsertVersion(version, idempotencyKey));
    }

    @Override
    public void removeVersion(int version) {
        buffer(new LogRecord.RemoveVersion(version));
    }

    @Override
    public void updateVersion(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        if (!version.name().equals(name)) {
            throw new IllegalArgumentException("version of model '" + version.name()
                    + "' updated in a transaction of model '" + name + "'");
        }
        buffer(LogRecord.UpdateVersion.of(version));
    }

    @Override
    public void setAlias(String alias, int version) {
        buffer(new LogRecord.SetAlias(alias, version));
    }

    @Override
    public void removeAlias(String alias) {
        buffer(new LogRecord.RemoveAlias(alias));
    }

    @Override
    public void addEvidence(int version, Evidence evidence) {
        buffer(new LogRecord.AddEvidence(version, evidence));
    }

    @Override
    public void addPerformance(int version, PerformanceRecord record) {
        buffer(new LogRecord.AddPerformance(version, record));
    }

    @Override
    public void putJob(JobRecord job) {
        buffer(new LogRecord.PutJob(job));
    }

    @Override
    public void appendAudit(AuditEvent event) {
        buffer(new LogRecord.AppendAudit(event));
    }

    @Override
    public void setAnchor(AuditAnchor anchor) {
        requireActive();
        this.anchor = Objects.requireNonNull(anchor, "anchor");
    }

    /** The anchored head to write after the log file, if the transaction set one. */
    Optional<AuditAnchor> anchor() {
        return Optional.ofNullable(anchor);
    }

    /** The buffered writes, in order. */
    List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Ends the transaction: it may not be used after {@code write} returns. */
    void finish() {
        finished = true;
    }

    private void buffer(LogRecord record) {
        requireActive();
        if (pending == null) {
            pending = committed.toBuilder(name);
        }
        record.applyTo(pending);
        records.add(record);
    }

    private void requireActive() {
        if (finished) {
            throw new IllegalStateException("the transaction on model '" + name
                    + "' is over; use it only inside ModelStore.write");
        }
    }
}
