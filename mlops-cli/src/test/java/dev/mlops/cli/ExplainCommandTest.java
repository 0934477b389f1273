package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops explain follows the contract")
class ExplainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String store;
    private Path credit;

    @BeforeEach
    void register() {
        store = "file:" + dir.resolve("store");
        credit = Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv");
        CliRun train = CliRun.of("train", "--data", credit.toString(), "--label", "class", "--algorithm",
                "random-forest", "--param", "trees=20", "--folds", "0", "--register", "credit", "--store", store);
        assertThat(train.exitCode()).as(train.err()).isZero();
    }

    private CliRun explain(String... extra) {
        List<String> args = new ArrayList<>(List.of("explain", "credit:1", "--data", credit.toString(), "--label",
                "class", "--store", store));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    @DisplayName("JSON: method, metric, baseline, repeats and every feature column, highest first; seeded")
    void json() throws IOException {
        CliRun run = explain("--format", "json", "--repeats", "2", "--seed", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.get("method").asText()).isEqualTo("permutation");
        assertThat(result.get("metric").asText()).isEqualTo("accuracy");
        assertThat(result.get("baseline").asDouble()).isBetween(0.7, 1.0);
        assertThat(result.get("repeats").asInt()).isEqualTo(2);
        JsonNode features = result.get("features");
        assertThat(features).hasSize(20);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode feature : features) {
            assertThat(feature.get("name").asText()).isNotEqualTo("class");
            assertThat(feature.get("std").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(feature.get("importance").asDouble()).isLessThanOrEqualTo(previous);
            previous = feature.get("importance").asDouble();
        }
        assertThat(features.get(0).get("importance").asDouble()).isPositive();
        assertThat(JSON.readTree(explain("--format", "json", "--repeats", "2", "--seed", "5").out())).isEqualTo(result);

        CliRun auc = explain("--format", "json", "--repeats", "1", "--metric", "auc");
        assertThat(auc.exitCode()).as(auc.err()).isZero();
        assertThat(JSON.readTree(auc.out()).get("metric").asText()).isEqualTo("auc");
    }

    @Test
    @DisplayName("text by default; html to --out with a one-line summary")
    void textAndHtml() throws IOException {
        CliRun text = explain("--repeats", "1");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("Permutation importance (accuracy drop, baseline ")
                .contains("checking_status");
        Path page = dir.resolve("importance.html");
        CliRun html = explain("--repeats", "1", "--format", "html", "--out", page.toString());
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(html.out()).startsWith("Wrote the html report to " + page + ": most important: ");
        assertThat(Files.readString(page)).contains("<title>Feature importance of credit:1</title>",
                "<svg id=\"importance\"");
    }

    @Test
    @DisplayName("bad arguments exit 2 naming the argument")
    void badArguments() {
        CliRun repeats = explain("--repeats", "0");
        assertThat(repeats.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(repeats.err()).contains("--repeats");
        CliRun metric = explain("--metric", "gini");
        assertThat(metric.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(metric.err()).contains("--metric").contains("gini");
        CliRun format = explain("--format", "pdf");
        assertThat(format.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.err()).contains("--format");
        CliRun label = CliRun.of("explain", "credit:1", "--data", credit.toString(), "--label", "klass",
                "--store", store);
        assertThat(label.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(label.err()).contains("klass");
        CliRun missing = CliRun.of("explain", "credit:9", "--data", credit.toString(), "--label", "class",
                "--store", store);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
