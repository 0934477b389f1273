package dev.mlops.tck;

import static dev.mlops.tck.TckGroup.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.GateResult;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.Stage;
import dev.mlops.registry.VersionQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stages: the transition table, a single production version, rollback and promotion gates. */
interface StageTests extends TckGroup {

    @ParameterizedTest
    @EnumSource(Stage.class)
    @DisplayName("promote follows the transition table from every stage")
    default void transitionTable(Stage from) {
        for (Stage to : Stage.values()) {
            ModelVersion v = moveTo(registry(), register("t"), from);
            if (from.canMoveTo(to)) {
                assertThat(registry().promote("t", v.version(), to, "").stage()).isEqualTo(to);
            } else {
                assertThatThrownBy(() -> registry().promote("t", v.version(), to, ""))
                        .isInstanceOf(ConflictException.class).hasMessageContaining(from.name());
                assertThat(registry().get("t:" + v.version()).stage()).isEqualTo(from);
            }
        }
    }

    @Test
    @DisplayName("promoting to PRODUCTION archives the previous production version atomically")
    default void singleProduction() {
        ModelVersion v1 = moveTo(registry(), register("p"), Stage.PRODUCTION);
        ModelVersion v2 = moveTo(registry(), register("p"), Stage.PRODUCTION);
        assertThat(registry().get("p@production").version()).isEqualTo(v2.version());
        assertThat(registry().get("p:" + v1.version()).stage()).isEqualTo(Stage.ARCHIVED);
        List<AuditEvent> history = registry().history("p");
        AuditEvent archive = history.get(history.size() - 2);
        AuditEvent promote = history.get(history.size() - 1);
        assertThat(archive.action()).isEqualTo(AuditAction.ARCHIVE);
        assertThat(archive.version()).isEqualTo(1);
        assertThat(promote.action()).isEqualTo(AuditAction.PROMOTE);
        assertThat(archive.time()).isEqualTo(promote.time());
        assertThat(registry().models().get(0).productionVersion()).isEqualTo(2);
    }

    @Test
    @DisplayName("concurrent promotions to PRODUCTION leave exactly one production version")
    default void concurrentPromotions() throws Exception {
        List<ModelVersion> staged = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            staged.add(moveTo(registry(), register("cp"), Stage.STAGING));
        }
        ModelRegistry other = open(b -> { });
        concurrently(THREADS, () -> {
            int i = (int) (Thread.currentThread().getId() % THREADS);
            for (ModelVersion v : staged) {
                try {
                    (i % 2 == 0 ? registry() : other).promote("cp", v.version(), Stage.PRODUCTION, "");
                } catch (ConflictException expected) {
                    // another thread promoted it first, or archived it meanwhile
                }
            }
            return null;
        });
        assertThat(registry().search(VersionQuery.builder().name("cp").stage(Stage.PRODUCTION).build())
                .items()).hasSize(1);
        assertThat(registry().verifyAudit().valid()).isTrue();
    }

    @Test
    @DisplayName("rollback restores earlier production versions, newest first, then refuses")
    default void rollback() {
        for (int i = 0; i < 3; i++) {
            moveTo(registry(), register("r"), Stage.PRODUCTION);
        }
        ModelVersion restored = registry().rollback("r", "bad latency");
        assertThat(restored.version()).isEqualTo(2);
        assertThat(registry().get("r@production").version()).isEqualTo(2);
        assertThat(registry().get("r:3").stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(registry().rollback("r", "").version()).isEqualTo(1);
        assertThat(registry().get("r:2").stage()).isEqualTo(Stage.ARCHIVED);
        assertThatThrownBy(() -> registry().rollback("r", ""))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no earlier");
        assertThat(registry().get("r@production").version()).isEqualTo(1);
        AuditEvent last = registry().history("r").get(registry().history("r").size() - 1);
        assertThat(last.action()).isEqualTo(AuditAction.ROLLBACK);
        assertThat(last.from()).isEqualTo("ARCHIVED");
        assertThat(last.to()).isEqualTo("PRODUCTION");
    }

    @Test
    @DisplayName("rollback after retiring the production version brings the previous one back")
    default void rollbackAfterRetire() {
        moveTo(registry(), register("q"), Stage.PRODUCTION);
        moveTo(registry(), register("q"), Stage.PRODUCTION);
        registry().promote("q", 2, Stage.ARCHIVED, "retired");
        assertThat(registry().find("q@production")).isEmpty();
        assertThat(registry().rollback("q", "").version()).isEqualTo(1);
    }

    @Test
    @DisplayName("rollback of a model that never had production is a conflict")
    default void rollbackWithoutHistory() {
        register("n");
        assertThatThrownBy(() -> registry().rollback("n", "")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> registry().rollback("missing", ""))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    @DisplayName("a refusing gate stops the promotion and sees the version's evidence")
    default void gates() {
        List<Integer> evidenceSeen = new CopyOnWriteArrayList<>();
        ModelRegistry gated = open(b -> b.gate((v, target, evidence) -> {
            evidenceSeen.add(evidence.size());
            boolean ok = target != Stage.PRODUCTION
                    || evidence.stream().anyMatch(e -> e.document().contains("\"passed\":true"));
            return ok ? GateResult.pass("report", "validated")
                    : GateResult.refuse("report", "no passing validation report");
        }));
        ModelVersion v = moveTo(gated, register("g"), Stage.STAGING);
        assertThatThrownBy(() -> gated.promote("g", v.version(), Stage.PRODUCTION, ""))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("no passing validation report")
                .satisfies(e -> assertThat(((PromotionRefusedException) e).results()).hasSize(1));
        assertThat(gated.get("g:1").stage()).isEqualTo(Stage.STAGING);
        gated.attachEvidence("g", 1, "validation-report", "{\"passed\":true}");
        assertThat(gated.promote("g", 1, Stage.PRODUCTION, "").stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(evidenceSeen).endsWith(0, 1);
        assertThat(gated.evidence("g", 1)).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo("validation-report"));
    }
}
