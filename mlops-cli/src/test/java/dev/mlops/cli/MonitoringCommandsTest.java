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

    @Test
    @DisplayName("monitor record: metrics equal scikit-learn's on the version's own predictions; performance lists the records")
    void monitorRecord() throws IOException {
        trainCredit();
        Path predictions = dir.resolve("predictions.csv");
        CliRun predicted = CliRun.of("predict", "credit:1", "--data", young.toString(), "--out", predictions.toString(),
                "--store", store);
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        List<String> committed = readResource("monitor-predictions.csv");
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines).hasSize(committed.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] got = lines.get(i).split(",");
            String[] want = committed.get(i).split(",");
            assertThat(got[0]).as("row %d", i).isEqualTo(want[0]);
            assertThat(Double.parseDouble(got[1])).as("the model scored is the one scikit-learn saw, row %d", i)
                    .isCloseTo(Double.parseDouble(want[1]), within(1e-12));
        }

        CliRun run = CliRun.of("monitor", "record", "credit:1", "--data", young.toString(), "--label", "class",
                "--instance", "web-1", "--store", store, "--format", "json", "--fail-on-degradation");
        assertThat(run.exitCode()).as("the young applicants drifted: " + run.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode record = JSON.readTree(run.out());
        JsonNode expected = reference("monitor-metrics.json");
        assertThat(record.get("name").asText()).isEqualTo("credit");
        assertThat(record.get("version").asInt()).isEqualTo(1);
        assertThat(record.get("sampleCount").asInt()).isEqualTo(expected.get("rows").asInt());
        for (String metric : List.of("accuracy", "precision", "recall", "f1", "auc", "logLoss")) {
            assertThat(record.get("metrics").get(metric).asDouble()).as(metric)
                    .isCloseTo(expected.get(metric).asDouble(), within(1e-9));
        }
        assertThat(record.get("drift").get("maxSeverity").asText()).isIn("HIGH", "CRITICAL");
        assertThat(record.get("drift").get("driftedShare").asDouble()).isGreaterThan(0.2);
        assertThat(record.get("drift").get("driftedFeatures")).as("the age split drifts age").extracting(JsonNode::asText)
                .contains("age");
        assertThat(record.get("degraded").asBoolean()).isTrue();
        assertThat(record.get("reasons").get(0).asText()).startsWith("input drift");
        assertThat(record.get("instance").asText()).isEqualTo("web-1");

        CliRun same = CliRun.of("monitor", "record", "credit:1", "--data", credit.toString(), "--label", "class",
                "--store", store, "--fail-on-degradation");
        assertThat(same.exitCode()).as("the training data itself: " + same.out()).isZero();
        assertThat(same.out()).contains("credit:1 ok, 1000 labelled rows");

        CliRun performance = CliRun.of("performance", "credit:1", "--store", store, "--format", "json");
        assertThat(performance.exitCode()).as(performance.err()).isZero();
        JsonNode records = JSON.readTree(performance.out());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("metrics")).isEqualTo(record.get("metrics"));
        assertThat(records.get(0).get("drift")).isEqualTo(record.get("drift"));
        assertThat(records.get(0).get("reasons")).isEqualTo(record.get("reasons"));
        assertThat(records.get(0).get("time").asText()).isEqualTo(record.get("time").asText());
        assertThat(records.get(0).get("instance").asText()).as("stored with the record").isEqualTo("web-1");
        assertThat(records.get(1).get("degraded").asBoolean()).isFalse();
        assertThat(records.get(1).get("instance").asText()).as("not named").isEmpty();
        assertThat(CliRun.of("performance", "credit:1", "--store", store).out()).contains("credit:1 DEGRADED",
                "from web-1").containsPattern("drifted: [^\n]*\\bage\\b");
    }

    @Test
    @DisplayName("monitor record names a missing label column, a missing feature and an unknown label; exit 2, nothing recorded")
    void monitorBadInput() throws IOException {
        trainCredit();
        CliRun noLabel = CliRun.of("monitor", "record", "credit:1", "--data", young.toString(), "--label", "klass",
                "--store", store);
        assertThat(noLabel.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noLabel.err()).contains("klass");
        List<String> lines = Files.readAllLines(young);
        Path noAge = Files.write(dir.resolve("no-age.csv"), lines.stream()
                .map(l -> l.replaceFirst("^((?:[^,]*,){12})[^,]*,", "$1")).toList());
        CliRun noFeature = CliRun.of("monitor", "record", "credit:1", "--data", noAge.toString(), "--label", "class",
                "--store", store);
        assertThat(noFeature.exitCode()).as(noFeature.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFeature.err()).contains("age");
        Path maybe = Files.write(dir.resolve("maybe.csv"), List.of(lines.get(0),
                lines.get(1).replaceFirst(",(good|bad)$", ",maybe")));
        CliRun unknown = CliRun.of("monitor", "record", "credit:1", "--data", maybe.toString(), "--label", "class",
                "--store", store);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("'maybe'");
        assertThat(JSON.readTree(CliRun.of("performance", "credit:1", "--store", store, "--format", "json").out()))
                .isEmpty();
        assertThat(CliRun.of("performance", "credit:9", "--store", store).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    private static List<String> readResource(String name) throws IOException {
        try (InputStream in = MonitoringCommandsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
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
