package dev.mlops.spi;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and buffered writes on one model inside {@link ModelStore#write}. Reads return the state
 * committed when the transaction began; whether they also see the transaction's own writes is
 * unspecified, and the core never relies on it. Writes become visible, all together, when the
 * transaction commits. Not thread-safe; valid only during the call to {@code write}.
 */
public interface StoreTransaction {

    /** The model this transaction writes. */
    String name();

    /** The highest version number of the model, or 0 when it has none. */
    int latestVersion();

    /** One version of the model. */
    Optional<ModelVersion> version(int version);

    /** The versions in one stage, oldest first. */
    List<ModelVersion> versionsInStage(Stage stage);

    /** The version registered with an idempotency key. */
    Optional<ModelVersion> versionByIdempotencyKey(String key);

    /** The model's aliases. */
    Map<String, Integer> aliases();

    /** The model's newest audit entry. */
    Optional<AuditEvent> lastAudit();

    /** The model's whole audit log, oldest first. */
    List<AuditEvent> audit();

    /**
     * Adds a new version; its {@code aliases} component is ignored.
     *
     * @param idempotencyKey the request's key, or empty
     */
    void insertVersion(ModelVersion version, String idempotencyKey);

    /** Replaces the mutable fields (stage, description, metrics, tags) of an existing version. */
    void updateVersion(ModelVersion version);

    /** Points an alias at a version. */
    void setAlias(String alias, int version);

    /** Removes an alias. */
    void removeAlias(String alias);

    /** Attaches evidence to a version. */
    void addEvidence(int version, Evidence evidence);

    /** Appends a performance record to a version. */
    void addPerformance(int version, PerformanceRecord record);

    /** Stores a job record, replacing the one with the same id (which keeps its position). */
    void putJob(JobRecord job);

    /** Appends an entry to the model's audit log; the core has filled in its chain fields. */
    void appendAudit(AuditEvent event);

    /**
     * Replaces the model's anchored audit head, kept apart from the entries; the core sets it to the
     * newest entry it appended. It becomes visible with the transaction's other writes.
     */
    void setAnchor(AuditAnchor anchor);
}
