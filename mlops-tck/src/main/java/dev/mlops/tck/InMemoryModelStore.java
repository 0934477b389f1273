package dev.mlops.tck;

import dev.mlops.fleet.StoredExperiment;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.ArtifactCollection;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.ExperimentStore;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseRules;
import dev.mlops.spi.LeaseStore;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import dev.mlops.spi.TelemetryStore;
import dev.mlops.spi.VersionRemoval;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The reference {@link ModelStore}: everything in memory, every write checked, nothing clever,
 * so that it reads as the meaning of the SPI. Open it through {@link InMemoryModelStoreProvider}
 * with a {@code mem:NAME} URI.
 *
 * <p>Instances opened with the same name in one JVM share one store, which lives until the last of
 * them is closed (it has no {@link StoreCapability#PERSISTENCE}); other processes cannot reach it.
 * Artifacts are held as byte arrays, so each must be smaller than 2 GiB.
 *
 * <p>Thread-safe. {@link #write} holds a lock of the model for the whole transaction; the
 * transaction reads the model's committed state and applies its writes, checking each, to a
 * private copy, which replaces the committed state when the work returns. A committed state is
 * never changed afterwards, so a reader holding one never sees half of a transaction.
 */
public final class InMemoryModelStore implements ModelStore, ExperimentStore, TelemetryStore, ArtifactCollection,
        LeaseStore {

    /** The stores with an open instance, by name; guarded by itself. */
    private static final Map<String, Shared> OPEN = new HashMap<>();

    private final String uri;
    private final String name;
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What the instances of one store share. */
    private static final class Shared {
        final ConcurrentMap<String, byte[]> artifacts = new ConcurrentHashMap<>();
        /** When each artifact was last put, by the system clock; changed only inside artifacts.compute. */
        final Map<String, Long> storedAt = new ConcurrentHashMap<>();
        final ConcurrentMap<String, ModelData> models = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Object> writeLocks = new ConcurrentHashMap<>();
        /** The last grant of each lease; changed only inside {@code compute}, which is atomic per key. */
        final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();
        final InMemoryFleet fleet = new InMemoryFleet();
        volatile boolean signaturesRequired;
        /** Open instances; guarded by OPEN. */
        int instances;
    }

    private InMemoryModelStore(String uri, String name, Shared shared) {
        this.uri = uri;
        this.name = name;
        this.shared = shared;
    }

    /** Opens an instance of the store called {@code name}, creating the store when none is open. */
    static InMemoryModelStore open(String uri, String name) {
        synchronized (OPEN) {
            Shared shared = OPEN.computeIfAbsent(name, n -> new Shared());
            shared.instances++;
            return new InMemoryModelStore(uri, name, shared);
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    // ---------------------------------------------------------------- fleet

    @Override
    public void saveExperiment(StoredExperiment revision) {
        requireOpen();
        shared.fleet.saveExperiment(revision);
    }

    @Override
    public Optional<StoredExperiment> experiment(String id) {
        return shared.fleet.experiment(id);
    }

    @Override
    public List<StoredExperiment> experiments() {
        return shared.fleet.experiments();
    }

    @Override
    public List<StoredExperiment> experimentHistory(String id) {
        return shared.fleet.experimentHistory(id);
    }

    @Override
    public void putBucket(TelemetryBucket bucket) {
        requireOpen();
        shared.fleet.putBucket(bucket);
    }

    @Override
    public List<TelemetryBucket> buckets(String kind, String subject) {
        return shared.fleet.buckets(kind, subject);
    }

    // ---------------------------------------------------------------- artifacts

    /**
     * Reads {@code content} to its end into memory and stores it under its digest, replacing any
     * copy stored before (which may have been damaged since).
     *
     * @throws StorageException when {@code content} cannot be read
     */
    @Override
    public StoredArtifact putArtifact(InputStream content) {
        requireOpen();
        Objects.requireNonNull(content, "content");
        MessageDigest sha256 = StoredArtifact.newSha256();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new DigestInputStream(content, sha256).transferTo(bytes);
        } catch (IOException e) {
            throw new StorageException("could not read an artifact into " + uri + ": " + e, e);
        }
        StoredArtifact artifact = new StoredArtifact(StoredArtifact.hex(sha256.digest()), bytes.size());
        shared.artifacts.compute(artifact.sha256(), (sha, old) -> {
            shared.storedAt.put(sha, System.nanoTime());
            return bytes.toByteArray();
        });
        return artifact;
    }

    @Override
    public Set<String> artifactDigests() {
        requireOpen();
        return Set.copyOf(shared.artifacts.keySet());
    }

    @Override
    public boolean removeArtifact(String sha256, Duration grace) {
        requireOpen();
        boolean[] removed = {false};
        shared.artifacts.computeIfPresent(StoredArtifact.requireDigest(sha256), (sha, bytes) -> {
            if (System.nanoTime() - shared.storedAt.get(sha) < grace.toNanos()) {
                return bytes;
            }
            shared.storedAt.remove(sha);
            removed[0] = true;
            return null;
        });
        return removed[0];
    }

    @Override
    public InputStream openArtifact(String sha256) {
        return new ByteArrayInputStream(storedArtifact(sha256));
    }

    /**
     * The stored array itself, not a copy, for tests that damage the store behind the registry's
     * back (the kit's {@link ModelStoreTck#corruptArtifact} of this store flips a byte of it).
     *
     * @throws ModelNotFoundException when no bytes are stored under {@code sha256}
     */
    public byte[] storedArtifact(String sha256) {
        requireOpen();
        byte[] bytes = shared.artifacts.get(StoredArtifact.requireDigest(sha256));
        if (bytes == null) {
            throw new ModelNotFoundException("no artifact with sha256 " + sha256 + " is stored in " + uri);
        }
        return bytes;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Runs {@code work} holding the model's lock and commits its writes when it returns.
     *
     * @throws IllegalStateException when called from inside a write on the same model, which would
     *     lose one of the two
     */
    @Override
    public <T> T write(String name, Function<StoreTransaction, T> work) {
        requireOpen();
        Objects.requireNonNull(work, "work");
        Object lock = writeLock(name);
        if (Thread.holdsLock(lock)) {
            throw new IllegalStateException("write on model '" + name
                    + "' called from inside a write on the same model");
        }
        synchronized (lock) {
            Transaction tx = new Transaction(name, model(name));
            T result;
            try {
                result = work.apply(tx);
            } finally {
                tx.finished = true;
            }
            if (tx.draft != null) {
                shared.models.put(name, tx.draft);
            }
            return result;
        }
    }

    /**
     * Replaces one audit entry in place, bypassing every check, for tests that tamper with the audit
     * log behind the registry's back (the kit's {@link ModelStoreTck#editAuditReason} of this store).
     *
     * @throws IllegalArgumentException when the model has no entry {@code seq}
     */
    public void rewriteAudit(String name, long seq, UnaryOperator<AuditEvent> change) {
        requireOpen();
        synchronized (writeLock(name)) {
            ModelData copy = model(name).copy();
            int index = copy.audit.stream().map(AuditEvent::seq).toList().indexOf(seq);
            if (index < 0) {
                throw new IllegalArgumentException("model '" + name + "' has no audit entry " + seq);
            }
            copy.audit.set(index, change.apply(copy.audit.get(index)));
            shared.models.put(name, copy);
        }
    }

    /**
     * Removes a model's newest or oldest audit entry, leaving its anchored head: the kit's run of
     * this store cuts a log short through here.
     *
     * @throws IndexOutOfBoundsException when the model has no audit entry
     */
    public void removeAudit(String name, boolean newest) {
        requireOpen();
        synchronized (writeLock(name)) {
            ModelData copy = model(name).copy();
            copy.audit.remove(newest ? copy.audit.size() - 1 : 0);
            shared.models.put(name, copy);
        }
    }

    /**
     * Replaces a stored version in place, bypassing the audit log: the kit's run of this store
     * edits what is served through here.
     *
     * @throws IllegalArgumentException when the model has no such version
     */
    public void rewriteVersion(String name, int version, UnaryOperator<ModelVersion> change) {
        requireOpen();
        synchronized (writeLock(name)) {
            ModelData copy = model(name).copy();
            copy.versions.put(version, change.apply(copy.existing(name, version)));
            shared.models.put(name, copy);
        }
    }

    /** The lock that {@link #write} holds on a model, the same for every instance of the store. */
    private Object writeLock(String name) {
        return shared.writeLocks.computeIfAbsent(ModelNames.requireValid(name), n -> new Object());
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<ModelVersion> version(String name, int version) {
        return model(name).version(version);
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return model(name).versions();
    }

    @Override
    public List<ModelVersion> versionsInStage(String name, Stage stage) {
        return model(name).versionsInStage(stage);
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        return model(name).aliases();
    }

    @Override
    public List<Evidence> evidence(String name, int version) {
        return List.copyOf(model(name).evidence.getOrDefault(version, List.of()));
    }

    @Override
    public List<PerformanceRecord> performance(String name, int version) {
        return List.copyOf(model(name).performance.getOrDefault(version, List.of()));
    }

    @Override
    public List<JobRecord> jobs(String name) {
        return List.copyOf(model(name).jobs.values());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    @Override
    public List<AuditEvent> audit(String name, long afterSeq, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        return model(name).audit.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public List<ModelSummary> models() {
        requireOpen();
        List<ModelSummary> summaries = new ArrayList<>();
        shared.models.forEach((name, model) -> {
            if (!model.versions.isEmpty()) {
                List<ModelVersion> production = model.versionsInStage(Stage.PRODUCTION);
                summaries.add(new ModelSummary(name, model.versions.lastKey(),
                        production.isEmpty() ? 0 : production.get(production.size() - 1).version(),
                        model.versions.size()));
            }
        });
        summaries.sort(Comparator.comparing(ModelSummary::name));
        return List.copyOf(summaries);
    }

    @Override
    public Map<String, Long> auditHeads() {
        requireOpen();
        Map<String, Long> heads = new HashMap<>();
        shared.models.forEach((name, model) -> {
            if (!model.audit.isEmpty()) {
                heads.put(name, model.audit.get(model.audit.size() - 1).seq());
            }
        });
        return Map.copyOf(heads);
    }

    @Override
    public Map<String, AuditAnchor> anchors() {
        requireOpen();
        Map<String, AuditAnchor> anchors = new HashMap<>();
        shared.models.forEach((name, model) -> {
            if (model.anchor != null) {
                anchors.put(name, model.anchor);
            }
        });
        return Map.copyOf(anchors);
    }

    @Override
    public boolean signaturesRequired() {
        requireOpen();
        return shared.signaturesRequired;
    }

    @Override
    public void requireSignatures() {
        requireOpen();
        shared.signaturesRequired = true;
    }

    @Override
    public Page<ModelVersion> search(VersionQuery query) {
        requireOpen();
        Objects.requireNonNull(query, "query");
        Comparator<ModelVersion> order = query.newestFirst()
                ? VersionQuery.OLDEST_FIRST.reversed() : VersionQuery.OLDEST_FIRST;
        List<ModelVersion> matches = new ArrayList<>();
        for (ModelData model : shared.models.values()) {
            model.versions().stream().filter(query::matches).forEach(matches::add);
        }
        if (!query.pageToken().isEmpty()) {
            // keep what comes strictly after the token in the query's order
            VersionQuery.PageToken after = query.after();
            matches.removeIf(v -> query.newestFirst() ? after.compareTo(v) >= 0 : after.compareTo(v) <= 0);
        }
        matches.sort(order);
        if (matches.size() <= query.pageSize()) {
            return new Page<>(matches, "");
        }
        List<ModelVersion> page = matches.subList(0, query.pageSize());
        return new Page<>(page, VersionQuery.PageToken.of(page.get(page.size() - 1)).encode());
    }

    /** The committed state of a model; an empty one when nothing was committed. */
    private ModelData model(String name) {
        requireOpen();
        return shared.models.getOrDefault(ModelNames.requireValid(name), ModelData.EMPTY);
    }

    // ---------------------------------------------------------------- lifecycle

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the model store " + uri + " is closed");
        }
    }

    // ---------------------------------------------------------------- leases

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration ttl) {
        LeaseStore.requireHolder(holder);
        long millis = LeaseStore.requireTtl(ttl);
        return updateLease(name, (stored, now) -> LeaseRules.acquire(stored, name, holder, now, millis));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        long millis = LeaseStore.requireTtl(ttl);
        return updateLease(lease.name(), (stored, now) -> LeaseRules.renew(stored, lease, now, millis));
    }

    @Override
    public boolean release(Lease lease) {
        return updateLease(lease.name(), (stored, now) -> LeaseRules.release(stored, lease, now)).isPresent();
    }

    @Override
    public Optional<Lease> lease(String name) {
        requireOpen();
        return LeaseRules.current(Optional.ofNullable(shared.leases.get(ModelNames.requireValid(name))), Instant.now());
    }

    private Optional<Lease> updateLease(String name, BiFunction<Optional<Lease>, Instant, Optional<Lease>> rule) {
        requireOpen();
        ModelNames.requireValid(name);
        AtomicReference<Optional<Lease>> result = new AtomicReference<>();
        shared.leases.compute(name, (key, stored) -> {
            result.set(rule.apply(Optional.ofNullable(stored), Instant.now()));
            return result.get().orElse(stored);
        });
        return result.get();
    }

    /**
     * Closes this instance; further calls fail with {@link IllegalStateException}. Closing the last
     * open instance of a store discards the store. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (OPEN) {
                if (--shared.instances == 0) {
                    OPEN.remove(name, shared);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryModelStore[" + uri + "]";
    }

    /**
     * The state of one model. A transaction changes its own copy; once committed, a state is
     * never changed again.
     */
    private static final class ModelData {

        static final ModelData EMPTY = new ModelData();

        /** Versions by number, without aliases (they are state of their own). */
        final TreeMap<Integer, ModelVersion> versions = new TreeMap<>();
        final TreeMap<String, Integer> aliases = new TreeMap<>();
        final Map<String, Integer> idempotencyKeys = new HashMap<>();
        final Map<Integer, List<Evidence>> evidence = new HashMap<>();
        final Map<Integer, List<PerformanceRecord>> performance = new HashMap<>();
        /** By id, in the order each id was first stored: a replaced record keeps its place. */
        final LinkedHashMap<String, JobRecord> jobs = new LinkedHashMap<>();
        final List<AuditEvent> audit = new ArrayList<>();
        /** The highest version number ever inserted, removed ones included. */
        int highest;
        /** The anchored head of the audit log, kept apart from it; null before the first. */
        AuditAnchor anchor;

        ModelData copy() {
            ModelData copy = new ModelData();
            copy.versions.putAll(versions);
            copy.aliases.putAll(aliases);
            copy.idempotencyKeys.putAll(idempotencyKeys);
            evidence.forEach((v, list) -> copy.evidence.put(v, new ArrayList<>(list)));
            performance.forEach((v, list) -> copy.performance.put(v, new ArrayList<>(list)));
            copy.jobs.putAll(jobs);
            copy.audit.addAll(audit);
            copy.anchor = anchor;
            copy.highest = highest;
            return copy;
        }

        /** The aliases and their versions, sorted by alias. */
        Map<String, Integer> aliases() {
            return Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
        }

        /** A version with the aliases that point to it. */
        Optional<ModelVersion> version(int number) {
            return Optional.ofNullable(versions.get(number)).map(this::withAliases);
        }

        /** Every version with its aliases, oldest first. */
        List<ModelVersion> versions() {
            return versions.values().stream().map(this::withAliases).toList();
        }

        /** The versions in one stage with their aliases, oldest first. */
        List<ModelVersion> versionsInStage(Stage stage) {
            Objects.requireNonNull(stage, "stage");
            return versions().stream().filter(v -> v.stage() == stage).toList();
        }

        private ModelVersion withAliases(ModelVersion v) {
            return v.withAliases(aliases.entrySet().stream()
                    .filter(alias -> alias.getValue() == v.version()).map(Map.Entry::getKey).toList());
        }

        /** The stored version, failing when there is none. */
        ModelVersion existing(String name, int version) {
            ModelVersion v = versions.get(version);
            if (v == null) {
                throw new IllegalArgumentException("model '" + name + "' has no version " + version);
            }
            return v;
        }
    }

    /**
     * A transaction of {@link #write}: reads see the state committed when it began; each write is
     * checked and applied at once to a private draft, so that one that does not fit fails where it
     * is made.
     */
    private static final class Transaction implements StoreTransaction, VersionRemoval {

        private final String name;
        private final ModelData committed;
        private ModelData draft;
        private boolean finished;

        Transaction(String name, ModelData committed) {
            this.name = name;
            this.committed = committed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int latestVersion() {
            return read().highest;
        }

        @Override
        public Optional<ModelVersion> version(int version) {
            return read().version(version);
        }

        @Override
        public List<ModelVersion> versionsInStage(Stage stage) {
            return read().versionsInStage(stage);
        }

        @Override
        public Optional<ModelVersion> versionByIdempotencyKey(String key) {
            Integer version = read().idempotencyKeys.get(Objects.requireNonNull(key, "key"));
            return version == null ? Optional.empty() : committed.version(version);
        }

        @Override
        public Map<String, Integer> aliases() {
            return read().aliases();
        }

        @Override
        public Optional<AuditEvent> lastAudit() {
            List<AuditEvent> audit = read().audit;
            return audit.isEmpty() ? Optional.empty() : Optional.of(audit.get(audit.size() - 1));
        }

        @Override
        public List<AuditEvent> audit() {
            return List.copyOf(read().audit);
        }

        @Override
        public void insertVersion(ModelVersion version, String idempotencyKey) {
            requireOwn(version.name());
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            ModelData d = draft();
            if (d.versions.containsKey(version.version())) {
                throw new IllegalArgumentException("version " + version.version() + " of model '" + name
                        + "' already exists");
            }
            if (!idempotencyKey.isEmpty() && d.idempotencyKeys.containsKey(idempotencyKey)) {
                throw new IllegalArgumentException("idempotency key '" + idempotencyKey + "' of model '"
                        + name + "' is already used by version " + d.idempotencyKeys.get(idempotencyKey));
            }
            if (version.version() <= d.highest) {
                throw new IllegalArgumentException("version " + version.version() + " of model '" + name
                        + "' was allocated before");
            }
            d.versions.put(version.version(), version.withAliases(List.of()));
            d.highest = version.version();
            if (!idempotencyKey.isEmpty()) {
                d.idempotencyKeys.put(idempotencyKey, version.version());
            }
        }

        @Override
        public void removeVersion(int version) {
            ModelData d = draftWith(version);
            if (d.aliases.containsValue(version)) {
                throw new IllegalArgumentException("an alias of model '" + name + "' points to version " + version);
            }
            d.versions.remove(version);
            d.evidence.remove(version);
            d.performance.remove(version);
            d.idempotencyKeys.values().removeIf(v -> v == version);
        }

        @Override
        public void updateVersion(ModelVersion version) {
            requireOwn(version.name());
            ModelData d = draft();
            d.versions.put(version.version(), d.existing(name, version.version())
                    .withStage(version.stage())
                    .withMetadata(version.description(), version.metrics(), version.tags()));
        }

        @Override
        public void setAlias(String alias, int version) {
            draftWith(version).aliases.put(Objects.requireNonNull(alias, "alias"), version);
        }

        @Override
        public void removeAlias(String alias) {
            draft().aliases.remove(Objects.requireNonNull(alias, "alias"));
        }

        @Override
        public void addEvidence(int version, Evidence evidence) {
            Objects.requireNonNull(evidence, "evidence");
            draftWith(version).evidence.computeIfAbsent(version, v -> new ArrayList<>()).add(evidence);
        }

        @Override
        public void addPerformance(int version, PerformanceRecord record) {
            Objects.requireNonNull(record, "record");
            draftWith(version).performance.computeIfAbsent(version, v -> new ArrayList<>()).add(record);
        }

        @Override
        public void putJob(JobRecord job) {
            requireOwn(job.model());
            draft().jobs.put(job.id(), job);
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException when the entry does not directly follow the model's last
         *     one (sequence numbers run from 1 without gaps)
         */
        @Override
        public void appendAudit(AuditEvent event) {
            requireOwn(event.name());
            ModelData d = draft();
            long expected = d.audit.size() + 1L;
            if (event.seq() != expected) {
                throw new IllegalArgumentException("audit entry " + event.seq() + " of model '" + name
                        + "' is not the next one, " + expected);
            }
            d.audit.add(event);
        }

        @Override
        public void setAnchor(AuditAnchor anchor) {
            draft().anchor = Objects.requireNonNull(anchor, "anchor");
        }

        /** The committed state, for reads while the transaction is open. */
        private ModelData read() {
            requireActive();
            return committed;
        }

        /** The private copy the writes go to, made on the first write. */
        private ModelData draft() {
            requireActive();
            if (draft == null) {
                draft = committed.copy();
            }
            return draft;
        }

        /** The draft, after checking that it holds {@code version}. */
        private ModelData draftWith(int version) {
            ModelData d = draft();
            d.existing(name, version);
            return d;
        }

        private void requireOwn(String recordName) {
            if (!name.equals(recordName)) {
                throw new IllegalArgumentException("a record of model '" + recordName
                        + "' written in a transaction of model '" + name + "'");
            }
        }

        private void requireActive() {
            if (finished) {
                throw new IllegalStateException("the transaction on model '" + name
                        + "' is over; use it only inside ModelStore.write");
            }
        }
    }
}
