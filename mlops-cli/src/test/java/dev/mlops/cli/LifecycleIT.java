package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Promote, roll back, alias and history through the command")
class LifecycleIT {

    private static final List<String> VERSION_FIELDS = List.of("name", "version", "stage",
            "sha256", "sizeBytes", "createdAt", "createdBy", "metrics", "params", "tags", "aliases");
    private static final List<String> EVENT_FIELDS = List.of("seq", "time", "actor", "action",
            "name", "version", "from", "to", "reason");

    @TempDir
    Path dir;

    private MlopsProcess mlops;

    @BeforeEach
    void twoVersions() throws Exception {
        mlops = new MlopsProcess(dir);
        for (int i = 1; i <= 2; i++) {
            Path artifact = Files.write(dir.resolve("v" + i + ".bin"), new byte[] {(byte) i, 42});
            mlops.run("models", "register", "churn", "--artifact", artifact.toString(),
                    "--actor", "trainer", "--metric", "auc=0.9" + i, "--param", "depth=" + i,
                    "--tag", "team=risk").expect(0);
        }
    }

    private MlopsProcess.Result promote(int version, String stage, String actor, String reason) {
        return mlops.run("models", "promote", "churn", Integer.toString(version), "--to", stage,
                "--actor", actor, "--reason", reason);
    }

    @Test
    @DisplayName("record actor and reason, pass audit verify, and an edited record fails it")
    void auditedLifecycle() throws Exception {
        for (String stage : List.of("testing", "staging", "production")) {
            promote(1, stage, "alice", "v1 to " + stage).expect(0);
        }
        promote(2, "testing", "bob", "v2 to testing").expect(0);
        promote(2, "staging", "bob", "v2 to staging").expect(0);
        assertThat(promote(2, "production", "bob", "v2 beats v1").expect(0).out())
                .contains("churn:1 was archived");
        assertThat(mlops.run("models", "show", "churn@production", "--format", "json").expect(0)
                .json().get("version").asInt()).isEqualTo(2);
        assertThat(mlops.run("models", "show", "churn:1", "--format", "json").expect(0)
                .json().get("stage").asText()).isEqualTo("ARCHIVED");

        JsonNode restored = mlops.run("models", "rollback", "churn", "--actor", "carol",
                "--reason", "v2 regressed", "--format", "json").expect(0).json();
        assertThat(restored.get("version").asInt()).isEqualTo(1);
        assertThat(restored.get("stage").asText()).isEqualTo("PRODUCTION");

        JsonNode move = mlops.run("models", "alias", "churn", "champion", "2", "--actor", "dave",
                "--format", "json").expect(0).json();
        assertThat(move.get("toVersion").asInt()).isEqualTo(2);
        assertThat(move.get("fromVersion").isNull()).isTrue();
        JsonNode champion = mlops.run("models", "show", "churn@champion", "--format", "json")
                .expect(0).json();
        assertThat(champion.get("version").asInt()).isEqualTo(2);
        assertThat(champion.get("aliases").toString()).isEqualTo("[\"champion\"]");

        JsonNode history = mlops.run("models", "history", "churn", "--format", "json").expect(0).json();
        List<String> lines = new ArrayList<>();
        for (JsonNode e : history) {
            assertThat(e.get("seq").asLong()).isEqualTo(lines.size() + 1);
            lines.add(e.get("action").asText() + " " + e.get("version").asInt() + " "
                    + e.get("from").asText("-") + ">" + e.get("to").asText("-") + " "
                    + e.get("actor").asText() + " " + e.get("reason").asText("-"));
        }
        assertThat(lines).containsExactly(
                "register 1 ->DRAFT trainer -",
                "register 2 ->DRAFT trainer -",
                "promote 1 DRAFT>TESTING alice v1 to testing",
                "promote 1 TESTING>STAGING alice v1 to staging",
                "promote 1 STAGING>PRODUCTION alice v1 to production",
                "promote 2 DRAFT>TESTING bob v2 to testing",
                "promote 2 TESTING>STAGING bob v2 to staging",
                "archive 1 PRODUCTION>ARCHIVED bob v2 beats v1",
                "promote 2 STAGING>PRODUCTION bob v2 beats v1",
                "archive 2 PRODUCTION>ARCHIVED carol v2 regressed",
                "rollback 1 ARCHIVED>PRODUCTION carol v2 regressed",
                "alias 2 ->2 dave -");

        JsonNode intact = mlops.run("audit", "verify", "--format", "json").expect(0).json();
        assertThat(intact.get("valid").asBoolean()).isTrue();
        assertThat(intact.get("events").asLong()).isEqualTo(12);

        StoreFiles.editLog(dir.resolve("mlops-store"), "v2 beats v1", "v2 was forced in");
        MlopsProcess.Result broken = mlops.run("audit", "verify").expect(1);
        assertThat(broken.out()).contains("BROKEN").contains("churn");
        JsonNode report = mlops.run("audit", "verify", "--format", "json").expect(1).json();
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("problems")).isNotEmpty();
    }

    @Test
    @DisplayName("exit 3 for what does not exist and 4 for transitions the lifecycle forbids")
    void notFoundAndConflict() {
        for (String[] args : new String[][] {{"models", "show", "nope"},
                {"models", "show", "churn:9"}, {"models", "show", "churn@champion"},
                {"models", "show", "churn@production"}, {"models", "history", "nope"},
                {"models", "promote", "nope", "1", "--to", "testing"},
                {"models", "alias", "churn", "champion", "9"},
                {"models", "download", "churn:9", "--out", "x.bin"}}) {
            MlopsProcess.Result run = mlops.run(args).expect(3);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("mlops: ");
            assertThat(run.out()).isEmpty();
        }
        promote(1, "production", "alice", "skip the checks").expect(4);
        promote(1, "archived", "alice", "retire").expect(0);
        promote(1, "production", "alice", "from the archive").expect(4);
        MlopsProcess.Result rollback = mlops.run("models", "rollback", "churn").expect(4);
        assertThat(rollback.err()).startsWith("mlops: ").contains("roll back");
    }

    @Test
    @DisplayName("--format json prints one document with the contract's fields, for every command")
    void jsonShapes() throws Exception {
        JsonNode shown = mlops.run("models", "show", "churn", "--format", "json").expect(0).json();
        assertThat(fieldNames(shown)).containsAll(VERSION_FIELDS);
        assertThat(shown.get("version").asInt()).isEqualTo(2);
        assertThat(shown.get("createdBy").asText()).isEqualTo("trainer");
        assertThat(shown.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        assertThat(shown.get("metrics").get("auc").asDouble()).isEqualTo(0.92);
        assertThat(shown.get("params").get("depth").asText()).isEqualTo("2");
        assertThat(shown.get("tags").get("team").asText()).isEqualTo("risk");
        assertThat(shown.get("aliases").isArray()).isTrue();

        JsonNode models = mlops.run("models", "list", "--format", "json").expect(0).json();
        assertThat(models).hasSize(1);
        assertThat(fieldNames(models.get(0))).containsAll(List.of("name", "latestVersion",
                "productionVersion"));
        assertThat(models.get(0).get("latestVersion").asInt()).isEqualTo(2);

        JsonNode versions = mlops.run("models", "list", "churn", "--format", "json").expect(0).json();
        assertThat(versions).hasSize(2);
        for (JsonNode v : versions) {
            assertThat(fieldNames(v)).containsAll(VERSION_FIELDS);
        }

        for (String stage : List.of("testing", "staging", "production")) {
            JsonNode promoted = mlops.run("models", "promote", "churn", "1", "--to", stage,
                    "--format", "json").expect(0).json();
            assertThat(fieldNames(promoted)).containsAll(VERSION_FIELDS);
            assertThat(promoted.get("stage").asText()).isEqualTo(stage.toUpperCase());
        }
        assertThat(mlops.run("models", "list", "--format", "json").expect(0).json().get(0)
                .get("productionVersion").asInt()).isEqualTo(1);

        JsonNode history = mlops.run("models", "history", "churn", "--format", "json").expect(0).json();
        assertThat(history).hasSize(5);
        for (JsonNode e : history) {
            assertThat(fieldNames(e)).containsAll(EVENT_FIELDS);
            assertThat(e.get("time").asText()).endsWith("Z");
        }

        JsonNode verified = mlops.run("models", "verify", "churn@production", "--format", "json")
                .expect(0).json();
        assertThat(verified.get("intact").asBoolean()).isTrue();
        assertThat(verified.get("version").asInt()).isEqualTo(1);

        Path out = dir.resolve("production.bin");
        JsonNode downloaded = mlops.run("models", "download", "churn@production", "--out",
                out.toString(), "--format", "json").expect(0).json();
        assertThat(downloaded.get("version").asInt()).isEqualTo(1);
        assertThat(out).hasSameBinaryContentAs(dir.resolve("v1.bin"));

        JsonNode audit = mlops.run("audit", "verify", "--format", "json").expect(0).json();
        assertThat(fieldNames(audit)).containsAll(List.of("valid", "models", "events", "problems"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
