package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops demo")
class DemoIT {

    private static final Pattern STORE = Pattern.compile("Store: file:(\\S+) ");

    @TempDir
    Path dir;

    private static Path storeOf(MlopsProcess.Result run) {
        Matcher matcher = STORE.matcher(run.out());
        assertThat(matcher.find()).as("the demo names its store").isTrue();
        return Path.of(matcher.group(1));
    }

    @Test
    @DisplayName("narrates the lifecycle, exits 0 in seconds, and removes its store")
    void runs() throws Exception {
        long start = System.nanoTime();
        MlopsProcess.Result run = new MlopsProcess(dir).run("demo").expect(0);
        assertThat((System.nanoTime() - start) / 1e9).as("the contract: under a minute").isLessThan(60);
        assertThat(run.out()).contains(
                "register it as breast-cancer:1", "register it as breast-cancer:3",
                "STAGING -> PRODUCTION", "predicted malignant", "alias 'champion'",
                "Refused by the gate", "decision: winner:challenger",
                "breast-cancer:1 is ARCHIVED in the same step", "serves breast-cancer:3",
                "Roll back", "OK: breast-cancer:1", "OK: breast-cancer:3", "rollback",
                "Audit log intact", "Held-out rows: no drift", "Large tumours: drift",
                "CRITICAL, retrain: input drift CRITICAL", "Fired drift: input drift at severity CRITICAL (threshold MEDIUM): the newest performance record of"
                + " breast-cancer:1: 100% of the features drifted; the newest 113 rows against the stored profile",
                "breast-cancer:4 is in production, with lineage parent breast-cancer:1", "breast-cancer:4 stays in production",
                "drift detected (adwin found the error rate rising)", "promoted sea-stream:",
                "the threshold moves to 9.5", "incremental only:", "identical to the last bit");
        assertThat(run.err()).isEmpty();
        assertThat(storeOf(run).getParent()).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("nothing written in the working directory").isEmpty();
        }
    }

    @Test
    @DisplayName("with --keep leaves a store the other commands can read")
    void keeps() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        Path store = storeOf(mlops.run("demo", "--keep").expect(0));
        try {
            JsonNode models = mlops.run("models", "list", "--store", "file:" + store, "--format",
                    "json").expect(0).json();
            assertThat(models).hasSize(3);
            assertThat(models.get(0).get("name").asText()).isEqualTo("breast-cancer");
            assertThat(models.get(0).get("productionVersion").asInt()).as("the retrained challenger").isEqualTo(4);
            assertThat(models.get(1).get("name").asText()).isEqualTo("sea-stream");
            assertThat(models.get(2).get("name").asText()).isEqualTo("sea-stream-checkpoints");
            mlops.run("audit", "verify", "--store", "file:" + store).expect(0);
        } finally {
            try (Stream<Path> paths = Files.walk(store.getParent())) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
