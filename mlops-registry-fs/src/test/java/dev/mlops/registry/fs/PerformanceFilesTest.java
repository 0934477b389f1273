package dev.mlops.registry.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.RegisterRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Performance records in the log files: the instance and drift summary as fields, and older files without them. */
class PerformanceFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path temp;

    private ModelRegistry open() {
        return ModelRegistries.builder("file:" + temp.resolve("store")).actor("test")
                .refreshInterval(Duration.ZERO).open();
    }

    /** The performance records as written in the log files, in order. */
    private List<ObjectNode> stored() throws Exception {
        try (Stream<Path> files = Files.list(temp.resolve("store/models/m/log"))) {
            return files.filter(f -> !f.getFileName().toString().equals("head.json")).sorted()
                    .flatMap(f -> {
                        try {
                            JsonNode tx = JSON.readTree(f.toFile());
                            return Stream.of(tx.get("records")).flatMap(r -> Stream.iterate(0, i -> i < r.size(),
                                    i -> i + 1).map(r::get));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(r -> r.has("record")).map(r -> (ObjectNode) r.get("record")).toList();
        }
    }

    @Test
    @DisplayName("the instance and the drift summary are fields of the stored record, null when absent")
    void typedFields() throws Exception {
        try (ModelRegistry registry = open()) {
            registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1})).build());
            registry.recordPerformance("m", 1, new PerformanceRecord(T0, Map.of("accuracy", 0.8), 50, "web-1",
                    new PerformanceRecord.DriftSummary("MEDIUM", 0.5, List.of("age"), 0.02)));
            registry.recordPerformance("m", 1, new PerformanceRecord(T0, Map.of("accuracy", 0.7), 40));
        }
        List<ObjectNode> records = stored();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("instance").asText()).isEqualTo("web-1");
        assertThat(records.get(0).get("drift").get("maxSeverity").asText()).isEqualTo("MEDIUM");
        assertThat(records.get(0).get("drift").get("driftedFeatures").get(0).asText()).isEqualTo("age");
        assertThat(records.get(0).get("metrics").has("drift.driftedShare")).isFalse();
        assertThat(records.get(1).get("instance").isNull()).isTrue();
        assertThat(records.get(1).get("drift").isNull()).isTrue();
    }

    @Test
    @DisplayName("records written before the instance and drift fields existed read as having neither")
    void olderFiles() throws Exception {
        try (ModelRegistry registry = open()) {
            registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1})).build());
            registry.recordPerformance("m", 1, new PerformanceRecord(T0, Map.of("accuracy", 0.8,
                    "drift.driftedShare", 0.5), 50, "web-1", null));
        }
        try (Stream<Path> files = Files.list(temp.resolve("store/models/m/log"))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("head.json")).toList()) {
                JsonNode tx = JSON.readTree(file.toFile());
                for (JsonNode record : tx.get("records")) {
                    if (record.has("record")) {
                        ((ObjectNode) record.get("record")).remove(List.of("instance", "drift"));
                    }
                }
                JSON.writeValue(file.toFile(), tx);
            }
        }
        assertThat(stored()).singleElement().matches(r -> !r.has("instance") && !r.has("drift"));
        try (ModelRegistry registry = open()) {
            assertThat(registry.performance("m", 1)).containsExactly(new PerformanceRecord(T0,
                    Map.of("accuracy", 0.8, "drift.driftedShare", 0.5), 50));
        }
    }
}
