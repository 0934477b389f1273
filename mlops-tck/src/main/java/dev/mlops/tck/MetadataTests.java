package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.RegisterRequest;
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
}
