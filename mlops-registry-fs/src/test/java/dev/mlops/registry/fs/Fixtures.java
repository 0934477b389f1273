package dev.mlops.registry.fs;

import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Values and transactions shared by the tests; they use the SPI as the registry core would. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String SHA = "ab".repeat(32);

    private Fixtures() {
    }

    /** A DRAFT version with an artifact digest and no metadata. */
    static ModelVersion version(String name, int version, String sha256, long size, Instant createdAt) {
        return new ModelVersion(name, version, Stage.DRAFT, sha256, size, "bytes",
                ArtifactSignature.NONE, createdAt, "tester", "", Map.of(), Map.of(), Map.of(),
                Lineage.NONE, List.of());
    }

    static ModelVersion version(String name, int version, Instant createdAt) {
        return version(name, version, SHA, 1, createdAt);
    }

    /**
     * Registers the next version of the transaction's model with its audit entry, as the core
     * does: number {@code latest + 1}, REGISTER entry chained to the last one.
     *
     * @return the new version number
     */
    static int register(StoreTransaction tx, StoredArtifact artifact, Instant time, String actor) {
        int next = tx.latestVersion() + 1;
        tx.insertVersion(version(tx.name(), next, artifact.sha256(), artifact.sizeBytes(), time), "");
        tx.appendAudit(audit(tx, time, actor, AuditAction.REGISTER, next, "", "draft",
                artifact.sha256()));
        return next;
    }

    /** The audit entry that follows the transaction's last one. */
    static AuditEvent audit(StoreTransaction tx, Instant time, String actor, AuditAction action,
            int version, String from, String to, String detail) {
        return AuditEvent.next(tx.lastAudit().orElse(null), tx.name(), time, actor, action, version,
                from, to, "", detail);
    }
}
