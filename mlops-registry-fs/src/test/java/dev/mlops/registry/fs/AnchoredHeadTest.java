package dev.mlops.registry.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchored head of each model's log, {@code log/head.json}, next to the log files: how it
 * appears in the files, and how logs written before heads and state digests existed are read.
 */
class AnchoredHeadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private ModelRegistry open() {
        return ModelRegistries.builder("file:" + temp.resolve("store")).actor("test")
                .refreshInterval(Duration.ZERO).open();
    }

    private Path log() {
        return temp.resolve("store/models/m/log");
    }

    private void register(ModelRegistry registry) {
        registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1})).build());
    }

    @Test
    @DisplayName("the head file follows each commit, apart from the log files")
    void headFile() throws Exception {
        try (ModelRegistry registry = open()) {
            register(registry);
            registry.promote("m", 1, Stage.TESTING, "ok");
            JsonNode head = JSON.readTree(log().resolve("head.json").toFile());
            assertThat(head.get("seq").asLong()).isEqualTo(2);
            assertThat(head.get("hash").asText()).isEqualTo(registry.history("m").get(1).hash());
            assertThat(registry.verifyAudit().problems()).isEmpty();
        }
    }

    @Test
    @DisplayName("a writer stopped between the log file and the head is reported, and the next write repairs it")
    void lagging() throws Exception {
        try (ModelRegistry registry = open()) {
            register(registry);
            byte[] before = Files.readAllBytes(log().resolve("head.json"));
            registry.promote("m", 1, Stage.TESTING, "ok");
            Files.write(log().resolve("head.json"), before);
            assertThat(registry.verifyAudit().problems()).containsExactly("m: entries #2 to #2 come"
                    + " after the anchored head #1 (appended behind the registry's back, or a writer"
                    + " stopped between committing and anchoring)");
            registry.setAlias("m", "champion", 1);
            assertThat(registry.verifyAudit().problems()).isEmpty();
        }
    }

    @Test
    @DisplayName("logs written before heads and state digests load; the missing head is reported until the next write")
    void olderLogs() throws Exception {
        try (ModelRegistry registry = open()) {
            register(registry);
            registry.promote("m", 1, Stage.TESTING, "ok");
        }
        // what the code before anchored heads and state digests wrote: no head file, and entries
        // without a state, chained over the remaining fields
        Files.delete(log().resolve("head.json"));
        AuditEvent previous = null;
        try (Stream<Path> files = Files.list(log())) {
            for (Path file : files.sorted().toList()) {
                JsonNode tx = JSON.readTree(file.toFile());
                for (JsonNode record : tx.get("records")) {
                    if (record.has("event")) {
                        ObjectNode e = (ObjectNode) record.get("event");
                        previous = AuditEvent.next(previous, e.get("name").asText(),
                                Instant.parse(e.get("time").asText()), e.get("actor").asText(),
                                AuditAction.parse(e.get("action").asText()), e.get("version").asInt(),
                                e.get("from").asText(), e.get("to").asText(), e.get("reason").asText(),
                                e.get("detail").asText());
                        e.remove("state");
                        e.put("previousHash", previous.previousHash());
                        e.put("hash", previous.hash());
                    }
                }
                JSON.writeValue(file.toFile(), tx);
            }
        }
        try (ModelRegistry registry = open()) {
            assertThat(registry.get("m:1").stage()).isEqualTo(Stage.TESTING);
            assertThat(registry.history("m")).extracting(e -> e.state()).containsOnly("");
            List<String> problems = registry.verifyAudit().problems();
            assertThat(problems).singleElement().asString().startsWith("m: the log has no anchored head");
            registry.setAlias("m", "champion", 1);
            assertThat(registry.verifyAudit().problems()).isEmpty();
        }
    }
}
