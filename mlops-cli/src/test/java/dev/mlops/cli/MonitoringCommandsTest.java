package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference values: src/test/python/monitoring_reference.py (SciPy and scikit-learn). */
@DisplayName("drift against a stored profile, monitor record and performance agree with SciPy and scikit-learn")
class MonitoringCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String store;
    private Path credit;
    private Path young;

    @BeforeEach
    void setUp() throws IOException {
        store = "file:" + dir.resolve("store");
        credit = Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv");
        List<String> lines = Files.readAllLines(credit);
        int age = List.of(lines.get(0).split(",")).indexOf("age");
        List<String> under = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            // credit-g quotes no field
            if (Integer.parseInt(line.split(",")[age]) < 30) {
                under.add(line);
            }
        }
        young = Files.write(dir.resolve("young.csv"), under);
    }

    private static JsonNode reference(String name) throws IOException {
        try (InputStream in = MonitoringCommandsTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    private void trainCredit() {
        CliRun run = CliRun.of("train", "--data", credit.toString(), "--label", "class", "--register", "credit",
                "--folds", "0", "--seed", "1", "--store", store);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    @DisplayName("drift --reference NAME:VERSION uses the stored profile of every training row and leaves the label out")
    void driftAgainstStoredProfile() throws IOException {
        trainCredit();
        CliRun run = CliRun.of("drift", "--reference", "credit:1", "--current", young.toString(), "--store", store,
                "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        JsonNode expected = reference("drift-stored-profile.json");
        assertThat(report.get("features")).hasSize(expected.get("features").size());
        for (JsonNode feature : report.get("features")) {
            String name = feature.get("name").asText();
            JsonNode want = expected.get("features").get(name);
            assertThat(want).as("feature %s is not the label and is in the reference", name).isNotNull();
            assertThat(feature.get("nReference").asLong()).isEqualTo(expected.get("nReference").asLong());
            assertThat(feature.get("nCurrent").asLong()).isEqualTo(expected.get("nCurrent").asLong());
            if (want.get("type").asText().equals("numeric")) {
                assertTest(feature, "ks", want.get("ks"));
                assertThat(test(feature, "wasserstein").get("statistic").asDouble())
                        .isCloseTo(want.get("wasserstein").asDouble(), within(1e-9));
            } else {
                assertTest(feature, "chi2", want.get("chi2"));
            }
        }
        CliRun excluded = CliRun.of("drift", "--reference", "credit@production", "--current", young.toString(),
                "--store", store, "--format", "json");
        assertThat(excluded.exitCode()).as("nothing in production yet").isEqualTo(ExitCodes.NOT_FOUND);
        CliRun some = CliRun.of("drift", "--reference", "credit:1", "--current", young.toString(), "--store", store,
                "--exclude", "age,purpose", "--format", "json");
        assertThat(some.exitCode()).as(some.err()).isZero();
        assertThat(JSON.readTree(some.out()).get("features")).hasSize(expected.get("features").size() - 2);
        CliRun unknown = CliRun.of("drift", "--reference", "credit:1", "--current", young.toString(), "--store", store,
                "--exclude", "class");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("class");
    }

    private static JsonNode test(JsonNode feature, String method) {
        for (JsonNode test : feature.get("tests")) {
            if (test.get("method").asText().equals(method)) {
                return test;
            }
        }
        throw new AssertionError(feature.get("name") + " has no " + method + " test");
    }

    private static void assertTest(JsonNode feature, String method, JsonNode want) {
        JsonNode test = test(feature, method);
        assertThat(test.get("statistic").asDouble()).as("%s %s", feature.get("name"), method)
                .isCloseTo(want.get(0).asDouble(), within(1e-9));
        double p = want.get(1).asDouble();
        assertThat(test.get("pValue").asDouble()).as("%s %s p", feature.get("name"), method)
                .isCloseTo(p, within(Math.max(1e-12, p * 1e-9)));
    }
}
