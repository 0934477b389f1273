package dev.mlops.registry.fs;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The committed state of one model after a number of log files: a {@link Checkpoint} plus what the
 * log files after it changed. Immutable, so a reader holding it never sees a transaction half
 * applied. Changes go through a {@link Builder}, which {@link LogRecord#applyTo} drives; a builder
 * copies only the changes since the checkpoint, which checkpoints keep few, so a transaction's cost
 * does not grow with the number of versions. Resolving a stage of TESTING, STAGING or PRODUCTION,
 * an alias or the newest version reads no chunk of the checkpoint.
 */
final class ModelState {

    /** A model with no committed transaction. */
    static final ModelState EMPTY = of(Checkpoint.NONE);

    private final long seq;
    private final int highest;
    private final int count;
    private final Checkpoint checkpoint;
    /** Versions added or changed since the checkpoint, whole. */
    private final Map<Integer, Snapshot.Entry> changed;
    /** Versions of the checkpoint removed since. */
    private final Set<Integer> removed;
    private final Map<String, Integer> aliases;
    private final Map<String, JobRecord> jobs;
    /** Idempotency keys of versions added since the checkpoint. */
    private final Map<String, Integer> keys;
    /** Audit entries appended since the checkpoint. */
    private final List<AuditEvent> audit;

    private ModelState(long seq, int highest, int count, Checkpoint checkpoint, Map<Integer, Snapshot.Entry> changed,
            Set<Integer> removed, Map<String, Integer> aliases, Map<String, JobRecord> jobs,
            Map<String, Integer> keys, List<AuditEvent> audit) {
        this.seq = seq;
        this.highest = highest;
        this.count = count;
        this.checkpoint = checkpoint;
        this.changed = changed;
        this.removed = removed;
        this.aliases = aliases;
        this.jobs = jobs;
        this.keys = keys;
        this.audit = audit;
    }

    /** The state a checkpoint holds. */
    static ModelState of(Checkpoint checkpoint) {
        Snapshot.Head head = checkpoint.head();
        Map<String, JobRecord> jobs = new LinkedHashMap<>();
        head.jobs().forEach(job -> jobs.put(job.id(), job));
        return new ModelState(head.seq(), head.highest(), head.count(), checkpoint, Map.of(), Set.of(),
                Collections.unmodifiableSortedMap(new TreeMap<>(head.aliases())),
                Collections.unmodifiableMap(jobs), Map.of(), List.of());
    }

    /** The number of the last log file applied; 0 for a model without one. */
    long seq() {
        return seq;
    }

    /** The checkpoint this state builds on. */
    Checkpoint checkpoint() {
        return checkpoint;
    }

    /** How many log files were applied since the checkpoint. */
    long sinceCheckpoint() {
        return seq - checkpoint.seq();
    }

    /** Versions added or changed since the checkpoint. */
    Map<Integer, Snapshot.Entry> changed() {
        return changed;
    }

    /** Versions of the checkpoint removed since. */
    Set<Integer> removed() {
        return removed;
    }

    /** Audit entries appended since the checkpoint. */
    List<AuditEvent> appendedAudit() {
        return audit;
    }

    /** The entry of a version, or null. */
    Snapshot.Entry entry(int version) {
        Snapshot.Entry e = changed.get(version);
        if (e != null) {
            return e;
        }
        return removed.contains(version) ? null : checkpoint.entry(version);
    }

    /** A version without its aliases, or null; reads a chunk only for versions the head does not hold. */
    private ModelVersion bare(int version) {
        Snapshot.Entry e = changed.get(version);
        if (e != null) {
            return e.version();
        }
        if (removed.contains(version)) {
            return null;
        }
        ModelVersion pinned = checkpoint.pinned(version);
        if (pinned != null) {
            return pinned;
        }
        Snapshot.Entry stored = checkpoint.entry(version);
        return stored == null ? null : stored.version();
    }

    private ModelVersion withAliases(ModelVersion v) {
        if (aliases.isEmpty() || !aliases.containsValue(v.version())) {
            return v;
        }
        List<String> its = new ArrayList<>();
        aliases.forEach((alias, version) -> {
            if (version == v.version()) {
                its.add(alias);
            }
        });
        return v.withAliases(its);
    }

    /** Every version without aliases, in no particular order; reads every chunk. */
    void forEachVersion(Consumer<ModelVersion> action) {
        checkpoint.forEachEntry(e -> {
            int n = e.version().version();
            if (!changed.containsKey(n) && !removed.contains(n)) {
                action.accept(e.version());
            }
        });
        changed.values().forEach(e -> action.accept(e.version()));
    }

    /**
     * Every version that may have all of {@code tags}, without aliases, in no particular order: the
     * checkpoint's through its tag index, and all changed since. Callers still match each one.
     */
    void forEachCandidate(Map<String, String> tags, Consumer<ModelVersion> action) {
        if (tags.isEmpty()) {
            forEachVersion(action);
            return;
        }
        checkpoint.forEachWithTags(tags, e -> {
            int n = e.version().version();
            if (!changed.containsKey(n) && !removed.contains(n)) {
                action.accept(e.version());
            }
        });
        changed.values().forEach(e -> action.accept(e.version()));
    }

    /** The version with its aliases, for versions {@link #forEachVersion} passed. */
    ModelVersion attachAliases(ModelVersion v) {
        return withAliases(v);
    }

    /** Every version with its aliases, by version number. */
    List<ModelVersion> versions() {
        List<ModelVersion> all = new ArrayList<>(count);
        forEachVersion(v -> all.add(withAliases(v)));
        if (!changed.isEmpty()) {
            all.sort(Comparator.comparingInt(ModelVersion::version));
        }
        return Collections.unmodifiableList(all);
    }

    /** The versions in one stage, by version number. */
    List<ModelVersion> versionsInStage(Stage stage) {
        List<ModelVersion> in = new ArrayList<>();
        if (Checkpoint.PINNED_STAGES.contains(stage)) {
            for (ModelVersion v : checkpoint.pinned()) {
                if (v.stage() == stage && !changed.containsKey(v.version()) && !removed.contains(v.version())) {
                    in.add(withAliases(v));
                }
            }
            for (Snapshot.Entry e : changed.values()) {
                if (e.version().stage() == stage) {
                    in.add(withAliases(e.version()));
                }
            }
        } else {
            forEachVersion(v -> {
                if (v.stage() == stage) {
                    in.add(withAliases(v));
                }
            });
        }
        in.sort(Comparator.comparingInt(ModelVersion::version));
        return Collections.unmodifiableList(in);
    }

    /** One version with its aliases. */
    Optional<ModelVersion> version(int number) {
        ModelVersion v = number <= 0 || number > highest ? null : bare(number);
        return v == null ? Optional.empty() : Optional.of(withAliases(v));
    }

    /** The version with the highest number, with its aliases. */
    Optional<ModelVersion> latest() {
        for (int n = highest; n > 0 && count > 0; n--) {
            ModelVersion v = bare(n);
            if (v != null) {
                return Optional.of(withAliases(v));
            }
        }
        return Optional.empty();
    }

    /** The highest version number of the versions there are, or 0. */
    int latestVersion() {
        return latest().map(ModelVersion::version).orElse(0);
    }

    /** The highest version number ever allocated, deleted versions included, or 0. */
    int highestAllocated() {
        return highest;
    }

    /** How many versions there are. */
    int count() {
        return count;
    }

    /** Aliases and their versions, sorted by alias. */
    Map<String, Integer> aliases() {
        return aliases;
    }

    /** The version registered with an idempotency key. */
    Optional<ModelVersion> versionByIdempotencyKey(String key) {
        Integer number = keys.get(key);
        if (number == null) {
            number = checkpoint.versionByIdempotencyKey(key);
        }
        return number == null ? Optional.empty() : version(number);
    }

    /** Evidence of a version, oldest first. */
    List<Evidence> evidence(int version) {
        Snapshot.Entry e = version <= 0 || version > highest ? null : entry(version);
        return e == null ? List.of() : e.evidence();
    }

    /** Job records, in the order the jobs were first stored. */
    List<JobRecord> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Performance records of a version, oldest first. */
    List<PerformanceRecord> performance(int version) {
        Snapshot.Entry e = version <= 0 || version > highest ? null : entry(version);
        return e == null ? List.of() : e.performance();
    }

    /** The whole audit log, oldest first; reads every audit chunk. */
    List<AuditEvent> audit() {
        return auditAfter(0, Integer.MAX_VALUE);
    }

    /** The newest audit entry. */
    Optional<AuditEvent> lastAudit() {
        if (!audit.isEmpty()) {
            return Optional.of(audit.get(audit.size() - 1));
        }
        return Optional.ofNullable(checkpoint.lastAudit());
    }

    /** At most {@code limit} audit entries with a sequence number above {@code afterSeq}, reading only the chunks needed. */
    List<AuditEvent> auditAfter(long afterSeq, int limit) {
        List<AuditEvent> out = new ArrayList<>();
        AuditEvent last = checkpoint.lastAudit();
        if (last != null && last.seq() > afterSeq) {
            checkpoint.auditAfter(afterSeq, limit, out);
        }
        // sequence numbers strictly increase (the builder enforces it), so binary search applies
        for (int i = Sorted.firstAbove(audit, AuditEvent::seq, afterSeq); i < audit.size() && out.size() < limit; i++) {
            out.add(audit.get(i));
        }
        return Collections.unmodifiableList(out);
    }

    /** The audit entries with a sequence number above {@code afterSeq} and one of {@code actions}, oldest first. */
    List<AuditEvent> auditAfter(long afterSeq, Set<AuditAction> actions) {
        List<AuditEvent> out = new ArrayList<>();
        checkpoint.auditAfter(afterSeq, actions, out);
        for (AuditEvent e : audit) {
            if (e.seq() > afterSeq && actions.contains(e.action())) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The sequence number of the newest audit entry, or 0. */
    long auditHead() {
        return lastAudit().map(AuditEvent::seq).orElse(0L);
    }

    /** The model's summary. */
    ModelSummary summary(String name) {
        List<ModelVersion> production = versionsInStage(Stage.PRODUCTION);
        return new ModelSummary(name, latestVersion(),
                production.isEmpty() ? 0 : production.get(production.size() - 1).version(), count);
    }

    /** A builder that starts from this state. */
    Builder toBuilder(String name) {
        return new Builder(name, this);
    }

    /**
     * A mutable copy of a state that checks each change before making it, so that a change that
     * throws leaves the builder as it was. It copies only what changed since the checkpoint.
     */
    static final class Builder {
        private final String name;
        private final Checkpoint checkpoint;
        private final Map<Integer, Snapshot.Entry> changed;
        private final Set<Integer> removed;
        private final TreeMap<String, Integer> aliases;
        private final Map<String, JobRecord> jobs;
        private final Map<String, Integer> keys;
        private final List<AuditEvent> audit;
        private int highest;
        private int count;

        private Builder(String name, ModelState from) {
            this.name = name;
            this.checkpoint = from.checkpoint;
            this.changed = new HashMap<>(from.changed);
            this.removed = new HashSet<>(from.removed);
            this.aliases = new TreeMap<>(from.aliases);
            this.jobs = new LinkedHashMap<>(from.jobs);
            this.keys = new HashMap<>(from.keys);
            this.audit = new ArrayList<>(from.audit);
            this.highest = from.highest;
            this.count = from.count;
        }

        private Snapshot.Entry entry(int version) {
            Snapshot.Entry e = changed.get(version);
            if (e != null) {
                return e;
            }
            return version <= 0 || removed.contains(version) ? null : checkpoint.entry(version);
        }

        private Integer keyOwner(String key) {
            Integer number = keys.get(key);
            if (number == null) {
                number = checkpoint.versionByIdempotencyKey(key);
            }
            return number != null && entry(number) != null ? number : null;
        }

        void insertVersion(ModelVersion version, String idempotencyKey) {
            requireOwnModel(version.name());
            int number = version.version();
            if (number <= highest && entry(number) != null) {
                throw new IllegalArgumentException("version " + number + " of model '"
                        + name + "' already exists");
            }
            Integer owner = idempotencyKey.isEmpty() ? null : keyOwner(idempotencyKey);
            if (owner != null) {
                throw new IllegalArgumentException("idempotency key '" + idempotencyKey
                        + "' of model '" + name + "' is already used by version " + owner);
            }
            if (number <= highest) {
                throw new IllegalArgumentException("version " + number + " of model '"
                        + name + "' was allocated before");
            }
            changed.put(number, new Snapshot.Entry(version, idempotencyKey, List.of(), List.of()));
            highest = number;
            count++;
            if (!idempotencyKey.isEmpty()) {
                keys.put(idempotencyKey, number);
            }
        }

        void removeVersion(int version) {
            existing(version);
            if (aliases.containsValue(version)) {
                throw new IllegalArgumentException("an alias of model '" + name + "' points to version "
                        + version);
            }
            changed.remove(version);
            if (checkpoint.entry(version) != null) {
                removed.add(version);
            }
            keys.values().removeIf(v -> v == version);
            count--;
        }

        void updateVersion(int version, UnaryOperator<ModelVersion> change) {
            Snapshot.Entry e = existing(version);
            changed.put(version, e.withVersion(change.apply(e.version())));
        }

        void setAlias(String alias, int version) {
            existing(version);
            aliases.put(alias, version);
        }

        void removeAlias(String alias) {
            aliases.remove(alias);
        }

        void addEvidence(int version, Evidence added) {
            Snapshot.Entry e = existing(version);
            changed.put(version, new Snapshot.Entry(e.version(), e.idempotencyKey(),
                    appended(e.evidence(), added), e.performance()));
        }

        void addPerformance(int version, PerformanceRecord added) {
            Snapshot.Entry e = existing(version);
            changed.put(version, new Snapshot.Entry(e.version(), e.idempotencyKey(), e.evidence(),
                    appended(e.performance(), added)));
        }

        void putJob(JobRecord job) {
            requireOwnModel(job.model());
            // a replaced record keeps its position: LinkedHashMap keeps the first insertion order
            jobs.put(job.id(), job);
        }

        void appendAudit(AuditEvent event) {
            requireOwnModel(event.name());
            AuditEvent lastEvent = audit.isEmpty() ? checkpoint.lastAudit() : audit.get(audit.size() - 1);
            long last = lastEvent == null ? 0 : lastEvent.seq();
            if (event.seq() <= last) {
                throw new IllegalArgumentException("audit entry " + event.seq() + " of model '"
                        + name + "' does not follow entry " + last);
            }
            audit.add(event);
        }

        /** The immutable state after log file {@code seq}. */
        ModelState build(long seq) {
            return new ModelState(seq, highest, count, checkpoint, Collections.unmodifiableMap(changed),
                    Collections.unmodifiableSet(removed), Collections.unmodifiableSortedMap(aliases),
                    Collections.unmodifiableMap(jobs), Collections.unmodifiableMap(keys),
                    Collections.unmodifiableList(audit));
        }

        private Snapshot.Entry existing(int version) {
            Snapshot.Entry e = entry(version);
            if (e == null) {
                throw new IllegalArgumentException("model '" + name + "' has no version " + version);
            }
            return e;
        }

        private void requireOwnModel(String recordName) {
            if (!name.equals(recordName)) {
                throw new IllegalArgumentException("a record of model '" + recordName
                        + "' does not belong to model '" + name + "'");
            }
        }

        private static <T> List<T> appended(List<T> list, T item) {
            List<T> copy = new ArrayList<>(list);
            copy.add(item);
            return List.copyOf(copy);
        }
    }
}
