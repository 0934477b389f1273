package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.spi.ModelStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The audit log: one chained entry per mutation, and tampering that verification names. */
interface AuditTests extends TckGroup {

    @Test
    @DisplayName("every mutation appends one chained entry with actor, action and reason")
    default void entries() {
        register("h");
        registry().promote("h", 1, Stage.TESTING, "smoke tests passed");
        registry().setAlias("h", "candidate", 1);
        registry().updateMetadata("h", 1, MetadataUpdate.metrics(Map.of("f1", 0.8)));
        registry().attachEvidence("h", 1, "report", "{}");
        registry().recordPerformance("h", 1, new PerformanceRecord(START, Map.of("accuracy", 0.9), 100));
        List<AuditEvent> history = registry().history("h");
        assertThat(history).extracting(AuditEvent::action).containsExactly(AuditAction.REGISTER,
                AuditAction.PROMOTE, AuditAction.ALIAS, AuditAction.METADATA, AuditAction.EVIDENCE,
                AuditAction.PERFORMANCE);
        assertThat(history).extracting(AuditEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(history).allSatisfy(e -> assertThat(e.actor()).isEqualTo("tck"));
        AuditEvent promote = history.get(1);
        assertThat(promote.from()).isEqualTo("DRAFT");
        assertThat(promote.to()).isEqualTo("TESTING");
        assertThat(promote.reason()).isEqualTo("smoke tests passed");
        assertThat(history.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS);
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i).previousHash()).isEqualTo(history.get(i - 1).hash());
        }
        var verification = registry().verifyAudit();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.events()).isEqualTo(6);
    }

    @Test
    @DisplayName("the store reads the entries of some actions after a position, and a model's head, as the whole log says")
    default void filteredReads() {
        register("f");
        register("f");
        registry().promote("f", 1, Stage.TESTING, "first");
        register("f");
        registry().setAlias("f", "candidate", 3);
        registry().promote("f", 2, Stage.TESTING, "second");
        registry().promote("f", 1, Stage.STAGING, "third");
        try (ModelStore store = fixture().openStore()) {
            List<AuditEvent> all = store.audit("f", 0, Integer.MAX_VALUE);
            Set<AuditAction> wanted = Set.of(AuditAction.PROMOTE, AuditAction.ALIAS);
            for (long after : new long[] {0, 4, all.size()}) {
                assertThat(store.audit("f", after, wanted)).as("after %d", after)
                        .isEqualTo(all.stream().filter(e -> e.seq() > after && wanted.contains(e.action())).toList());
            }
            assertThat(store.audit("f", 0, Set.of())).isEmpty();
            assertThat(store.auditHead("f")).isEqualTo(all.get(all.size() - 1).seq());
            assertThat(store.auditHead("ghost")).isZero();
        }
    }

    @Test
    @DisplayName("editing a stored entry breaks the chain and verification names it")
    default void tampering() throws Exception {
        register("t");
        registry().promote("t", 1, Stage.TESTING, "honest");
        register("t");
        fixture().editAuditReason("t", 2, "forged");
        ModelRegistry fresh = open(b -> { });
        var verification = fresh.verifyAudit();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.problems()).anySatisfy(p -> assertThat(p).contains("t #2"));
    }

    @Test
    @DisplayName("the history of an unknown model is not found")
    default void unknown() {
        assertThatThrownBy(() -> registry().history("ghost")).isInstanceOf(ModelNotFoundException.class);
    }
}
