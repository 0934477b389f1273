package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Processes registering one model at the same time")
class ConcurrentRegistrationIT {

    private static final int PROCESSES = 8;

    @TempDir
    Path dir;

    @Test
    @DisplayName("get exactly the versions 1..N, each with its own artifact, each verifying")
    void denseVersions() throws Exception {
        MlopsProcess mlops = new MlopsProcess(dir);
        Random random = new Random(42);
        List<Path> artifacts = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            byte[] bytes = new byte[64 * 1024 + i];
            random.nextBytes(bytes);
            artifacts.add(Files.write(dir.resolve("model-" + i + ".bin"), bytes));
        }

        List<MlopsProcess.Result> results = MlopsProcess.parallel(PROCESSES,
                i -> mlops.run("models", "register", "churn", "--artifact",
                        artifacts.get(i).toString(), "--metric", "run=" + i, "--format", "json"));

        Map<Integer, String> shaByVersion = new HashMap<>();
        for (MlopsProcess.Result result : results) {
            JsonNode v = result.expect(0).json();
            shaByVersion.put(v.get("version").asInt(), v.get("sha256").asText());
        }
        assertThat(shaByVersion.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, PROCESSES).boxed().toList());
        assertThat(shaByVersion.values()).doesNotHaveDuplicates();

        JsonNode listed = mlops.run("models", "list", "churn", "--format", "json").expect(0).json();
        assertThat(listed).hasSize(PROCESSES);
        for (int i = 0; i < PROCESSES; i++) {
            JsonNode v = listed.get(i);
            assertThat(v.get("version").asInt()).isEqualTo(i + 1);
            assertThat(v.get("sha256").asText()).isEqualTo(shaByVersion.get(i + 1));
        }
        for (MlopsProcess.Result verify : MlopsProcess.parallel(PROCESSES,
                i -> mlops.run("models", "verify", "churn:" + (i + 1)))) {
            verify.expect(0);
        }
    }
}
