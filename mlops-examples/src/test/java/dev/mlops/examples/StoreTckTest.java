package dev.mlops.examples;

import dev.mlops.core.ModelStores;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Stage;
import dev.mlops.tck.InMemoryModelStore;
import dev.mlops.tck.ModelStoreTck;
import dev.mlops.tck.StoreCapability;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A store backend proves itself with the compatibility kit: say how to open a fresh store and how to
 * damage one behind the registry's back (as a bad disk or an attacker would), and the kit runs the
 * registry's whole contract over it. Here the in-memory reference store of mlops-tck ({@code mem:})
 * stands in for yours.
 */
class StoreTckTest extends ModelStoreTck {

    @Override
    protected String newStoreUri() {
        return "mem:" + UUID.randomUUID();   // yours: a fresh directory, schema or bucket on every call
    }

    @Override
    protected Set<StoreCapability> capabilities() {
        // it lives in this JVM and forgets everything when closed: those tests are reported as skipped, not failed
        return EnumSet.complementOf(EnumSet.of(StoreCapability.PERSISTENCE, StoreCapability.SHARED_BETWEEN_PROCESSES));
    }

    @Override
    protected void corruptArtifact(String uri, String sha256) {
        try (InMemoryModelStore store = (InMemoryModelStore) ModelStores.open(uri, Map.of())) {
            byte[] stored = store.storedArtifact(sha256);   // yours: flip a byte of the stored file or row
            stored[stored.length / 2] ^= 0x01;
        }
    }

    @Override
    protected void editAuditReason(String uri, String model, long seq, String reason) {
        try (InMemoryModelStore store = (InMemoryModelStore) ModelStores.open(uri, Map.of())) {
            // yours: an UPDATE of the stored entry, or an edit of the file that holds it
            store.rewriteAudit(model, seq, e -> new AuditEvent(e.name(), e.seq(), e.time(), e.actor(), e.action(),
                    e.version(), e.from(), e.to(), reason, e.detail(), e.previousHash(), e.hash(), e.state()));
        }
    }

    @Override
    protected void removeNewestAuditEntry(String uri, String model) {
        try (InMemoryModelStore store = (InMemoryModelStore) ModelStores.open(uri, Map.of())) {
            store.removeAudit(model, true);   // yours: delete the newest stored entry (row, file)
        }
    }

    @Override
    protected void removeFirstAuditEntry(String uri, String model) {
        try (InMemoryModelStore store = (InMemoryModelStore) ModelStores.open(uri, Map.of())) {
            store.removeAudit(model, false);  // yours: delete the first stored entry
        }
    }

    @Override
    protected void editServedStage(String uri, String model, int version, Stage stage) {
        try (InMemoryModelStore store = (InMemoryModelStore) ModelStores.open(uri, Map.of())) {
            // yours: change the stage the store serves, leaving the audit log alone
            store.rewriteVersion(model, version, v -> v.withStage(stage));
        }
    }

    @Override
    protected void editServedMetric(String uri, String model, int version, String metric, double value) {
        try (InMemoryModelStore store = (InMemoryModelStore) ModelStores.open(uri, Map.of())) {
            store.rewriteVersion(model, version, v -> {
                Map<String, Double> metrics = new HashMap<>(v.metrics());
                metrics.put(metric, value);    // yours: edit the stored metric in place
                return v.withMetadata(v.description(), metrics, v.tags());
            });
        }
    }
}
