package dev.mlops.tck;

import dev.mlops.registry.Stage;
import dev.mlops.spi.ModelStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility kit every {@link ModelStore} must pass. A backend's test extends this class
 * and says how to open a fresh store and how to damage one behind the registry's back; the kit then
 * checks the whole registry contract over it, one nested group per concern: version allocation
 * under concurrency and idempotency, artifact round trips, integrity and signatures, the stage
 * table, single production and rollback, alias compare-and-set, the audit chain, tamper evidence
 * of what is served, input limits, metadata, jobs, search, persistence, the store's transactions,
 * events and caching, counts and actor views. Each group's tests live in an interface of their own
 * ({@code VersionTests}, {@code StageTests}, ...) and reach the running test's store through a
 * {@link StoreFixture}. {@link InMemoryModelStore} is the reference run.
 */
public abstract class ModelStoreTck {

    /**
     * A directory of the running test's own, deleted after it; a backend may keep its stores here.
     */
    @TempDir
    protected Path temp;

    private StoreFixture fixture;

    /**
     * A URI of a new, empty store; a different one on every call.
     *
     * @throws Exception when the store cannot be prepared, failing the test
     */
    protected abstract String newStoreUri() throws Exception;

    /** Options passed when opening this backend's stores; none unless overridden. */
    protected Map<String, String> storeOptions() {
        return Map.of();
    }

    /**
     * Flips one byte of the stored artifact with this digest, as a bad disk or an attacker would.
     *
     * @throws Exception when the artifact cannot be reached, failing the test
     */
    protected abstract void corruptArtifact(String storeUri, String sha256) throws Exception;

    /**
     * Changes the reason of one stored audit entry in place, bypassing the registry.
     *
     * @throws Exception when the entry cannot be reached, failing the test
     */
    protected abstract void editAuditReason(String storeUri, String model, long seq, String reason)
            throws Exception;

    /**
     * Removes a model's newest audit entry, leaving everything else (the anchored head included)
     * as it is, as someone covering a change would: a filesystem store loses its newest log file.
     *
     * @throws Exception when the log cannot be reached, failing the test
     */
    protected abstract void removeNewestAuditEntry(String storeUri, String model) throws Exception;

    /**
     * Removes a model's first audit entry (a filesystem store loses its first log file).
     *
     * @throws Exception when the log cannot be reached, failing the test
     */
    protected abstract void removeFirstAuditEntry(String storeUri, String model) throws Exception;

    /**
     * Changes the stage one version is served in, bypassing the registry and its audit log.
     *
     * @throws Exception when the version cannot be reached, failing the test
     */
    protected abstract void editServedStage(String storeUri, String model, int version, Stage stage)
            throws Exception;

    /**
     * Changes (or adds) one metric of a version as it is served, bypassing the registry and its
     * audit log.
     *
     * @throws Exception when the version cannot be reached, failing the test
     */
    protected abstract void editServedMetric(String storeUri, String model, int version,
            String metric, double value) throws Exception;

    /**
     * The optional features this backend's stores have; all of them unless overridden. The tests of
     * a feature left out are reported as skipped.
     */
    protected Set<StoreCapability> capabilities() {
        return EnumSet.allOf(StoreCapability.class);
    }

    @BeforeEach
    void openFreshStore() throws Exception {
        fixture = new StoreFixture(this, newStoreUri(), temp);
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A group run on this backend: hands the group the running test's fixture. */
    abstract class Group implements TckGroup {

        @Override
        public StoreFixture fixture() {
            return fixture;
        }
    }

    @Nested
    @DisplayName("version allocation")
    class Versions extends Group implements VersionTests {
    }

    @Nested
    @DisplayName("artifacts")
    class Artifacts extends Group implements ArtifactTests {
    }

    @Nested
    @DisplayName("integrity")
    class Integrity extends Group implements IntegrityTests {
    }

    @Nested
    @DisplayName("stages")
    class Stages extends Group implements StageTests {
    }

    @Nested
    @DisplayName("aliases")
    class Aliases extends Group implements AliasTests {
    }

    @Nested
    @DisplayName("audit")
    class Audit extends Group implements AuditTests {
    }

    @Nested
    @DisplayName("tamper evidence of what is served")
    class Tampering extends Group implements TamperTests {
    }

    @Nested
    @DisplayName("input limits")
    class InputLimits extends Group implements LimitTests {
    }

    @Nested
    @DisplayName("stores that require signatures")
    class RequiredSignatures extends Group implements SignatureRequirementTests {
    }

    @Nested
    @DisplayName("governance")
    class Governance extends Group implements GovernanceTests {
    }

    @Nested
    @DisplayName("deletion, retention and garbage collection")
    class Deletion extends Group implements DeletionTests {
    }

    @Nested
    @DisplayName("metadata")
    class Metadata extends Group implements MetadataTests {
    }

    @Nested
    @DisplayName("job records")
    class Jobs extends Group implements JobTests {
    }

    @Nested
    @DisplayName("leases")
    class Leases extends Group implements LeaseTests {
    }

    @Nested
    @DisplayName("search")
    class Search extends Group implements SearchTests {
    }

    @Nested
    @DisplayName("persistence")
    class Persistence extends Group implements PersistenceTests {
    }

    @Nested
    @DisplayName("the store's transactions")
    class StoreTransactions extends Group implements StoreTransactionTests {
    }

    @Nested
    @DisplayName("events and caching across instances")
    class Events extends Group implements EventTests {
    }

    @Nested
    @DisplayName("experiments and telemetry shared by a fleet")
    class Fleet extends Group implements FleetTests {
    }

    @Nested
    @DisplayName("counts and actor views")
    class Observability extends Group implements ObservabilityTests {
    }
}
