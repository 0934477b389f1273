package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops train, predict and validate follow the contract")
class TrainingCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String store;
    private Path cancer;

    @BeforeEach
    void setUp() {
        store = "file:" + dir.resolve("store");
        cancer = Path.of(System.getProperty("mlops.data.dir"), "breast-cancer.csv");
    }

    private JsonNode train(String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", cancer.toString(),
                "--label", "diagnosis", "--store", store, "--format", "json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("%]");
        return JSON.readTree(run.out());
    }

    @Test
    @DisplayName("train prints the contract's document and registers on request")
    void train() throws IOException {
        JsonNode result = train("--register", "cancer", "--seed", "7");
        assertThat(result.get("algorithm").asText()).isEqualTo("logistic");
        for (String metric : List.of("accuracy", "precision", "recall", "f1", "auc", "logLoss")) {
            assertThat(result.get("metrics").get(metric).isNumber()).as(metric).isTrue();
        }
        assertThat(result.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(result.get("cv").get("folds").asInt()).isEqualTo(5);
        assertThat(result.get("cv").get("auc").get("mean").isNumber()).isTrue();
        assertThat(result.get("cv").get("accuracy").get("std").isNumber()).isTrue();
        assertThat(result.get("version").get("name").asText()).isEqualTo("cancer");
        assertThat(result.get("version").get("version").asInt()).isEqualTo(1);
        assertThat(train("--folds", "0").get("version").isNull()).isTrue();
        assertThat(train("--folds", "0").get("cv").isNull()).isTrue();
    }

    @Test
    @DisplayName("the same seed gives the same metrics; a search reports the chosen parameters")
    void seededAndSearched() throws IOException {
        assertThat(train("--seed", "3", "--folds", "0").get("metrics"))
                .isEqualTo(train("--seed", "3", "--folds", "0").get("metrics"));
        JsonNode searched = train("--algorithm", "cart", "--search", "grid", "--space", "maxDepth=2,4",
                "--folds", "3");
        assertThat(searched.get("params").get("maxDepth").asText()).isIn("2", "4");
    }

    @Test
    @DisplayName("predict writes one row per input row with probabilities summing to 1")
    void predict() throws IOException {
        train("--register", "cancer", "--folds", "0");
        Path out = dir.resolve("predictions.csv");
        CliRun run = CliRun.of("predict", "cancer:1", "--data", cancer.toString(), "--out",
                out.toString(), "--store", store);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("prediction,p_benign,p_malignant");
        assertThat(lines).hasSize(570);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells[0]).isIn("benign", "malignant");
            assertThat(Double.parseDouble(cells[1]) + Double.parseDouble(cells[2]))
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        Path partial = Files.writeString(dir.resolve("partial.csv"), "mean_radius,diagnosis\n14,benign\n");
        CliRun missingColumn = CliRun.of("predict", "cancer:1", "--data", partial.toString(), "--store", store);
        assertThat(missingColumn.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingColumn.err()).contains("mean_texture");
    }

    @Test
    @DisplayName("validate exits 1 on a failed check, stores the report, and the report blocks production")
    void validate() throws IOException {
        train("--register", "cancer", "--folds", "0");
        train("--register", "cancer", "--folds", "0", "--algorithm", "cart", "--param", "maxDepth=1");
        CliRun passed = CliRun.of("validate", "cancer:1", "--data", cancer.toString(), "--label",
                "diagnosis", "--min", "auc=0.9", "--format", "json", "--store", store);
        assertThat(passed.exitCode()).as(passed.err()).isZero();
        JsonNode report = JSON.readTree(passed.out());
        assertThat(report.get("passed").asBoolean()).isTrue();
        JsonNode check = report.get("checks").get(0);
        for (String field : List.of("name", "value", "threshold", "passed", "detail")) {
            assertThat(check.has(field)).as(field).isTrue();
        }

        CliRun worse = CliRun.of("validate", "cancer:2", "--data", cancer.toString(), "--label",
                "diagnosis", "--champion", "cancer:1", "--min-improvement", "auc=0.01", "--store", store);
        assertThat(worse.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(worse.out()).contains("champion");
        for (String stage : List.of("testing", "staging")) {
            assertThat(CliRun.of("models", "promote", "cancer", "2", "--to", stage, "--store", store)
                    .exitCode()).isZero();
        }
        CliRun refused = CliRun.of("models", "promote", "cancer", "2", "--to", "production", "--store", store);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(refused.err()).contains("validation report");
        assertThat(CliRun.of("models", "show", "cancer@production", "--store", store).exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    @DisplayName("validate on a new model: --champion NAME@production points nowhere yet, so the comparison is skipped")
    void noChampionYet() throws IOException {
        train("--register", "cancer", "--folds", "0");
        CliRun first = CliRun.of("validate", "cancer:1", "--data", cancer.toString(), "--label", "diagnosis",
                "--min", "auc=0.9", "--champion", "cancer@production", "--min-improvement", "auc=0.01",
                "--format", "json", "--store", store);
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode report = JSON.readTree(first.out());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("champion").isNull()).isTrue();
        assertThat(report.get("skipped").get(0).get("name").asText()).isEqualTo("auc.improvement");
        assertThat(report.get("skipped").get(0).get("reason").asText())
                .isEqualTo("no champion yet: cancer@production points to no version");
        CliRun text = CliRun.of("validate", "cancer:1", "--data", cancer.toString(), "--label", "diagnosis",
                "--min", "auc=0.9", "--champion", "cancer@production", "--min-improvement", "auc=0.01",
                "--store", store);
        assertThat(text.out()).contains("SKIP  auc.improvement: no champion yet");
    }

    @Test
    @DisplayName("validate --fairness needs --favorable, the outcome that benefits the person")
    void favorableRequired() throws IOException {
        Path credit = Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv");
        JsonNode trained = JSON.readTree(CliRun.of("train", "--data", credit.toString(), "--label", "class",
                "--register", "credit", "--folds", "0", "--store", store, "--format", "json").out());
        assertThat(trained.get("version").get("version").asInt()).isEqualTo(1);
        CliRun without = CliRun.of("validate", "credit:1", "--data", credit.toString(), "--label", "class",
                "--fairness", "age>=25", "--format", "json", "--store", store);
        assertThat(without.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("--favorable");
        assertThat(JSON.readTree(without.out()).get("error").get("message").asText()).contains("--favorable");
        CliRun with = CliRun.of("validate", "credit:1", "--data", credit.toString(), "--label", "class",
                "--fairness", "age>=25", "--favorable", "good", "--format", "json", "--store", store);
        assertThat(with.exitCode()).as(with.err()).isIn(ExitCodes.OK, ExitCodes.CHECK_FAILED);
        JsonNode report = JSON.readTree(with.out());
        assertThat(report.get("fairness").get(0).get("favorable").asText()).isEqualTo("good");
        assertThat(report.get("checks").get(0).get("detail").asText()).contains("favorable 'good'");
        CliRun alone = CliRun.of("validate", "credit:1", "--data", credit.toString(), "--label", "class",
                "--favorable", "good", "--store", store);
        assertThat(alone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.err()).contains("--fairness");
    }

    @Test
    @DisplayName("bad training input exits 2 naming the file, column or flag")
    void badInput() {
        CliRun label = CliRun.of("train", "--data", cancer.toString(), "--label", "outcome");
        assertThat(label.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(label.err()).contains("outcome");
        CliRun algorithm = CliRun.of("train", "--data", cancer.toString(), "--label", "diagnosis",
                "--algorithm", "svm");
        assertThat(algorithm.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(algorithm.err()).contains("svm");
        CliRun space = CliRun.of("train", "--data", cancer.toString(), "--label", "diagnosis",
                "--space", "maxDepth=2,4");
        assertThat(space.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(space.err()).contains("--search");
    }
}
