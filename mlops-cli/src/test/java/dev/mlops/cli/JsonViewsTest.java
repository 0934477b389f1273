package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelSummary;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JSON output has the fields and shapes of CLI.md")
class JsonViewsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-03-01T12:30:45.123Z");

    private static JsonNode json(Object view) throws Exception {
        return MAPPER.readTree(Json.write(view));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ModelVersion sample() {
        return new ModelVersion("fraud/scorer", 3, Stage.PRODUCTION, "ab".repeat(32), 1234,
                "tribuo-protobuf", new ArtifactSignature("HmacSHA256", "hmac:0011", "c2ln"), TIME,
                "alice", "", Map.of("zeta", 1.0, "auc", 0.91), Map.of("lr", "0.1"),
                Map.of("team", "risk"), new Lineage("fraud/scorer:2", "cd".repeat(32), "{}"),
                List.of("champion", "blue"));
    }

    @Test
    @DisplayName("a version starts with the contract's fields, in order, with sorted maps")
    void version() throws Exception {
        JsonNode node = json(JsonViews.Version.of(sample()));
        assertThat(fields(node)).startsWith("name", "version", "stage", "sha256", "sizeBytes",
                "createdAt", "createdBy", "metrics", "params", "tags", "aliases");
        assertThat(node.get("name").asText()).isEqualTo("fraud/scorer");
        assertThat(node.get("version").asInt()).isEqualTo(3);
        assertThat(node.get("stage").asText()).isEqualTo("PRODUCTION");
        assertThat(node.get("sizeBytes").asLong()).isEqualTo(1234);
        assertThat(node.get("createdAt").asText()).isEqualTo("2026-03-01T12:30:45.123Z");
        assertThat(fields(node.get("metrics"))).containsExactly("auc", "zeta");
        assertThat(node.get("metrics").get("auc").asDouble()).isEqualTo(0.91);
        assertThat(node.get("aliases").toString()).isEqualTo("[\"blue\",\"champion\"]");
        assertThat(node.get("description").isNull()).isTrue();
        assertThat(node.get("signature").get("keyId").asText()).isEqualTo("hmac:0011");
        assertThat(node.get("signature").has("value")).isFalse();
        assertThat(node.get("lineage").get("parent").asText()).isEqualTo("fraud/scorer:2");
    }

    @Test
    @DisplayName("a model in a list has name, latestVersion and productionVersion (null if none)")
    void model() throws Exception {
        JsonNode node = json(JsonViews.Model.of(new ModelSummary("churn", 4, 0, 4)));
        assertThat(fields(node)).startsWith("name", "latestVersion", "productionVersion");
        assertThat(node.get("latestVersion").asInt()).isEqualTo(4);
        assertThat(node.get("productionVersion").isNull()).isTrue();
        assertThat(json(JsonViews.Model.of(new ModelSummary("churn", 4, 2, 4)))
                .get("productionVersion").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("an audit event has seq, time, actor, action, name, version, from, to, reason")
    void event() throws Exception {
        AuditEvent event = AuditEvent.next(null, "churn", TIME, "bob", AuditAction.PROMOTE, 2,
                "STAGING", "PRODUCTION", "approved", "");
        JsonNode node = json(JsonViews.Event.of(event));
        assertThat(fields(node)).startsWith("seq", "time", "actor", "action", "name", "version",
                "from", "to", "reason");
        assertThat(node.get("seq").asLong()).isEqualTo(1);
        assertThat(node.get("time").asText()).isEqualTo("2026-03-01T12:30:45.123Z");
        assertThat(node.get("action").asText()).isEqualTo("promote");
        assertThat(node.get("from").asText()).isEqualTo("STAGING");
        assertThat(node.get("to").asText()).isEqualTo("PRODUCTION");
        assertThat(node.get("reason").asText()).isEqualTo("approved");
        assertThat(node.get("detail").isNull()).isTrue();
    }
}
