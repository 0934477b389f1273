package dev.mlops.tck;

import dev.mlops.core.ModelStores;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Stage;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;

/** The in-memory reference store against the compatibility kit. */
@DisplayName("in-memory reference store passes the TCK")
class InMemoryModelStoreTckTest extends ModelStoreTck {

    @Override
    protected String newStoreUri() {
        return "mem:tck-" + UUID.randomUUID();
    }

    /** It keeps its contents only while an instance is open. */
    @Override
    protected Set<StoreCapability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(StoreCapability.PERSISTENCE, StoreCapability.SHARED_BETWEEN_PROCESSES));
    }

    @Override
    protected void corruptArtifact(String storeUri, String sha256) {
        try (InMemoryModelStore store = open(storeUri)) {
            byte[] bytes = store.storedArtifact(sha256);
            bytes[bytes.length / 2] ^= 0x01;
        }
    }

    @Override
    protected void editAuditReason(String storeUri, String model, long seq, String reason) {
        try (InMemoryModelStore store = open(storeUri)) {
            store.rewriteAudit(model, seq, e -> new AuditEvent(e.name(), e.seq(), e.time(), e.actor(),
                    e.action(), e.version(), e.from(), e.to(), reason, e.detail(), e.previousHash(), e.hash(),
                    e.state()));
        }
    }

    @Override
    protected void removeNewestAuditEntry(String storeUri, String model) {
        try (InMemoryModelStore store = open(storeUri)) {
            store.removeAudit(model, true);
        }
    }

    @Override
    protected void removeFirstAuditEntry(String storeUri, String model) {
        try (InMemoryModelStore store = open(storeUri)) {
            store.removeAudit(model, false);
        }
    }

    @Override
    protected void editServedStage(String storeUri, String model, int version, Stage stage) {
        try (InMemoryModelStore store = open(storeUri)) {
            store.rewriteVersion(model, version, v -> v.withStage(stage));
        }
    }

    @Override
    protected void editServedMetric(String storeUri, String model, int version, String metric,
            double value) {
        try (InMemoryModelStore store = open(storeUri)) {
            store.rewriteVersion(model, version, v -> {
                Map<String, Double> metrics = new HashMap<>(v.metrics());
                metrics.put(metric, value);
                return v.withMetadata(v.description(), metrics, v.tags());
            });
        }
    }

    /** Another instance of the test's store, which is open and so still there. */
    private static InMemoryModelStore open(String storeUri) {
        return (InMemoryModelStore) ModelStores.open(storeUri, Map.of());
    }
}
