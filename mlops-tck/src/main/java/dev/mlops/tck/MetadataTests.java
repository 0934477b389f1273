package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.RegisterRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Metadata of a version: metrics, tags and description updated, performance records kept in order. */
interface MetadataTests extends TckGroup {

    @Test
    @DisplayName("metrics and tags merge, tags can be removed, the description is replaced")
    default void update() {
        registry().register(RegisterRequest.builder("md", ArtifactSource.of(new byte[] {1}))
                .metric("auc", 0.8).tag("a", "1").tag("b", "2").param("depth", "3").build());
        registry().updateMetadata("md", 1, new MetadataUpdate(Map.of("f1", 0.7), Map.of("c", "3"),
                Set.of("a"), Optional.of("new text")));
        ModelVersion v = registry().get("md:1");
        assertThat(v.metrics()).containsOnly(Map.entry("auc", 0.8), Map.entry("f1", 0.7));
        assertThat(v.tags()).containsOnly(Map.entry("b", "2"), Map.entry("c", "3"));
        assertThat(v.description()).isEqualTo("new text");
        assertThat(v.params()).containsOnly(Map.entry("depth", "3"));
    }

    @Test
    @DisplayName("performance records are kept in order")
    default void performance() {
        register("pf");
        for (int i = 0; i < 5; i++) {
            registry().recordPerformance("pf", 1, new PerformanceRecord(START.plusSeconds(i),
                    Map.of("accuracy", 0.9 - i / 100.0), 1000 + i));
        }
        assertThat(registry().performance("pf", 1)).extracting(PerformanceRecord::sampleCount)
                .containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
    }

    @Test
    @DisplayName("a performance record's instance and drift summary come back equal, also when absent")
    default void performanceRoundTrip() {
        register("pd");
        PerformanceRecord full = new PerformanceRecord(START, Map.of("accuracy", 0.81, "auc", 0.875), 500, "web-1",
                new PerformanceRecord.DriftSummary("HIGH", 0.25, List.of("age", "credit_amount"), 0.0031));
        PerformanceRecord untested = new PerformanceRecord(START.plusSeconds(1), Map.of("accuracy", 0.8), 400,
                "web-2", new PerformanceRecord.DriftSummary("NONE", 0.0, List.of(), null));
        PerformanceRecord bare = new PerformanceRecord(START.plusSeconds(2), Map.of("accuracy", 0.79), 300);
        for (PerformanceRecord r : List.of(full, untested, bare)) {
            registry().recordPerformance("pd", 1, r);
        }
        assertThat(registry().performance("pd", 1)).containsExactly(full, untested, bare);
        assertThat(registry().performance("pd", 1).get(2).drift()).isNull();
        assertThat(registry().performance("pd", 1).get(2).instance()).isNull();
    }
}
