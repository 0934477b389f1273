package dev.mlops.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Versioned models with lifecycle stages, aliases, metadata, integrity checks and an audit trail,
 * over a pluggable store. Thread-safe; several processes may share one store.
 *
 * <p>Every mutation is atomic: it is written completely, with its audit entry, or not at all.
 * Mutations are recorded with the registry's actor.
 *
 * <p>References ({@code String ref}) follow {@link ModelRef#parse}: {@code churn},
 * {@code churn:7}, {@code churn@champion}, {@code churn@production}. Malformed names and references
 * raise {@link IllegalArgumentException}; missing ones {@link ModelNotFoundException}; storage
 * failures {@link StorageException}.
 */
public interface ModelRegistry extends AutoCloseable {

    /**
     * Registers a new version in stage DRAFT. The artifact is streamed to storage and hashed; the
     * version number is the model's next, allocated atomically across threads and processes.
     *
     * @return the new version, or the one an earlier request with the same idempotency key created
     * @throws ConflictException when the idempotency key was used for a different artifact
     */
    ModelVersion register(RegisterRequest request);

    /**
     * The version a reference points to.
     *
     * @throws ModelNotFoundException when the model, version, alias or stage has none
     */
    ModelVersion get(String ref);

    /** The version a reference points to, if any. */
    Optional<ModelVersion> find(String ref);

    /** All models, sorted by name. */
    List<ModelSummary> models();

    /**
     * All versions of a model, oldest first.
     *
     * @throws ModelNotFoundException when the model does not exist
     */
    List<ModelVersion> versions(String name);

    /** One page of the versions that match a query. */
    Page<ModelVersion> search(VersionQuery query);

    /**
     * Moves a version to another stage, following {@link Stage#canMoveTo}. Promoting to PRODUCTION
     * archives the current production version in the same atomic step. Gates run first.
     *
     * @param reason why, recorded in the audit log (may be empty)
     * @return the version in its new stage
     * @throws ConflictException when the lifecycle does not allow the transition
     * @throws PromotionRefusedException when a gate or the model's {@link PromotionPolicy} refuses;
     *     the refusal is recorded in the audit log ({@code PROMOTION_REFUSED}) and nothing else changed
     */
    ModelVersion promote(String name, int version, Stage target, String reason);

    /**
     * Restores the previous production version: the current one (if any) is archived and the
     * version that was in production before it returns, in one atomic step. Repeated rollbacks walk
     * further back through the production history.
     *
     * @return the restored version
     * @throws ConflictException when there is no earlier production version
     * @throws PromotionRefusedException when the model's {@link PromotionPolicy} refuses; the refusal
     *     is recorded in the audit log ({@code ROLLBACK_REFUSED}) and nothing else changed
     */
    ModelVersion rollback(String name, String reason);

    /**
     * Points an alias at a version, whatever it pointed to before.
     *
     * @throws IllegalArgumentException when the alias is malformed or reserved
     */
    AliasMove setAlias(String name, String alias, int version);

    /**
     * Points an alias at a version only if it currently points to {@code expectedVersion}
     * (0: only if it is unset). Of concurrent calls with the same expectation, exactly one wins.
     *
     * @throws ConflictException when the alias points elsewhere; nothing was written
     */
    AliasMove compareAndSetAlias(String name, String alias, int expectedVersion, int newVersion);

    /**
     * Removes an alias.
     *
     * @throws ModelNotFoundException when the alias is not set
     */
    AliasMove removeAlias(String name, String alias);

    /** Every move of an alias, oldest first. */
    List<AliasMove> aliasHistory(String name, String alias);

    /** Changes the metrics, tags or description of a version. */
    ModelVersion updateMetadata(String name, int version, MetadataUpdate update);

    /** Stores a document with a version, as evidence for gates and auditors. */
    Evidence attachEvidence(String name, int version, String kind, String document);

    /** The documents attached to a version, oldest first. */
    List<Evidence> evidence(String name, int version);

    /**
     * Stores the promotion policy of a model (recorded in its audit log as {@code POLICY}); every
     * registry on the store enforces it from then on, whatever gates it was built with. The model
     * need not have versions yet. {@link PromotionPolicy#NONE} lifts every requirement.
     *
     * @param reason why, recorded in the audit log (may be empty)
     * @return the policy as stored
     */
    PromotionPolicy setPolicy(String name, PromotionPolicy policy, String reason);

    /** The promotion policy of a model; {@link PromotionPolicy#NONE} when none was set. */
    PromotionPolicy policy(String name);

    /**
     * Records this registry's actor's approval of a version for PRODUCTION ({@code APPROVE} in the
     * audit log). It replaces the actor's earlier decision on the version; the approval of the
     * actor who registered the version is recorded but does not count (see {@link PromotionPolicy.Rule}).
     *
     * @return the audit entry
     * @throws ModelNotFoundException when the version does not exist
     */
    AuditEvent approve(String name, int version, String reason);

    /**
     * Records this registry's actor's rejection of a version for PRODUCTION ({@code REJECT} in the
     * audit log): while it stands, a policy that asks for approvals refuses the version.
     *
     * @return the audit entry
     * @throws ModelNotFoundException when the version does not exist
     */
    AuditEvent reject(String name, int version, String reason);

    /**
     * Deletes a version: it is no longer listed or found, its number is never given to another
     * version, and the audit log keeps a tombstone ({@code DELETE}) that {@link #verifyAudit()}
     * accepts. Its artifact bytes are removed when no other version uses them and they were stored
     * longer ago than the registry's artifact grace period (else {@link #collectGarbage} removes
     * them later).
     *
     * @param reason why, recorded in the tombstone; must not be blank
     * @throws ConflictException when the version is in PRODUCTION or an alias points to it; nothing
     *     changed
     * @throws dev.mlops.MlopsConfigurationException when the store cannot delete versions
     */
    void delete(String name, int version, String reason);

    /**
     * Deletes the ARCHIVED versions of a model that {@code retention} does not keep, each as
     * {@link #delete} would (versions with aliases are kept).
     *
     * @return the versions deleted, oldest first
     */
    List<ModelVersion> applyRetention(String name, Retention retention, String reason);

    /**
     * Removes the artifact bytes no version of any model references, except bytes stored within
     * {@code grace}, which a registration in another process may have put and not yet committed.
     * Safe while other processes register, as long as a registration commits within {@code grace}
     * of putting its bytes.
     *
     * @throws dev.mlops.MlopsConfigurationException when the store cannot remove artifacts
     */
    GarbageCollection collectGarbage(Duration grace);

    /** Appends a production performance record to a version. */
    void recordPerformance(String name, int version, PerformanceRecord record);

    /** The performance records of a version, oldest first. */
    List<PerformanceRecord> performance(String name, int version);

    /**
     * Stores the record of a job working on a model (a training job, say), replacing an earlier
     * record with the same id. The model need not have versions yet.
     *
     * @return the record as stored
     */
    JobRecord recordJob(JobRecord job);

    /**
     * The job records of a model, in the order the jobs were first recorded. A job still RUNNING
     * under a lease its process no longer holds (see {@link JobRecord}) is recorded FAILED first, so
     * that no reader sees a dead process's job running.
     */
    List<JobRecord> jobs(String name);

    /**
     * The audit log of a model, oldest first.
     *
     * @throws ModelNotFoundException when the model does not exist
     */
    List<AuditEvent> history(String name);

    /**
     * Checks every model's audit log: the hash chain; the log against its anchored head (so that
     * removed newest entries, and with a signer a rewritten log, are found); and what the store
     * serves (each version's stage, metadata, artifact digest, and the aliases) against what the
     * log recorded. Never throws for damage it finds: the result lists it.
     */
    AuditVerification verifyAudit();

    /**
     * Makes the store require signatures, for good: from then on every registry opened on it
     * refuses to register or load an artifact unless it has a signer, whatever its own
     * configuration. A service deployed without its key then fails loudly instead of serving
     * unverified models. Idempotent.
     *
     * @throws dev.mlops.MlopsConfigurationException when this registry has no signer that can sign
     */
    void requireSignatures();

    /** Whether the store requires signatures ({@link #requireSignatures()}). */
    boolean signaturesRequired();

    /**
     * Checks a version's stored artifact against its digest, size and signature. Never throws for
     * tampered bytes: the result says what is wrong.
     */
    ArtifactVerification verify(String ref);

    /**
     * The artifact bytes of a version, verified before they are returned.
     *
     * @throws IntegrityException when the bytes do not match the digest or the signature
     */
    byte[] readArtifact(String ref);

    /**
     * Writes the verified artifact of a version to a file. The file appears only when the bytes
     * verified; an existing file is replaced atomically.
     *
     * @throws IntegrityException when the bytes do not match; {@code target} is left untouched
     */
    void downloadArtifact(String ref, Path target);

    /**
     * The deserialized model a reference points to, through a cache. The artifact is verified before
     * it is read. When the reference's target changes (a promotion, an alias move, also by another
     * process), the next call returns the new version's model; changes by other processes are seen
     * within the registry's refresh interval.
     *
     * @throws IntegrityException when the artifact does not verify or is not of this format
     */
    <M> M load(String ref, ModelFormat<M> format);

    /** What this registry did in this process since it was opened (cache, loads, verifications, changes). */
    RegistryStats stats();

    /**
     * A view of this registry that records its mutations as {@code actor} in the audit log (a
     * signed-in user of a service, say). It shares the store, the cache, the listeners and the
     * counts of this registry; closing it does nothing, and it stops working when this registry is
     * closed.
     *
     * @throws IllegalArgumentException when the actor is blank, longer than 200 characters or holds
     *     control characters
     */
    ModelRegistry withActor(String actor);

    /** Adds a listener for registry events. */
    void addListener(RegistryListener listener);

    /** Removes a listener added before; does nothing for an unknown one. */
    void removeListener(RegistryListener listener);

    /** Closes the store and stops background refresh. */
    @Override
    void close();
}
