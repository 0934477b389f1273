package dev.mlops.registry.fs;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The committed state of one model after a number of log files: immutable, so a reader holding it
 * never sees a transaction half applied. Lookups by version, stage or audit position do not scan
 * the versions; changes go through a {@link Builder}, which {@link LogRecord#applyTo} drives.
 */
final class ModelState {

    /** A model with no committed transaction. */
    static final ModelState EMPTY = new Builder("").build(0);

    private final long seq;
    private final List<ModelVersion> versions;
    private final Map<Stage, List<ModelVersion>> byStage;
    private final Map<String, Integer> aliases;
    private final Map<String, Integer> idempotencyKeys;
    private final Map<Integer, List<Evidence>> evidence;
    private final Map<Integer, List<PerformanceRecord>> performance;
    private final List<JobRecord> jobs;
    private final List<AuditEvent> audit;
    private final int highest;

    private ModelState(long seq, int highest, List<ModelVersion> versions, Map<Stage, List<ModelVersion>> byStage,
            Map<String, Integer> aliases, Map<String, Integer> idempotencyKeys,
            Map<Integer, List<Evidence>> evidence, Map<Integer, List<PerformanceRecord>> performance,
            List<JobRecord> jobs, List<AuditEvent> audit) {
        this.seq = seq;
        this.highest = highest;
        this.versions = versions;
        this.byStage = byStage;
        this.aliases = aliases;
        this.idempotencyKeys = idempotencyKeys;
        this.evidence = evidence;
        this.performance = performance;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** The number of the last log file applied; 0 for a model without one. */
    long seq() {
        return seq;
    }

    /** Every version with its aliases, by version number. */
    List<ModelVersion> versions() {
        return versions;
    }

    /** The versions in one stage, by version number. */
    List<ModelVersion> versionsInStage(Stage stage) {
        return byStage.getOrDefault(stage, List.of());
    }

    /** One version with its aliases. */
    Optional<ModelVersion> version(int number) {
        int low = 0;
        int high = versions.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int found = versions.get(mid).version();
            if (found < number) {
                low = mid + 1;
            } else if (found > number) {
                high = mid - 1;
            } else {
                return Optional.of(versions.get(mid));
            }
        }
        return Optional.empty();
    }

    /** The highest version number of the versions there are, or 0. */
    int latestVersion() {
        return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version();
    }

    /** The highest version number ever allocated, deleted versions included, or 0. */
    int highestAllocated() {
        return highest;
    }

    /** Aliases and their versions, sorted by alias. */
    Map<String, Integer> aliases() {
        return aliases;
    }

    /** The version registered with an idempotency key. */
    Optional<ModelVersion> versionByIdempotencyKey(String key) {
        Integer number = idempotencyKeys.get(key);
        return number == null ? Optional.empty() : version(number);
    }

    /** Evidence of a version, oldest first. */
    List<Evidence> evidence(int version) {
        return evidence.getOrDefault(version, List.of());
    }

    /** Job records, in the order the jobs were first stored. */
    List<JobRecord> jobs() {
        return jobs;
    }

    /** Performance records of a version, oldest first. */
    List<PerformanceRecord> performance(int version) {
        return performance.getOrDefault(version, List.of());
    }

    /** The whole audit log, oldest first. */
    List<AuditEvent> audit() {
        return audit;
    }

    /** The newest audit entry. */
    Optional<AuditEvent> lastAudit() {
        return audit.isEmpty() ? Optional.empty() : Optional.of(audit.get(audit.size() - 1));
    }

    /** At most {@code limit} audit entries with a sequence number above {@code afterSeq}. */
    List<AuditEvent> auditAfter(long afterSeq, int limit) {
        // sequence numbers strictly increase (the builder enforces it), so binary search applies
        int low = 0;
        int high = audit.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (audit.get(mid).seq() <= afterSeq) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return audit.subList(low, (int) Math.min(audit.size(), (long) low + limit));
    }

    /** The sequence number of the newest audit entry, or 0. */
    long auditHead() {
        return audit.isEmpty() ? 0 : audit.get(audit.size() - 1).seq();
    }

    /** The model's summary. */
    ModelSummary summary(String name) {
        List<ModelVersion> production = versionsInStage(Stage.PRODUCTION);
        return new ModelSummary(name, latestVersion(),
                production.isEmpty() ? 0 : production.get(production.size() - 1).version(),
                versions.size());
    }

    /** A builder that starts from this state. */
    Builder toBuilder(String name) {
        Builder builder = new Builder(name);
        for (ModelVersion v : versions) {
            builder.versions.put(v.version(), v.aliases().isEmpty() ? v : v.withAliases(List.of()));
        }
        builder.aliases.putAll(aliases);
        builder.idempotencyKeys.putAll(idempotencyKeys);
        builder.evidence.putAll(evidence);
        builder.performance.putAll(performance);
        jobs.forEach(job -> builder.jobs.put(job.id(), job));
        builder.audit.addAll(audit);
        builder.highest = highest;
        return builder;
    }

    /**
     * A mutable copy of a state that checks each change before making it, so that a change that
     * throws leaves the builder as it was.
     */
    static final class Builder {
        private final String name;
        private final TreeMap<Integer, ModelVersion> versions = new TreeMap<>();
        private final TreeMap<String, Integer> aliases = new TreeMap<>();
        private final Map<String, Integer> idempotencyKeys = new HashMap<>();
        private final Map<Integer, List<Evidence>> evidence = new HashMap<>();
        private final Map<Integer, List<PerformanceRecord>> performance = new HashMap<>();
        private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
        private final List<AuditEvent> audit = new ArrayList<>();
        private int highest;

        Builder(String name) {
            this.name = name;
        }

        void insertVersion(ModelVersion version, String idempotencyKey) {
            requireOwnModel(version.name());
            if (versions.containsKey(version.version())) {
                throw new IllegalArgumentException("version " + version.version() + " of model '"
                        + name + "' already exists");
            }
            if (!idempotencyKey.isEmpty() && idempotencyKeys.containsKey(idempotencyKey)) {
                throw new IllegalArgumentException("idempotency key '" + idempotencyKey
                        + "' of model '" + name + "' is already used by version "
                        + idempotencyKeys.get(idempotencyKey));
            }
            if (version.version() <= highest) {
                throw new IllegalArgumentException("version " + version.version() + " of model '"
                        + name + "' was allocated before");
            }
            versions.put(version.version(), version);
            highest = version.version();
            if (!idempotencyKey.isEmpty()) {
                idempotencyKeys.put(idempotencyKey, version.version());
            }
        }

        void removeVersion(int version) {
            existing(version);
            if (aliases.containsValue(version)) {
                throw new IllegalArgumentException("an alias of model '" + name + "' points to version "
                        + version);
            }
            versions.remove(version);
            evidence.remove(version);
            performance.remove(version);
            idempotencyKeys.values().removeIf(v -> v == version);
        }

        void updateVersion(int version, UnaryOperator<ModelVersion> change) {
            versions.put(version, change.apply(existing(version)));
        }

        void setAlias(String alias, int version) {
            existing(version);
            aliases.put(alias, version);
        }

        void removeAlias(String alias) {
            aliases.remove(alias);
        }

        void addEvidence(int version, Evidence added) {
            existing(version);
            evidence.put(version, appended(evidence.get(version), added));
        }

        void addPerformance(int version, PerformanceRecord added) {
            existing(version);
            performance.put(version, appended(performance.get(version), added));
        }

        void putJob(JobRecord job) {
            requireOwnModel(job.model());
            // a replaced record keeps its position: LinkedHashMap keeps the first insertion order
            jobs.put(job.id(), job);
        }

        void appendAudit(AuditEvent event) {
            requireOwnModel(event.name());
            long last = audit.isEmpty() ? 0 : audit.get(audit.size() - 1).seq();
            if (event.seq() <= last) {
                throw new IllegalArgumentException("audit entry " + event.seq() + " of model '"
                        + name + "' does not follow entry " + last);
            }
            audit.add(event);
        }

        /** The immutable state after log file {@code seq}. */
        ModelState build(long seq) {
            Map<Integer, List<String>> aliasesByVersion = new HashMap<>();
            aliases.forEach((alias, version) ->
                    aliasesByVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(alias));
            List<ModelVersion> all = new ArrayList<>(versions.size());
            Map<Stage, List<ModelVersion>> byStage = new EnumMap<>(Stage.class);
            for (ModelVersion v : versions.values()) {
                List<String> itsAliases = aliasesByVersion.get(v.version());
                ModelVersion withAliases = itsAliases == null ? v : v.withAliases(itsAliases);
                all.add(withAliases);
                byStage.computeIfAbsent(v.stage(), s -> new ArrayList<>()).add(withAliases);
            }
            byStage.replaceAll((stage, list) -> List.copyOf(list));
            return new ModelState(seq, highest, List.copyOf(all), Collections.unmodifiableMap(byStage),
                    Collections.unmodifiableMap(new TreeMap<>(aliases)), Map.copyOf(idempotencyKeys),
                    Map.copyOf(evidence), Map.copyOf(performance), List.copyOf(jobs.values()),
                    List.copyOf(audit));
        }

        private ModelVersion existing(int version) {
            ModelVersion v = versions.get(version);
            if (v == null) {
                throw new IllegalArgumentException("model '" + name + "' has no version " + version);
            }
            return v;
        }

        private void requireOwnModel(String recordName) {
            if (!name.equals(recordName)) {
                throw new IllegalArgumentException("a record of model '" + recordName
                        + "' does not belong to model '" + name + "'");
            }
        }

        private static <T> List<T> appended(List<T> list, T item) {
            List<T> copy = new ArrayList<>(list == null ? List.of() : list);
            copy.add(item);
            return List.copyOf(copy);
        }
    }
}
