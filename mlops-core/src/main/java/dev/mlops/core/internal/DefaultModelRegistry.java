package dev.mlops.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.Json;
import dev.mlops.core.PromotionPolicies;
import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.ArtifactVerification.SignatureStatus;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.GarbageCollection;
import dev.mlops.registry.GateResult;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.Limits;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelFormat;
import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.PromotionGate;
import dev.mlops.registry.PromotionPolicy;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.RegistryListener;
import dev.mlops.registry.RegistryStats;
import dev.mlops.registry.Retention;
import dev.mlops.registry.Stage;
import dev.mlops.registry.StorageException;
import dev.mlops.registry.VersionQuery;
import dev.mlops.spi.ArtifactCollection;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseStore;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import dev.mlops.spi.VersionRemoval;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry semantics, once, over any {@link ModelStore}: version allocation, idempotency, the
 * stage table, single production, rollback, alias compare-and-set, the audit chain, integrity checks
 * and the model cache. {@link #withActor} views share all of it with the registry that made them.
 */
public final class DefaultModelRegistry implements ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(DefaultModelRegistry.class);

    private final ModelStore store;
    private final RegistryConfig config;
    private final ArtifactChecks checks;
    private final ChangeTracker tracker;
    /** Reference (as given) to its resolved, loaded model; valid while the generation holds. */
    private final Cache<String, Resolved> resolved;
    /** Deserialized models by version and format; artifacts never change, so never stale. */
    private final Cache<LoadKey, Object> models;
    private final ScheduledExecutorService ownScheduler;
    private final Counts counts;
    /** Per model, what governance read of its audit log so far; only newer entries are read again. */
    private final ConcurrentMap<String, Governance.State> governance;
    /** The registry that owns the store: this one, or the one this view was made from. */
    private final DefaultModelRegistry root;
    private volatile ScheduledFuture<?> refresh;
    private volatile boolean closed;

    public DefaultModelRegistry(ModelStore store, RegistryConfig config) {
        this.store = store;
        this.config = config;
        this.checks = new ArtifactChecks(config.signer());
        this.tracker = new ChangeTracker(store);
        this.resolved = Caffeine.newBuilder().maximumSize(10_000).build();
        this.models = Caffeine.newBuilder().maximumSize(config.cacheSize())
                // on the removing thread, so that a model is closed once evict or close returns
                .executor(Runnable::run)
                .removalListener((LoadKey key, Object model, RemovalCause cause) -> release(model))
                .build();
        this.ownScheduler = config.scheduler().isPresent() ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "mlops-registry-refresh");
                    t.setDaemon(true);
                    return t;
                });
        this.counts = new Counts();
        this.governance = new ConcurrentHashMap<>();
        this.root = this;
    }

    /** A view of {@code base} that records mutations as {@code actor}. */
    private DefaultModelRegistry(DefaultModelRegistry base, String actor) {
        this.store = base.store;
        this.config = new RegistryConfig(actor, base.config.signer(), base.config.gates(), base.config.clock(),
                base.config.refreshInterval(), base.config.cacheSize(), base.config.scheduler(),
                base.config.artifactGrace());
        this.checks = base.checks;
        this.tracker = base.tracker;
        this.resolved = base.resolved;
        this.models = base.models;
        this.ownScheduler = null;
        this.counts = base.counts;
        this.governance = base.governance;
        this.root = base.root;
    }

    /** The counts behind {@link #stats()}: adders, so that counting on the load path takes no lock. */
    private static final class Counts {
        final LongAdder cacheHits = new LongAdder();
        final LongAdder cacheMisses = new LongAdder();
        final LongAdder loads = new LongAdder();
        final LongAdder loadFailures = new LongAdder();
        final LongAdder verifications = new LongAdder();
        final LongAdder verificationFailures = new LongAdder();
        final LongAdder registrations = new LongAdder();
        final EnumMap<Stage, LongAdder> promotions = new EnumMap<>(Stage.class);
        final LongAdder rollbacks = new LongAdder();

        Counts() {
            for (Stage stage : Stage.values()) {
                promotions.put(stage, new LongAdder());
            }
        }

        void verified(boolean valid) {
            verifications.increment();
            if (!valid) {
                verificationFailures.increment();
            }
        }
    }

    // ---------------------------------------------------------------- registration

    @Override
    public ModelVersion register(RegisterRequest request) {
        ensureOpen();
        String name = request.name();
        requireSigning(name);
        StoredArtifact artifact;
        try (InputStream in = request.artifact().open()) {
            artifact = store.putArtifact(in);
        } catch (IOException e) {
            throw new StorageException("cannot read the artifact to register for '" + name + "': "
                    + e.getMessage(), e);
        }
        var signature = checks.sign(name, artifact);
        ModelVersion registered = write(name, tx -> {
            if (!request.idempotencyKey().isEmpty()) {
                Optional<ModelVersion> earlier = tx.data.versionByIdempotencyKey(request.idempotencyKey());
                if (earlier.isPresent()) {
                    if (!earlier.get().sha256().equals(artifact.sha256())) {
                        throw new ConflictException("idempotency key '" + request.idempotencyKey()
                                + "' was used for " + earlier.get().ref()
                                + " with a different artifact");
                    }
                    return earlier.get();
                }
            }
            Instant now = now();
            ModelVersion v = new ModelVersion(name, tx.data.latestVersion() + 1, Stage.DRAFT,
                    artifact.sha256(), artifact.sizeBytes(), request.format(), signature, now,
                    config.actor(), request.description(), request.metrics(), request.params(),
                    request.tags(), request.lineage(), List.of());
            tx.data.insertVersion(v, request.idempotencyKey());
            tx.audit(now, AuditAction.REGISTER, v.version(), "", Stage.DRAFT.name(), "",
                    "sha256=" + artifact.sha256(), v);
            return v;
        });
        counts.registrations.increment();
        log.debug("Registered {} ({} bytes)", registered.ref(), registered.sizeBytes());
        return registered;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public ModelVersion get(String ref) {
        return resolve(ModelRef.parse(ref));
    }

    @Override
    public Optional<ModelVersion> find(String ref) {
        ModelRef parsed = ModelRef.parse(ref);
        try {
            return Optional.of(resolve(parsed));
        } catch (ModelNotFoundException e) {
            return Optional.empty();
        }
    }

    private ModelVersion resolve(ModelRef ref) {
        ensureOpen();
        String name = ref.name();
        if (ref.version() > 0) {
            return store.version(name, ref.version()).orElseThrow(() -> notFound(ref,
                    "version " + ref + " does not exist"));
        }
        if (ref.alias().isEmpty() || ref.alias().equals("latest")) {
            return store.latestVersion(name).orElseThrow(() -> notFound(ref,
                    "model '" + name + "' has no versions"));
        }
        Optional<Stage> stage = ref.stage();
        if (stage.isPresent()) {
            List<ModelVersion> inStage = store.versionsInStage(name, stage.get());
            if (inStage.isEmpty()) {
                throw notFound(ref, "model '" + name + "' has no version in " + stage.get());
            }
            return inStage.get(inStage.size() - 1);
        }
        Integer version = store.aliases(name).get(ref.alias());
        if (version == null) {
            throw notFound(ref, "model '" + name + "' has no alias '" + ref.alias() + "'");
        }
        return store.version(name, version).orElseThrow(() -> new StorageException("alias " + ref
                + " points to version " + version + ", which does not exist"));
    }

    /** Says that the model does not exist, when that is why, else {@code message}. */
    private ModelNotFoundException notFound(ModelRef ref, String message) {
        if (store.latestVersion(ref.name()).isEmpty()) {
            return new ModelNotFoundException("model '" + ref.name() + "' does not exist");
        }
        return new ModelNotFoundException(message);
    }

    private ModelVersion version(String name, int version) {
        return resolve(ModelRef.of(name, version));
    }

    @Override
    public List<ModelSummary> models() {
        ensureOpen();
        return store.models();
    }

    @Override
    public List<ModelVersion> versions(String name) {
        ensureOpen();
        List<ModelVersion> all = store.versions(ModelNames.requireValid(name));
        if (all.isEmpty()) {
            throw new ModelNotFoundException("model '" + name + "' does not exist");
        }
        return all;
    }

    @Override
    public Page<ModelVersion> search(VersionQuery query) {
        ensureOpen();
        return store.search(query);
    }

    // ---------------------------------------------------------------- stages

    @Override
    public ModelVersion promote(String name, int version, Stage target, String reason) {
        Limits.requireText("reason", reason, Limits.MAX_REASON_LENGTH);
        for (int attempt = 1; ; attempt++) {
            ModelVersion current = version(name, version);
            requireTransition(current, target);
            Governance.State state = target == Stage.PRODUCTION ? governance(name) : Governance.State.EMPTY;
            PromotionPolicy.Rule rule = state.policy().production();
            List<Evidence> evidence = store.evidence(name, version);
            List<GateResult> refusals = gateRefusals(current, target, evidence);
            refusals.addAll(Governance.refusals(rule, current, state, evidence, checks));
            if (!refusals.isEmpty()) {
                throw refused(current, AuditAction.PROMOTION_REFUSED, "promotion of " + current.ref()
                        + " to " + target, current.stage(), target, reason, refusals);
            }
            // a policy decided on the log as read: the promotion commits only if nothing was added since
            long decidedAt = rule.isEmpty() ? -1 : state.seq();
            try {
                ModelVersion promoted = write(name, tx -> {
                    tx.requireHead(decidedAt);
                    ModelVersion v = tx.existing(version);
                    if (v.stage() != current.stage()) {
                        throw new ConflictException(v.ref() + " moved from " + current.stage() + " to "
                                + v.stage() + " while it was being promoted; try again");
                    }
                    Instant now = now();
                    if (target == Stage.PRODUCTION) {
                        for (ModelVersion previous : tx.data.versionsInStage(Stage.PRODUCTION)) {
                            archive(tx, now, previous, reason, "superseded by version " + version);
                        }
                    }
                    ModelVersion moved = v.withStage(target);
                    tx.data.updateVersion(moved);
                    tx.audit(now, AuditAction.PROMOTE, version, v.stage().name(), target.name(), reason, "", moved);
                    return moved;
                });
                counts.promotions.get(target).increment();
                return promoted;
            } catch (StaleDecision e) {
                if (attempt == MAX_DECISIONS) {
                    throw new ConflictException("the audit log of '" + name + "' kept changing while the"
                            + " promotion of " + current.ref() + " was decided; try again");
                }
            }
        }
    }

    private static void requireTransition(ModelVersion v, Stage target) {
        if (!v.stage().canMoveTo(target)) {
            throw new ConflictException("cannot move " + v.ref() + " from " + v.stage() + " to "
                    + target + "; from " + v.stage() + " it may move to " + v.stage().successors());
        }
    }

    /** The refusals of this registry's gates; every gate runs. */
    private List<GateResult> gateRefusals(ModelVersion v, Stage target, List<Evidence> evidence) {
        List<GateResult> refusals = new ArrayList<>();
        for (PromotionGate gate : config.gates()) {
            GateResult result = gate.evaluate(v, target, evidence, config.actor());
            if (!result.passed()) {
                refusals.add(result);
            }
        }
        return refusals;
    }

    /**
     * Records a refused promotion or rollback in the audit log (the refusal in {@code reason}, the
     * actor's reason in {@code detail}) and returns the exception to throw. When the entry cannot
     * be written the refusal still stands, with that failure attached.
     */
    private PromotionRefusedException refused(ModelVersion v, AuditAction action, String what,
            Stage from, Stage to, String reason, List<GateResult> refusals) {
        StringBuilder message = new StringBuilder(what + " refused:");
        refusals.forEach(r -> message.append(" [").append(r.gate()).append("] ").append(r.reason()).append(';'));
        String text = message.substring(0, message.length() - 1);
        PromotionRefusedException refused = new PromotionRefusedException(text, refusals);
        try {
            write(v.name(), tx -> {
                tx.audit(now(), action, v.version(), from.name(), to.name(), text, reason);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Cannot record the refusal of {}: {}", what, e.toString());
            refused.addSuppressed(e);
        }
        return refused;
    }

    @Override
    public ModelVersion rollback(String name, String reason) {
        ModelNames.requireValid(name);
        Limits.requireText("reason", reason, Limits.MAX_REASON_LENGTH);
        for (int attempt = 1; ; attempt++) {
            List<AuditEvent> log = store.audit(name, 0, Integer.MAX_VALUE);
            Governance.State state = Governance.State.of(log);
            PromotionPolicy.Rule rule = state.policy().rollback();
            long decidedAt = -1;
            if (!rule.isEmpty()) {
                Optional<Integer> target = rollbackTarget(log, store.versionsInStage(name, Stage.PRODUCTION));
                if (target.isPresent()) {
                    ModelVersion restore = version(name, target.get());
                    List<GateResult> refusals = Governance.refusals(rule, restore, state,
                            store.evidence(name, restore.version()), checks);
                    if (!refusals.isEmpty()) {
                        throw refused(restore, AuditAction.ROLLBACK_REFUSED, "rollback of '" + name
                                + "' to " + restore.ref(), restore.stage(), Stage.PRODUCTION, reason, refusals);
                    }
                    decidedAt = state.seq();
                }
            }
            try {
                return rollback(name, reason, decidedAt);
            } catch (StaleDecision e) {
                if (attempt == MAX_DECISIONS) {
                    throw new ConflictException("the audit log of '" + name + "' kept changing while the"
                            + " rollback was decided; try again");
                }
            }
        }
    }

    /** Rolls back, provided the log's head is {@code decidedAt} (-1: whatever it is). */
    private ModelVersion rollback(String name, String reason, long decidedAt) {
        ModelVersion restored = write(name, tx -> {
            tx.requireHead(decidedAt);
            if (tx.data.latestVersion() == 0) {
                throw new ModelNotFoundException("model '" + name + "' does not exist");
            }
            List<ModelVersion> current = tx.data.versionsInStage(Stage.PRODUCTION);
            Optional<Integer> target = rollbackTarget(tx.data.audit(), current);
            if (target.isEmpty()) {
                throw new ConflictException("model '" + name
                        + "' has no earlier production version to roll back to");
            }
            ModelVersion restore = tx.existing(target.get());
            Instant now = now();
            for (ModelVersion c : current) {
                archive(tx, now, c, reason, "rolled back to version " + restore.version());
            }
            ModelVersion inProduction = restore.withStage(Stage.PRODUCTION);
            tx.data.updateVersion(inProduction);
            tx.audit(now, AuditAction.ROLLBACK, restore.version(), restore.stage().name(),
                    Stage.PRODUCTION.name(), reason, "", inProduction);
            return inProduction;
        });
        counts.rollbacks.increment();
        return restored;
    }

    /** The version a rollback restores: the production version before the current one. */
    private static Optional<Integer> rollbackTarget(List<AuditEvent> log, List<ModelVersion> current) {
        Deque<Integer> history = productionHistory(log);
        if (!current.isEmpty() && !history.isEmpty() && history.peek() == current.get(0).version()) {
            history.pop();
        }
        return Optional.ofNullable(history.peek());
    }

    /**
     * The stack of production versions, newest on top, replayed from the audit log: a promotion to
     * PRODUCTION pushes; a rollback pops down to the version it restored; retiring the top version
     * by promoting it to ARCHIVED pops it.
     */
    static Deque<Integer> productionHistory(List<AuditEvent> audit) {
        Deque<Integer> stack = new ArrayDeque<>();
        for (AuditEvent e : audit) {
            switch (e.action()) {
                case PROMOTE -> {
                    if (e.to().equals(Stage.PRODUCTION.name())) {
                        stack.push(e.version());
                    } else if (e.from().equals(Stage.PRODUCTION.name()) && !stack.isEmpty()
                            && stack.peek() == e.version()) {
                        stack.pop();
                    }
                }
                case ROLLBACK -> {
                    while (!stack.isEmpty() && stack.peek() != e.version()) {
                        stack.pop();
                    }
                }
                default -> {
                }
            }
        }
        return stack;
    }

    private void archive(Tx tx, Instant now, ModelVersion v, String reason,
            String detail) {
        ModelVersion archived = v.withStage(Stage.ARCHIVED);
        tx.data.updateVersion(archived);
        tx.audit(now, AuditAction.ARCHIVE, v.version(), v.stage().name(), Stage.ARCHIVED.name(),
                reason, detail, archived);
    }

    // ---------------------------------------------------------------- aliases

    @Override
    public AliasMove setAlias(String name, String alias, int version) {
        return moveAlias(name, alias, -1, version);
    }

    @Override
    public AliasMove compareAndSetAlias(String name, String alias, int expectedVersion,
            int newVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be 0 (unset) or a version,"
                    + " got " + expectedVersion);
        }
        return moveAlias(name, alias, expectedVersion, newVersion);
    }

    /** Moves an alias; {@code expected} is -1 for an unconditional move. */
    private AliasMove moveAlias(String name, String alias, int expected, int version) {
        ModelNames.requireValid(name);
        ModelNames.requireValidAlias(alias);
        return write(name, tx -> {
            tx.existing(version);
            int current = tx.data.aliases().getOrDefault(alias, 0);
            if (expected >= 0 && current != expected) {
                throw new ConflictException("alias " + name + "@" + alias + " points to "
                        + (current == 0 ? "nothing" : "version " + current) + ", not "
                        + (expected == 0 ? "nothing" : "version " + expected));
            }
            Instant now = now();
            if (current != version) {
                tx.data.setAlias(alias, version);
                tx.audit(now, AuditAction.ALIAS, version, current == 0 ? "" : Integer.toString(current),
                        Integer.toString(version), "", alias);
            }
            return new AliasMove(name, alias, current, version, now, config.actor());
        });
    }

    @Override
    public AliasMove removeAlias(String name, String alias) {
        ModelNames.requireValid(name);
        return write(name, tx -> {
            Integer current = tx.data.aliases().get(alias);
            if (current == null) {
                throw new ModelNotFoundException("model '" + name + "' has no alias '" + alias + "'");
            }
            Instant now = now();
            tx.data.removeAlias(alias);
            tx.audit(now, AuditAction.UNALIAS, current, current.toString(), "", "", alias);
            return new AliasMove(name, alias, current, 0, now, config.actor());
        });
    }

    @Override
    public List<AliasMove> aliasHistory(String name, String alias) {
        return history(name).stream()
                .filter(e -> (e.action() == AuditAction.ALIAS || e.action() == AuditAction.UNALIAS)
                        && e.detail().equals(alias))
                .map(e -> new AliasMove(name, alias, ChangeTracker.versionOrZero(e.from()),
                        ChangeTracker.versionOrZero(e.to()), e.time(), e.actor()))
                .toList();
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public ModelVersion updateMetadata(String name, int version, MetadataUpdate update) {
        ModelNames.requireValid(name);
        return write(name, tx -> {
            ModelVersion v = tx.existing(version);
            Map<String, Double> metrics = new TreeMap<>(v.metrics());
            metrics.putAll(update.metrics());
            Map<String, String> tags = new TreeMap<>(v.tags());
            tags.putAll(update.tags());
            tags.keySet().removeAll(update.removeTags());
            ModelVersion changed = v.withMetadata(update.description().orElse(v.description()),
                    metrics, tags);
            List<String> what = new ArrayList<>();
            if (!update.metrics().isEmpty()) {
                what.add("metrics " + new TreeMap<>(update.metrics()).keySet());
            }
            if (!update.tags().isEmpty() || !update.removeTags().isEmpty()) {
                what.add("tags " + new TreeMap<>(update.tags()).keySet()
                        + (update.removeTags().isEmpty() ? "" : " removed " + update.removeTags()));
            }
            update.description().ifPresent(d -> what.add("description"));
            tx.data.updateVersion(changed);
            tx.audit(now(), AuditAction.METADATA, version, "", "", "", String.join("; ", what),
                    changed);
            return changed;
        });
    }

    @Override
    public Evidence attachEvidence(String name, int version, String kind, String document) {
        ModelNames.requireValid(name);
        return write(name, tx -> {
            ModelVersion v = tx.existing(version);
            String problem = Governance.attachProblem(v, kind, document);
            if (problem != null) {
                throw new IllegalArgumentException("refusing to attach evidence to " + v.ref() + ": " + problem);
            }
            Instant now = now();
            Evidence evidence = checks.sign(name, version, new Evidence(kind, now, config.actor(), document));
            tx.data.addEvidence(version, evidence);
            tx.audit(now, AuditAction.EVIDENCE, version, "", "", "", kind);
            return evidence;
        });
    }

    @Override
    public PromotionPolicy setPolicy(String name, PromotionPolicy policy, String reason) {
        ModelNames.requireValid(name);
        Objects.requireNonNull(policy, "policy");
        Limits.requireText("reason", reason, Limits.MAX_REASON_LENGTH);
        return write(name, tx -> {
            tx.audit(now(), AuditAction.POLICY, 0, "", "", reason, PromotionPolicies.toJson(policy));
            return policy;
        });
    }

    @Override
    public PromotionPolicy policy(String name) {
        ensureOpen();
        return governance(ModelNames.requireValid(name)).policy();
    }

    @Override
    public AuditEvent approve(String name, int version, String reason) {
        return decide(name, version, AuditAction.APPROVE, reason);
    }

    @Override
    public AuditEvent reject(String name, int version, String reason) {
        return decide(name, version, AuditAction.REJECT, reason);
    }

    private AuditEvent decide(String name, int version, AuditAction decision, String reason) {
        ModelNames.requireValid(name);
        Limits.requireText("reason", reason, Limits.MAX_REASON_LENGTH);
        return write(name, tx -> {
            ModelVersion v = tx.existing(version);
            tx.audit(now(), decision, version, "", "", reason,
                    v.createdBy().equals(config.actor()) ? "by the actor who registered it" : "");
            return tx.head;
        });
    }

    @Override
    public List<Evidence> evidence(String name, int version) {
        version(name, version);
        return store.evidence(name, version);
    }

    // ---------------------------------------------------------------- deletion and retention

    @Override
    public void delete(String name, int version, String reason) {
        ModelNames.requireValid(name);
        requireDeletionReason(reason);
        ModelVersion deleted = write(name, tx -> remove(tx, tx.existing(version), reason, now()));
        removeUnreferenced(List.of(deleted), config.artifactGrace());
    }

    @Override
    public List<ModelVersion> applyRetention(String name, Retention retention, String reason) {
        ModelNames.requireValid(name);
        Objects.requireNonNull(retention, "retention");
        requireDeletionReason(reason);
        List<ModelVersion> deleted = write(name, tx -> {
            Instant now = now();
            List<ModelVersion> archived = tx.data.versionsInStage(Stage.ARCHIVED);
            Set<Integer> aliased = new HashSet<>(tx.data.aliases().values());
            int keepFrom = archived.size() - retention.keepArchived();
            List<ModelVersion> removed = new ArrayList<>();
            for (int i = 0; i < archived.size(); i++) {
                ModelVersion v = archived.get(i);
                boolean tooOld = retention.maxAge().filter(age -> v.createdAt().isBefore(now.minus(age))).isPresent();
                if ((i < keepFrom || tooOld) && !aliased.contains(v.version())) {
                    removed.add(remove(tx, v, reason, now));
                }
            }
            return removed;
        });
        removeUnreferenced(deleted, config.artifactGrace());
        return deleted;
    }

    @Override
    public GarbageCollection collectGarbage(Duration grace) {
        ensureOpen();
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive, got " + grace);
        }
        ArtifactCollection collection = artifactCollection();
        // list the bytes before reading what references them: bytes put after the listing are
        // not candidates, and those put before it are either committed by now or within grace
        Set<String> stored = collection.artifactDigests();
        Set<String> referenced = referencedDigests();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String sha256 : new TreeSet<>(stored)) {
            if (!referenced.contains(sha256)) {
                (collection.removeArtifact(sha256, grace) ? removed : kept).add(sha256);
            }
        }
        log.info("Garbage collection of {}: {} artifacts, {} removed, {} kept within the grace period",
                store.uri(), stored.size(), removed.size(), kept.size());
        return new GarbageCollection(stored.size(), removed, kept);
    }

    private static void requireDeletionReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a deletion needs a reason, recorded in its tombstone");
        }
        Limits.requireText("reason", reason, Limits.MAX_REASON_LENGTH);
    }

    /** Removes a version in a transaction, leaving a tombstone; refuses production and aliased ones. */
    private ModelVersion remove(Tx tx, ModelVersion v, String reason, Instant now) {
        if (v.stage() == Stage.PRODUCTION) {
            throw new ConflictException("cannot delete " + v.ref() + ": it is in PRODUCTION; promote"
                    + " another version or roll back first");
        }
        List<String> aliases = tx.data.aliases().entrySet().stream()
                .filter(e -> e.getValue() == v.version()).map(Map.Entry::getKey).toList();
        if (!aliases.isEmpty()) {
            throw new ConflictException("cannot delete " + v.ref() + ": aliases " + aliases
                    + " point to it; move or remove them first");
        }
        if (!(tx.data instanceof VersionRemoval removal)) {
            throw new MlopsConfigurationException(store.uri() + " cannot delete versions: its store"
                    + " does not implement " + VersionRemoval.class.getName());
        }
        removal.removeVersion(v.version());
        tx.audit(now, AuditAction.DELETE, v.version(), v.stage().name(), "", reason, "sha256=" + v.sha256());
        return v;
    }

    /** Removes the bytes of deleted versions that no version references any more. */
    private void removeUnreferenced(List<ModelVersion> deleted, Duration grace) {
        if (deleted.isEmpty() || !(store instanceof ArtifactCollection collection)) {
            return;
        }
        try {
            Set<String> referenced = referencedDigests();
            for (String sha256 : new TreeSet<>(deleted.stream().map(ModelVersion::sha256).toList())) {
                if (!referenced.contains(sha256) && collection.removeArtifact(sha256, grace)) {
                    log.debug("Removed artifact {}, which no version references", sha256);
                }
            }
        } catch (RuntimeException e) {
            // the deletion is committed; bytes left behind are garbage collection's to take
            log.warn("Deleted {} but left its artifact bytes in {}: {}", deleted.get(0).ref(), store.uri(),
                    e.toString());
        }
    }

    /**
     * The digest of every artifact a version of any model references. Every model any part of the
     * store knows of is read, so that a model whose log cannot be read fails the collection instead
     * of having its bytes taken.
     */
    private Set<String> referencedDigests() {
        Set<String> names = new TreeSet<>(store.anchors().keySet());
        names.addAll(store.auditHeads().keySet());
        store.models().forEach(m -> names.add(m.name()));
        Set<String> referenced = new HashSet<>();
        for (String name : names) {
            store.versions(name).forEach(v -> referenced.add(v.sha256()));
        }
        return referenced;
    }

    private ArtifactCollection artifactCollection() {
        if (!(store instanceof ArtifactCollection collection)) {
            throw new MlopsConfigurationException(store.uri() + " cannot remove artifacts: its store"
                    + " does not implement " + ArtifactCollection.class.getName());
        }
        return collection;
    }

    @Override
    public void recordPerformance(String name, int version, PerformanceRecord record) {
        ModelNames.requireValid(name);
        write(name, tx -> {
            tx.existing(version);
            tx.data.addPerformance(version, record);
            tx.audit(now(), AuditAction.PERFORMANCE, version, "", "", "",
                    record.sampleCount() + " samples " + new TreeMap<>(record.metrics()));
            return null;
        });
    }

    @Override
    public List<PerformanceRecord> performance(String name, int version) {
        version(name, version);
        return store.performance(name, version);
    }

    @Override
    public JobRecord recordJob(JobRecord job) {
        return write(job.model(), tx -> {
            tx.data.putJob(job);
            tx.audit(now(), AuditAction.JOB, 0, "", job.status(), "", job.kind() + " " + job.id());
            return job;
        });
    }

    @Override
    public List<JobRecord> jobs(String name) {
        ensureOpen();
        List<JobRecord> jobs = store.jobs(ModelNames.requireValid(name));
        if (!(store instanceof LeaseStore leases) || !LeasedJobs.anyLeased(jobs)) {
            return jobs;
        }
        // the lease first, then the jobs: a holder records its final status before it releases,
        // so a RUNNING record read after its lease was seen gone belongs to a process that died
        Optional<Lease> current = leases.lease(name);
        jobs = store.jobs(name);
        List<JobRecord> orphaned = LeasedJobs.orphaned(jobs, current, now());
        if (orphaned.isEmpty()) {
            return jobs;
        }
        if (!checks.canSign() && store.signaturesRequired()) {
            // a reader that may not write still sees them failed
            return LeasedJobs.with(jobs, orphaned);
        }
        try {
            write(name, tx -> {
                for (JobRecord failed : orphaned) {
                    tx.data.putJob(failed);
                    tx.audit(now(), AuditAction.JOB, 0, "", failed.status(), "", failed.kind() + " " + failed.id()
                            + ": " + Json.read(failed.document()).path("error").asText());
                }
                return null;
            });
        } catch (StorageException e) {
            // the read still answers truly; the next reader records them
            log.debug("Could not record {} job(s) of {} FAILED: {}", orphaned.size(), name, e.toString());
            return LeasedJobs.with(jobs, orphaned);
        }
        log.debug("Marked {} job(s) of {} FAILED: their lease expired", orphaned.size(), name);
        return store.jobs(name);
    }

    // ---------------------------------------------------------------- audit

    @Override
    public List<AuditEvent> history(String name) {
        ensureOpen();
        List<AuditEvent> events = store.audit(ModelNames.requireValid(name), 0, Integer.MAX_VALUE);
        if (events.isEmpty()) {
            throw new ModelNotFoundException("model '" + name + "' does not exist");
        }
        return events;
    }

    @Override
    public AuditVerification verifyAudit() {
        ensureOpen();
        boolean required = store.signaturesRequired();
        requireVerifier(required, "verify the audit logs");
        Map<String, AuditAnchor> anchors = store.anchors();
        // every model any part of the store knows of: a model whose log is gone still has its anchor
        TreeSet<String> names = new TreeSet<>(anchors.keySet());
        names.addAll(store.auditHeads().keySet());
        store.models().forEach(m -> names.add(m.name()));
        List<String> problems = new ArrayList<>();
        long events = 0;
        for (String name : names) {
            Optional<AuditAnchor> anchor = Optional.ofNullable(anchors.get(name));
            try {
                List<AuditEvent> log = store.audit(name, 0, Integer.MAX_VALUE);
                events += log.size();
                problems.addAll(AuditChains.problems(name, log, store.versions(name),
                        store.aliases(name), anchor));
            } catch (StorageException e) {
                problems.add(name + ": cannot be read: " + e.getMessage());
            }
            anchor.map(a -> checks.anchorProblem(name, a, required)).ifPresent(problems::add);
        }
        return new AuditVerification(names.size(), events, problems);
    }

    @Override
    public void requireSignatures() {
        ensureOpen();
        if (!checks.canSign()) {
            throw new MlopsConfigurationException("only a registry that can sign may make " + store.uri()
                    + " require signatures: configure a signing key (MLOPS_SIGNING_KEY for the"
                    + " command), not a verifying key alone");
        }
        store.requireSignatures();
        log.info("{} now requires signatures", store.uri());
    }

    @Override
    public boolean signaturesRequired() {
        ensureOpen();
        return store.signaturesRequired();
    }

    /** The governance state of a model as of its newest audit entry, reading only the entries added since. */
    private Governance.State governance(String name) {
        Governance.State known = governance.getOrDefault(name, Governance.State.EMPTY);
        Governance.State now = known.with(store.audit(name, known.seq(), Integer.MAX_VALUE));
        governance.merge(name, now, (a, b) -> a.seq() >= b.seq() ? a : b);
        return now;
    }

    /** Refuses a change when the store requires signatures and this registry cannot sign. */
    private void requireSigning(String name) {
        if (!checks.canSign() && store.signaturesRequired()) {
            throw new IntegrityException("refusing to change model '" + name + "': " + store.uri()
                    + " requires signatures, and this registry "
                    + (checks.canVerify() ? "holds a verifying key only" : "has no signing key")
                    + " (MLOPS_SIGNING_KEY for the command)");
        }
    }

    /** Refuses to use artifacts or logs when the store requires signatures and nothing can check them. */
    private void requireVerifier(boolean signaturesRequired, String what) {
        if (signaturesRequired && !checks.canVerify()) {
            throw new IntegrityException("refusing to " + what + ": " + store.uri()
                    + " requires signatures, and this registry has no key to check them with"
                    + " (MLOPS_SIGNING_KEY for the command)");
        }
    }

    // ---------------------------------------------------------------- artifacts

    @Override
    public ArtifactVerification verify(String ref) {
        ModelVersion v = get(ref);
        requireVerifier(store.signaturesRequired(), "verify " + v.ref());
        SignatureStatus signature = checks.signatureStatus(v);
        StoredArtifact actual;
        try (InputStream in = store.openArtifact(v.sha256())) {
            actual = ArtifactChecks.digest(in, null);
        } catch (ModelNotFoundException e) {
            return new ArtifactVerification(v, "", false, signature,
                    "artifact of " + v.ref() + " is missing from the store");
        } catch (IOException e) {
            throw new StorageException("cannot read the artifact of " + v.ref(), e);
        }
        boolean digestValid = actual.sha256().equals(v.sha256()) && actual.sizeBytes() == v.sizeBytes();
        counts.verified(digestValid && signature.acceptable());
        String message = digestValid
                ? v.ref() + " matches sha256 " + v.sha256() + "; " + checks.describe(v, signature)
                : "artifact of " + v.ref() + " does not match: expected sha256 " + v.sha256()
                        + " (" + v.sizeBytes() + " bytes), found " + actual.sha256() + " ("
                        + actual.sizeBytes() + " bytes)";
        return new ArtifactVerification(v, actual.sha256(), digestValid, signature, message);
    }

    @Override
    public byte[] readArtifact(String ref) {
        return readVerified(get(ref));
    }

    private byte[] readVerified(ModelVersion v) {
        requireVerifier(store.signaturesRequired(), "read " + v.ref());
        requireSignature(v);
        if (v.sizeBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("artifact of " + v.ref() + " has " + v.sizeBytes()
                    + " bytes, too many to hold in memory; use downloadArtifact");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) v.sizeBytes());
        copyVerified(v, bytes);
        return bytes.toByteArray();
    }

    @Override
    public void downloadArtifact(String ref, Path target) {
        ModelVersion v = get(ref);
        requireVerifier(store.signaturesRequired(), "download " + v.ref());
        requireSignature(v);
        Path absolute = target.toAbsolutePath();
        if (!Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("cannot write " + target + ": directory "
                    + absolute.getParent() + " does not exist");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
            try (OutputStream out = Files.newOutputStream(temp)) {
                copyVerified(v, out);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw new StorageException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.debug("Cannot remove {}", temp, e);
                }
            }
        }
    }

    /** Refuses a version whose signature is not acceptable, counting the failed verification. */
    private void requireSignature(ModelVersion v) {
        try {
            checks.requireSignature(v);
        } catch (IntegrityException e) {
            counts.verified(false);
            throw e;
        }
    }

    /**
     * Copies a version's artifact to {@code out}, then throws if the bytes did not verify; counts the
     * verification (its signature was checked before).
     */
    private void copyVerified(ModelVersion v, OutputStream out) {
        StoredArtifact actual;
        try (InputStream in = store.openArtifact(v.sha256())) {
            actual = ArtifactChecks.digest(in, out);
        } catch (ModelNotFoundException e) {
            counts.verified(false);
            throw new IntegrityException("artifact of " + v.ref() + " is missing from the store", e);
        } catch (IOException e) {
            throw new StorageException("cannot read the artifact of " + v.ref(), e);
        }
        try {
            ArtifactChecks.requireDigest(v, actual);
        } catch (IntegrityException e) {
            counts.verified(false);
            throw e;
        }
        counts.verified(true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M> M load(String ref, ModelFormat<M> format) {
        Resolved hit = resolved.getIfPresent(ref);
        if (hit != null && hit.generation == tracker.generation()
                && (hit.format == format || hit.format.equals(format))) {
            counts.cacheHits.increment();
            return (M) hit.model;
        }
        counts.cacheMisses.increment();
        return loadSlow(ref, format);
    }

    @SuppressWarnings("unchecked")
    private <M> M loadSlow(String ref, ModelFormat<M> format) {
        ensureOpen();
        startTracking();
        long generation = tracker.generation();
        ModelVersion v = get(ref);
        if (!v.format().isEmpty() && !format.reads(v.format())) {
            throw new IllegalArgumentException(v.ref() + " is a '" + v.format()
                    + "' artifact, not '" + format.name() + "'");
        }
        LoadKey loadKey = new LoadKey(v.name(), v.version(), format);
        M model = (M) models.get(loadKey, key -> {
            counts.loads.increment();
            try {
                return read(v, format);
            } catch (RuntimeException | Error e) {
                counts.loadFailures.increment();
                throw e;
            }
        });
        Resolved entry = new Resolved(generation, format, model);
        resolved.put(ref, entry);
        if (models.getIfPresent(loadKey) != model) {
            resolved.asMap().remove(ref, entry);  // evicted (and closed) meanwhile: no later lookup may serve it
        }
        return model;
    }

    /** Deserializes a version's verified artifact. */
    private <M> M read(ModelVersion v, ModelFormat<M> format) {
        byte[] bytes = readVerified(v);
        try {
            return format.read(v.format(), bytes);
        } catch (IllegalArgumentException e) {
            // the format's way of saying the bytes are not its model; other failures (a
            // missing optional dependency, say) keep their own type
            throw new IntegrityException("artifact of " + v.ref() + " is not a valid '"
                    + format.name() + "' model: " + e.getMessage(), e);
        }
    }

    /**
     * Forgets a model the cache dropped and closes it if it holds resources (an ONNX Runtime session,
     * say): a reference that resolved to it loads it again.
     */
    private void release(Object model) {
        resolved.asMap().values().removeIf(r -> r.model == model);
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Cannot close an evicted model {}: {}", model, e.toString());
                log.debug("Close failure", e);
            }
        }
    }

    private record Resolved(long generation, ModelFormat<?> format, Object model) {
    }

    private record LoadKey(String name, int version, ModelFormat<?> format) {
    }

    // ---------------------------------------------------------------- observability

    @Override
    public RegistryStats stats() {
        Map<Stage, Long> promotions = new EnumMap<>(Stage.class);
        counts.promotions.forEach((stage, count) -> promotions.put(stage, count.sum()));
        return new RegistryStats(counts.cacheHits.sum(), counts.cacheMisses.sum(), counts.loads.sum(),
                counts.loadFailures.sum(), counts.verifications.sum(), counts.verificationFailures.sum(),
                counts.registrations.sum(), promotions, counts.rollbacks.sum());
    }

    /** The store this registry works over (optional capabilities such as leases are found on it). */
    public ModelStore store() {
        return store;
    }

    @Override
    public ModelRegistry withActor(String actor) {
        ensureOpen();
        return new DefaultModelRegistry(this, RegistryConfig.requireValidActor(actor));
    }

    // ---------------------------------------------------------------- listeners and refresh

    @Override
    public void addListener(RegistryListener listener) {
        ensureOpen();
        tracker.addListener(Objects.requireNonNull(listener, "listener"));
        startTracking();
    }

    @Override
    public void removeListener(RegistryListener listener) {
        tracker.removeListener(listener);
    }

    private void startTracking() {
        if (root != this) {
            root.startTracking();  // the owner schedules the refresh, and cancels it on close
            return;
        }
        if (tracker.started()) {
            return;
        }
        synchronized (tracker) {
            if (tracker.started()) {
                return;
            }
            tracker.start();
            long millis = config.refreshInterval().toMillis();
            if (millis > 0) {
                ScheduledExecutorService scheduler = config.scheduler().orElse(ownScheduler);
                refresh = scheduler.scheduleWithFixedDelay(this::poll, millis, millis,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private void poll() {
        try {
            tracker.poll();
        } catch (RuntimeException e) {
            log.warn("Cannot check {} for changes: {}", store.uri(), e.toString());
            log.debug("Refresh failure", e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Runs a store transaction that ends by anchoring the newest audit entry it appended, then lets
     * the tracker see the change.
     */
    private <T> T write(String name, Function<Tx, T> work) {
        ensureOpen();
        requireSigning(name);
        T result = store.write(name, data -> {
            Tx tx = new Tx(data);
            T done = work.apply(tx);
            if (tx.head != tx.begin) {
                data.setAnchor(checks.anchor(tx.head));
            }
            return done;
        });
        tracker.changed(name);
        return result;
    }

    /**
     * A store transaction plus the head of the model's audit chain, which advances with every entry
     * appended (store reads need not see the transaction's own writes).
     */
    private final class Tx {
        final StoreTransaction data;
        private final AuditEvent begin;
        private AuditEvent head;

        Tx(StoreTransaction data) {
            this.data = data;
            this.begin = data.lastAudit().orElse(null);
            this.head = begin;
        }

        /** Throws {@link StaleDecision} unless the log's newest entry is {@code seq} (-1: any). */
        void requireHead(long seq) {
            if (seq >= 0 && (begin == null ? 0 : begin.seq()) != seq) {
                throw new StaleDecision();
            }
        }

        ModelVersion existing(int version) {
            return data.version(version).orElseThrow(() -> new ModelNotFoundException(
                    data.latestVersion() == 0 ? "model '" + data.name() + "' does not exist"
                            : "version " + data.name() + ":" + version + " does not exist"));
        }

        /** Appends an entry for a change that leaves every version as it was. */
        void audit(Instant time, AuditAction action, int version, String from, String to,
                String reason, String detail) {
            append(AuditEvent.next(head, data.name(), time, config.actor(), action, version, from,
                    to, reason, detail));
        }

        /** Appends an entry for a change of a version, recording the state it leaves it in. */
        void audit(Instant time, AuditAction action, int version, String from, String to,
                String reason, String detail, ModelVersion after) {
            append(AuditEvent.next(head, data.name(), time, config.actor(), action, version, from,
                    to, reason, detail, after.stateDigest()));
        }

        private void append(AuditEvent event) {
            head = event;
            data.appendAudit(event);
        }
    }

    /** How often a policy decision is taken again when the log changed before it committed. */
    private static final int MAX_DECISIONS = 5;

    /** The log changed between a policy decision and its commit: decide again. */
    private static final class StaleDecision extends RuntimeException {
        StaleDecision() {
            super(null, null, false, false);
        }
    }

    private Instant now() {
        return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void ensureOpen() {
        if (root.closed) {
            throw new IllegalStateException("the registry is closed");
        }
    }

    @Override
    public void close() {
        if (root != this || closed) {
            return;  // a view owns nothing
        }
        closed = true;
        ScheduledFuture<?> r = refresh;
        if (r != null) {
            r.cancel(false);
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        resolved.invalidateAll();
        models.invalidateAll();
        store.close();
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + store.uri() + ", actor " + config.actor() + "]";
    }
}
