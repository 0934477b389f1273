package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelVersionTest {

    private static final Instant T = Instant.parse("2026-03-01T10:15:30.123Z");

    private static ModelVersion version(Map<String, Double> metrics, List<String> aliases) {
        return new ModelVersion("m", 2, Stage.STAGING, "cd".repeat(32), 123, "tribuo-protobuf",
                ArtifactSignature.NONE, T, "ann", "first", metrics, Map.of("depth", "3"), Map.of(),
                Lineage.NONE, aliases);
    }

    @Test
    @DisplayName("the state digest is the documented encoding, so any verifier can recompute it")
    void stateDigest() {
        // src/test/python/digests.py
        assertThat(version(Map.of("f1", 0.5, "auc", 0.91), List.of()).stateDigest()).isEqualTo(
                "2e9f81d11273a8582b167d276aa5018a9200ecd336049605c6e3a10428ad2a9a");
    }

    @Test
    @DisplayName("the state digest follows stage and metadata but not aliases, which move on their own")
    void stateDigestCovers() {
        ModelVersion v = version(Map.of("auc", 0.91), List.of());
        assertThat(v.withAliases(List.of("champion")).stateDigest()).isEqualTo(v.stateDigest());
        assertThat(v.withStage(Stage.PRODUCTION).stateDigest()).isNotEqualTo(v.stateDigest());
        assertThat(v.withMetadata("first", Map.of("auc", 0.92), Map.of()).stateDigest())
                .isNotEqualTo(v.stateDigest());
        assertThat(v.withMetadata("first", Map.of("auc", 0.91), Map.of("k", "v")).stateDigest())
                .isNotEqualTo(v.stateDigest());
    }
}
