package dev.mlops.registry.fs;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of a model's checkpoint, as stored: a small head ({@link Head}, {@code checkpoint.json})
 * that names immutable chunk files of versions ({@link VersionChunk}) and of audit entries
 * ({@link AuditChunk}) under {@code segments/}. The head holds what resolving needs without reading
 * a chunk: the aliases, the jobs, and in full every version in TESTING, STAGING or PRODUCTION, every
 * aliased version and the newest one.
 */
final class Snapshot {

    /** The only format written and read so far. */
    static final int FORMAT = 1;

    private Snapshot() {
    }

    /**
     * A model's state after log file {@code seq}: the log files up to it are no longer needed.
     *
     * @param format {@value Snapshot#FORMAT}
     * @param model the model name
     * @param seq the last log file the checkpoint contains
     * @param highest the highest version number ever allocated
     * @param count how many versions there are
     * @param versionsPerChunk how many version numbers one version chunk covers
     * @param aliases the aliases and their versions
     * @param jobs the job records, in the order the jobs were first stored
     * @param pinned the versions kept in the head, without aliases, by number
     * @param versionChunks the version chunks, by index
     * @param auditChunks the audit chunks, by index (each full but the last)
     * @param auditPerChunk how many audit entries a full audit chunk holds
     * @param lastAudit the newest audit entry, or none
     */
    record Head(int format, String model, long seq, int highest, int count, int versionsPerChunk,
            Map<String, Integer> aliases, List<JobRecord> jobs, List<ModelVersion> pinned,
            List<ChunkRef> versionChunks, List<ChunkRef> auditChunks, int auditPerChunk,
            List<AuditEvent> lastAudit) {
        Head {
            Objects.requireNonNull(model, "model");
            aliases = Map.copyOf(aliases);
            jobs = List.copyOf(jobs);
            pinned = List.copyOf(pinned);
            versionChunks = List.copyOf(versionChunks);
            auditChunks = List.copyOf(auditChunks);
            lastAudit = List.copyOf(lastAudit);
            if (versionsPerChunk <= 0 || auditPerChunk <= 0) {
                throw new IllegalArgumentException("chunk sizes must be positive, got " + versionsPerChunk
                        + " and " + auditPerChunk);
            }
        }
    }

    /**
     * One chunk file named by a head.
     *
     * @param index the chunk's position: version chunk {@code i} covers versions {@code i * n + 1}
     *     to {@code (i + 1) * n}; audit chunk {@code i} the entries {@code i * n + 1} to
     *     {@code (i + 1) * n} of the log
     * @param file the file's name in {@code segments/}
     * @param first the lowest version number or audit sequence number in it
     * @param last the highest
     * @param count how many versions or entries it holds
     * @param actions for an audit chunk, the names of the actions of its entries, sorted, so that a
     *     read of some actions skips chunks without them; empty for a version chunk
     */
    record ChunkRef(int index, String file, long first, long last, int count, List<String> actions) {
        ChunkRef {
            Objects.requireNonNull(file, "file");
            actions = List.copyOf(actions);
        }
    }

    /** One version with what is kept per version besides it. */
    record Entry(ModelVersion version, String idempotencyKey, List<Evidence> evidence,
            List<PerformanceRecord> performance) {
        Entry {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            evidence = List.copyOf(evidence);
            performance = List.copyOf(performance);
        }

        Entry withVersion(ModelVersion changed) {
            return new Entry(changed, idempotencyKey, evidence, performance);
        }
    }

    /** The versions of one version chunk, by number. */
    record VersionChunk(int format, String model, int index, List<Entry> entries) {
        VersionChunk {
            Objects.requireNonNull(model, "model");
            entries = List.copyOf(entries);
        }
    }

    /** The audit entries of one audit chunk, oldest first. */
    record AuditChunk(int format, String model, int index, List<AuditEvent> events) {
        AuditChunk {
            Objects.requireNonNull(model, "model");
            events = List.copyOf(events);
        }
    }
}
