package dev.mlops.registry.fs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One write of a transaction, as stored in a log file. A model's state is the replay of its
 * records in log order; {@link #applyTo} is the only code that changes state, both when a
 * transaction buffers a write and when a log file is replayed, so the two cannot disagree.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LogRecord.InsertVersion.class, name = "insertVersion"),
        @JsonSubTypes.Type(value = LogRecord.UpdateVersion.class, name = "updateVersion"),
        @JsonSubTypes.Type(value = LogRecord.RemoveVersion.class, name = "removeVersion"),
        @JsonSubTypes.Type(value = LogRecord.SetAlias.class, name = "setAlias"),
        @JsonSubTypes.Type(value = LogRecord.RemoveAlias.class, name = "removeAlias"),
        @JsonSubTypes.Type(value = LogRecord.AddEvidence.class, name = "addEvidence"),
        @JsonSubTypes.Type(value = LogRecord.AddPerformance.class, name = "addPerformance"),
        @JsonSubTypes.Type(value = LogRecord.PutJob.class, name = "putJob"),
        @JsonSubTypes.Type(value = LogRecord.AppendAudit.class, name = "appendAudit")})
sealed interface LogRecord {

    /**
     * Applies this write to a model's state.
     *
     * @throws IllegalArgumentException when it does not fit the state (a duplicate version, an
     *     update of a missing one, ...)
     */
    void applyTo(ModelState.Builder state);

    /** A new version, stored without aliases (they are state of their own). */
    record InsertVersion(ModelVersion version, String idempotencyKey) implements LogRecord {
        public InsertVersion {
            version = Objects.requireNonNull(version, "version").withAliases(List.of());
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.insertVersion(version, idempotencyKey);
        }
    }

    /** New values of the mutable fields of a version; the others never change. */
    record UpdateVersion(int version, Stage stage, String description, Map<String, Double> metrics,
            Map<String, String> tags) implements LogRecord {
        public UpdateVersion {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(description, "description");
            metrics = Map.copyOf(metrics);
            tags = Map.copyOf(tags);
        }

        static UpdateVersion of(ModelVersion v) {
            return new UpdateVersion(v.version(), v.stage(), v.description(), v.metrics(), v.tags());
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.updateVersion(version, existing -> existing.withStage(stage)
                    .withMetadata(description, metrics, tags));
        }
    }

    /** A version deleted; its number stays allocated. */
    record RemoveVersion(int version) implements LogRecord {
        @Override
        public void applyTo(ModelState.Builder state) {
            state.removeVersion(version);
        }
    }

    /** An alias pointed at a version. */
    record SetAlias(String alias, int version) implements LogRecord {
        public SetAlias {
            Objects.requireNonNull(alias, "alias");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.setAlias(alias, version);
        }
    }

    /** An alias removed. */
    record RemoveAlias(String alias) implements LogRecord {
        public RemoveAlias {
            Objects.requireNonNull(alias, "alias");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.removeAlias(alias);
        }
    }

    /** Evidence attached to a version. */
    record AddEvidence(int version, Evidence evidence) implements LogRecord {
        public AddEvidence {
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.addEvidence(version, evidence);
        }
    }

    /** A performance record appended to a version. */
    record AddPerformance(int version, PerformanceRecord record) implements LogRecord {
        public AddPerformance {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.addPerformance(version, record);
        }
    }

    /** A job record stored, replacing the one with the same id. */
    record PutJob(JobRecord job) implements LogRecord {
        public PutJob {
            Objects.requireNonNull(job, "job");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.putJob(job);
        }
    }

    /** An entry appended to the model's audit log. */
    record AppendAudit(AuditEvent event) implements LogRecord {
        public AppendAudit {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public void applyTo(ModelState.Builder state) {
            state.appendAudit(event);
        }
    }
}
