package dev.mlops.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelVersionTest {

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
