package dev.mlops.spi;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Storage behind a registry. A store keeps records and bytes and makes groups of writes atomic; all
 * registry semantics (version numbering, the stage table, aliases, the audit chain) live in the
 * core, above this interface, so that every store behaves the same. The {@code mlops-tck} module
 * holds the suites a store must pass.
 *
 * <p>Implementations are thread-safe, and several processes may open one store at the same time.
 * Model names reaching a store have passed {@link dev.mlops.registry.ModelNames#requireValid};
 * stores check them again before using them in paths or keys. Failures of the backend are raised as
 * {@link dev.mlops.registry.StorageException} with the cause attached, and leave the store as it
 * was before the failed call.
 */
public interface ModelStore extends AutoCloseable {

    /** The URI the store was opened with (without credentials). */
    String uri();

    /**
     * Stores bytes under their SHA-256, streaming them (the content need not fit in memory). When
     * the bytes are already present, the stored copy must end up intact: a copy damaged since it was
     * stored is replaced. The bytes are durable when this returns.
     *
     * @return the digest and size of what was read
     */
    StoredArtifact putArtifact(InputStream content);

    /**
     * Opens the bytes stored under a digest. The store does not verify them; the caller does.
     *
     * @throws dev.mlops.registry.ModelNotFoundException when no bytes are stored under it
     */
    InputStream openArtifact(String sha256);

    /**
     * Runs {@code work} with exclusive write access to one model, across threads and processes,
     * and commits its writes atomically when it returns normally. When it throws, nothing it wrote
     * is kept and the exception propagates unchanged. A store may run {@code work} again after a
     * transient conflict, so it must have no effects other than through the transaction.
     *
     * @return what {@code work} returned
     */
    <T> T write(String name, Function<StoreTransaction, T> work);

    /** One version, with its current aliases. */
    Optional<ModelVersion> version(String name, int version);

    /** All versions of a model with their aliases, oldest first; empty when the model is unknown. */
    List<ModelVersion> versions(String name);

    /**
     * The version of a model with the highest number. The default reads all versions; stores that
     * hold many versions per model override it.
     */
    default Optional<ModelVersion> latestVersion(String name) {
        List<ModelVersion> all = versions(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The versions of a model in one stage, oldest first. */
    List<ModelVersion> versionsInStage(String name, Stage stage);

    /** The aliases of a model and the versions they point to. */
    Map<String, Integer> aliases(String name);

    /** Every model with at least one version, sorted by name. */
    List<ModelSummary> models();

    /**
     * One page of matching versions, in the order {@link VersionQuery} defines, starting after the
     * query's page token.
     */
    Page<ModelVersion> search(VersionQuery query);

    /** Evidence attached to a version, oldest first. */
    List<Evidence> evidence(String name, int version);

    /** Performance records of a version, oldest first. */
    List<PerformanceRecord> performance(String name, int version);

    /** Job records of a model, in the order the jobs were first stored. */
    List<JobRecord> jobs(String name);

    /**
     * Audit entries of a model with a sequence number above {@code afterSeq}, oldest first, at most
     * {@code limit} of them.
     */
    List<AuditEvent> audit(String name, long afterSeq, int limit);

    /**
     * The audit entries of a model with a sequence number above {@code afterSeq} and one of
     * {@code actions}, oldest first: what the registry reads to decide a promotion, which needs
     * the policy and approval entries of a log mostly made of registrations. The default filters
     * the whole log; stores that hold long logs override it to skip the entries of other actions.
     */
    default List<AuditEvent> audit(String name, long afterSeq, Set<AuditAction> actions) {
        return audit(name, afterSeq, Integer.MAX_VALUE).stream().filter(e -> actions.contains(e.action())).toList();
    }

    /**
     * The sequence number of a model's newest audit entry, or 0. The default reads
     * {@link #auditHeads()}; stores with many models override it.
     */
    default long auditHead(String name) {
        return auditHeads().getOrDefault(name, 0L);
    }

    /**
     * The sequence number of the newest audit entry of every model. The registry polls this to see
     * changes made by other processes, so it should be cheap.
     */
    Map<String, Long> auditHeads();

    /**
     * The anchored head of every model's audit log that has one ({@link StoreTransaction#setAnchor}),
     * read from where the store keeps anchors, not from the logs: a model whose log is gone or cut
     * short still has its anchor here. Logs written before anchors were kept have none.
     */
    Map<String, AuditAnchor> anchors();

    /** Whether the store requires signed artifacts ({@link #requireSignatures()}). */
    boolean signaturesRequired();

    /**
     * Records, durably, that the store requires signed artifacts: every registry on it refuses to
     * register or load artifacts without a signer. Idempotent; nothing in the SPI undoes it.
     */
    void requireSignatures();

    /** Releases the store's resources. Idempotent. */
    @Override
    void close();
}
