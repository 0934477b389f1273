package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The store's own transactions, through the SPI below the registry: commits are visible to other
 * instances, and a transaction that throws keeps nothing.
 */
interface StoreTransactionTests extends TckGroup {

    @Test
    @DisplayName("a store opened twice through the SPI sees the other's commits")
    default void spiVisibility() {
        try (ModelStore a = fixture().openStore();
                ModelStore b = fixture().openStore()) {
            byte[] bytes = TckModels.bytes(10, 1);
            var artifact = a.putArtifact(new ByteArrayInputStream(bytes));
            a.write("spi", tx -> {
                tx.insertVersion(version("spi", 1, artifact.sha256(), artifact.sizeBytes()), "");
                tx.appendAudit(AuditEvent.next(null, "spi", START, "tck", AuditAction.REGISTER, 1, "",
                        "DRAFT", "", "sha256=" + artifact.sha256()));
                return null;
            });
            assertThat(b.version("spi", 1)).isPresent();
            assertThat(b.auditHeads()).containsEntry("spi", 1L);
        }
    }

    @Test
    @DisplayName("a transaction that throws leaves nothing behind")
    default void atomicTransactions() {
        try (ModelStore store = fixture().openStore()) {
            assertThatThrownBy(() -> store.write("atomic", tx -> {
                tx.insertVersion(version("atomic", 1, "ab".repeat(32), 0), "key");
                tx.setAlias("x", 1);
                tx.appendAudit(AuditEvent.next(null, "atomic", START, "tck", AuditAction.REGISTER,
                        1, "", "DRAFT", "", ""));
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(store.versions("atomic")).isEmpty();
            assertThat(store.aliases("atomic")).isEmpty();
            assertThat(store.audit("atomic", 0, 10)).isEmpty();
            assertThat(store.models()).isEmpty();
            assertThat(store.write("atomic", StoreTransaction::latestVersion)).isZero();
        }
    }

    private static ModelVersion version(String name, int v, String sha, long size) {
        return new ModelVersion(name, v, Stage.DRAFT, sha, size, "", ArtifactSignature.NONE,
                START, "tck", "", Map.of(), Map.of(), Map.of(), Lineage.NONE, List.of());
    }
}
