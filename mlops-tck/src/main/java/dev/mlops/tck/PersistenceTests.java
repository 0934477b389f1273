package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Persistence: what was committed is all there after the store is closed and opened again. */
interface PersistenceTests extends TckGroup {

    @Test
    @DisplayName("everything survives closing and reopening the store")
    default void reopen() throws Exception {
        fixture().require(StoreCapability.PERSISTENCE);
        byte[] bytes = TckModels.bytes(5000, 11);
        register("keep", bytes);
        moveTo(registry(), register("keep"), Stage.PRODUCTION);
        registry().setAlias("keep", "champion", 1);
        registry().attachEvidence("keep", 2, "report", "{\"ok\":1}");
        PerformanceRecord performance = new PerformanceRecord(START, Map.of("acc", 0.5), 9, "web-1",
                new PerformanceRecord.DriftSummary("MEDIUM", 0.5, List.of("x"), 0.5));
        registry().recordPerformance("keep", 2, performance);
        List<AuditEvent> history = registry().history("keep");
        registry().close();

        ModelRegistry reopened = open(b -> { });
        assertThat(reopened.versions("keep")).hasSize(2);
        assertThat(reopened.get("keep@production").version()).isEqualTo(2);
        assertThat(reopened.get("keep@champion").version()).isEqualTo(1);
        assertThat(reopened.readArtifact("keep:1")).isEqualTo(bytes);
        assertThat(reopened.evidence("keep", 2)).hasSize(1);
        assertThat(reopened.performance("keep", 2)).containsExactly(performance);
        assertThat(reopened.history("keep")).isEqualTo(history);
        assertThat(reopened.verifyAudit().valid()).isTrue();
    }
}
