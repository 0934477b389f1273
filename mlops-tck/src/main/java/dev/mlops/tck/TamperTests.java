package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.HmacSha256Signer;
import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.JobRecord;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.spi.AuditAnchor;
import dev.mlops.spi.ModelStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tamper evidence of what the registry serves: the anchored head of every log, and each version's
 * stage, metadata and aliases checked against what the log recorded.
 */
interface TamperTests extends TckGroup {

    String KEY = "tamper-key-tamper-key-tamper-key";

    /** A model with two versions, one in production, an alias and changed metadata. */
    default void history(ModelRegistry r) {
        moveTo(r, register("t"), Stage.PRODUCTION);
        register("t");
        r.setAlias("t", "champion", 1);
        r.updateMetadata("t", 2, MetadataUpdate.metrics(Map.of("auc", 0.75)));
    }

    /** The problems a registry opened now finds. */
    default List<String> problems() {
        return open(b -> { }).verifyAudit().problems();
    }

    @Test
    @DisplayName("the store anchors the head of every log apart from the log, and every change moves it")
    default void anchorsFollowChanges() {
        history(registry());
        registry().recordJob(new JobRecord("job-1", "jobs-only", "training",
                "RUNNING", START, "{}"));
        try (ModelStore store = fixture().openStore()) {
            for (String name : List.of("t", "jobs-only")) {
                List<AuditEvent> log = store.audit(name, 0, Integer.MAX_VALUE);
                AuditEvent last = log.get(log.size() - 1);
                assertThat(store.anchors().get(name)).as(name)
                        .isEqualTo(new AuditAnchor(last.seq(), last.hash(), ArtifactSignature.NONE));
            }
        }
        AuditVerification check = registry().verifyAudit();
        assertThat(check.problems()).isEmpty();
        assertThat(check.models()).isEqualTo(2);
    }

    @Test
    @DisplayName("an entry that changes a version records the state it leaves the version in")
    default void statesRecorded() {
        history(registry());
        List<AuditEvent> log = registry().history("t");
        assertThat(log).filteredOn(e -> e.version() > 0 && e.action() != AuditAction.ALIAS)
                .allSatisfy(e -> assertThat(e.state()).hasSize(64));
        AuditEvent lastOf2 = log.stream().filter(e -> e.version() == 2).reduce((a, b) -> b).orElseThrow();
        assertThat(lastOf2.state()).isEqualTo(registry().get("t:2").stateDigest());
    }

    @Test
    @DisplayName("removing the newest entry of a log is found through its anchored head")
    default void newestEntryRemoved() throws Exception {
        history(registry());
        long last = registry().history("t").size();
        fixture().removeNewestAuditEntry("t");
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("t: the log ends at #")
                .contains("anchored head is #" + last).contains("removed"));
    }

    @Test
    @DisplayName("removing the first entry of a log is found")
    default void firstEntryRemoved() throws Exception {
        history(registry());
        fixture().removeFirstAuditEntry("t");
        assertThat(problems()).isNotEmpty().anySatisfy(p -> assertThat(p).startsWith("t"));
    }

    @Test
    @DisplayName("a stage changed behind the registry's back is found")
    default void stageEdited() throws Exception {
        history(registry());
        fixture().editServedStage("t", 2, Stage.PRODUCTION);
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("t:2: served in stage PRODUCTION")
                .contains("the audit log says DRAFT"));
    }

    @Test
    @DisplayName("a metric changed behind the registry's back is found")
    default void metricEdited() throws Exception {
        history(registry());
        fixture().editServedMetric("t", 2, "auc", 0.99);
        assertThat(problems()).anySatisfy(p -> assertThat(p).contains("t:2: served state")
                .contains("differs"));
    }

    @Test
    @DisplayName("an alias moved without an audit entry is found")
    default void aliasMovedSilently() {
        history(registry());
        try (ModelStore store = fixture().openStore()) {
            store.write("t", tx -> {
                tx.setAlias("champion", 2);
                return null;
            });
        }
        assertThat(problems()).containsExactly(
                "t@champion: points to version 2, but the audit log says version 1");
    }

    @Test
    @DisplayName("with a key, heads are signed; a head with a forged signature, or another key's, is found")
    default void signedHeads() {
        ModelRegistry signing = open(b -> b.signer(HmacSha256Signer.of(KEY)));
        signing.register(RegisterRequest.builder("s", ArtifactSource.of(new byte[] {1})).build());
        signing.promote("s", 1, Stage.TESTING, "ok");
        assertThat(signing.verifyAudit().problems()).isEmpty();
        AuditAnchor anchor;
        try (ModelStore store = fixture().openStore()) {
            anchor = store.anchors().get("s");
            assertThat(anchor.signature().isPresent()).isTrue();
            AuditAnchor forged = new AuditAnchor(anchor.seq(), anchor.hash(), new ArtifactSignature(
                    anchor.signature().algorithm(), anchor.signature().keyId(),
                    Base64.getEncoder().encodeToString(new byte[32])));
            store.write("s", tx -> {
                tx.setAnchor(forged);
                return null;
            });
        }
        assertThat(signing.verifyAudit().problems()).containsExactly(
                "s: the anchored head #2 has an invalid signature: the log or its head was changed"
                        + " behind the registry's back");
        ModelRegistry otherKey = open(b -> b.signer(HmacSha256Signer.of(KEY.replace('t', 'x'))));
        assertThat(otherKey.verifyAudit().problems()).anySatisfy(p -> assertThat(p)
                .contains("is signed with key " + anchor.signature().keyId()));
    }
}
