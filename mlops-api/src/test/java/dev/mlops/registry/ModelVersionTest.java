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

    @Test
    @DisplayName("toString is one short line, however large the provenance and metadata")
    void shortToString() {
        String provenance = "{\"trainer\":\"" + "x".repeat(500_000) + "\"}\n".repeat(16_000);
        ModelVersion version = new ModelVersion("credit", 3, Stage.PRODUCTION, "1a2b3c4d5e6f" + "0".repeat(52), 2048,
                "mlops-model", ArtifactSignature.NONE, Instant.parse("2026-05-01T10:00:00Z"), "alice",
                "d".repeat(10_000), Map.of("auc", 0.91), Map.of("epochs", "20"), Map.of("team", "risk"),
                new Lineage("credit:2", "f".repeat(64), provenance), List.of("champion"));
        assertThat(version.toString()).isEqualTo("ModelVersion[credit:3 PRODUCTION sha256=1a2b3c4d5e6f"
                + " aliases=[champion] created 2026-05-01T10:00:00Z by alice]");
        assertThat(version.withAliases(List.of()).toString()).doesNotContain("aliases").hasLineCount(1);
    }
}
