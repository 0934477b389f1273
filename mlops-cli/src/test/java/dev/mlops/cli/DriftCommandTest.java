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

@DisplayName("mlops drift compares two CSV files as the contract says")
class DriftCommandTest {

    @TempDir
    Path dir;

    private Path young;
    private Path older;

    /** credit-g split by age: under 30 against 30 and over, a realistic covariate shift. */
    @BeforeEach
    void split() throws IOException {
        List<String> lines = Files.readAllLines(
                Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv"));
        int age = List.of(lines.get(0).split(",")).indexOf("age");
        List<String> under = new ArrayList<>(List.of(lines.get(0)));
        List<String> over = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            // credit-g quotes no field, so the age is the age-th comma-separated cell
            (Integer.parseInt(line.split(",")[age]) < 30 ? under : over).add(line);
        }
        young = Files.write(dir.resolve("young.csv"), under);
        older = Files.write(dir.resolve("older.csv"), over);
    }

    @Test
    @DisplayName("JSON has every contract field and every applicable test per feature type")
    void json() throws IOException {
        CliRun run = CliRun.of("drift", "--reference", older.toString(), "--current", young.toString(),
                "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("drifted").asBoolean()).isTrue();
        assertThat(report.get("driftedShare").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.get("features")).hasSize(21);
        for (JsonNode feature : report.get("features")) {
            for (String field : List.of("name", "type", "nReference", "nCurrent", "missingReference",
                    "missingCurrent", "tests", "severity", "drifted")) {
                assertThat(feature.has(field)).as("%s has %s", feature.get("name"), field).isTrue();
            }
            List<String> methods = new ArrayList<>();
            feature.get("tests").forEach(t -> methods.add(t.get("method").asText()));
            if (feature.get("type").asText().equals("numeric")) {
                assertThat(methods).contains("ks", "psi", "js", "wasserstein");
            } else {
                assertThat(methods).contains("chi2", "psi", "js");
            }
            feature.get("tests").forEach(t -> {
                if (List.of("psi", "js", "wasserstein").contains(t.get("method").asText())) {
                    assertThat(t.get("pValue").isNull()).isTrue();
                }
            });
        }
        JsonNode age = findFeature(report, "age");
        assertThat(age.get("drifted").asBoolean()).isTrue();
        assertThat(age.get("nReference").asLong() + age.get("nCurrent").asLong()).isEqualTo(1000);
        assertThat(findFeature(report, "purpose").get("type").asText()).isEqualTo("categorical");
    }

    @Test
    @DisplayName("--columns and --categorical select and type columns")
    void selection() throws IOException {
        CliRun run = CliRun.of("drift", "--reference", older.toString(), "--current", young.toString(),
                "--columns", "age,num_dependents", "--categorical", "num_dependents", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("features")).hasSize(2);
        assertThat(findFeature(report, "num_dependents").get("type").asText()).isEqualTo("categorical");
    }

    @Test
    @DisplayName("--exclude leaves out the label column that production data does not have")
    void exclude() throws IOException {
        List<String> lines = Files.readAllLines(young);
        List<String> header = List.of(lines.get(0).split(","));
        int label = header.indexOf("class");
        List<String> production = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",")));
            cells.remove(label);
            production.add(String.join(",", cells));
        }
        Path today = Files.write(dir.resolve("today.csv"), production);
        CliRun without = CliRun.of("drift", "--reference", older.toString(), "--current", today.toString());
        assertThat(without.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("today.csv", "'class'");
        CliRun run = CliRun.of("drift", "--reference", older.toString(), "--current", today.toString(),
                "--exclude", "class", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("features")).hasSize(20);
        assertThat(report.get("features").findValuesAsText("name")).doesNotContain("class");
        assertThat(report.get("reference").asText()).isEqualTo(older.toString());
        assertThat(report.get("current").asText()).isEqualTo(today.toString());
        CliRun typo = CliRun.of("drift", "--reference", older.toString(), "--current", today.toString(),
                "--exclude", "klass");
        assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("'klass'", "excluded");
    }

    @Test
    @DisplayName("--fail-on-drift exits 1 on drift and 0 without")
    void failOnDrift() {
        assertThat(CliRun.of("drift", "--reference", older.toString(), "--current", young.toString(),
                "--fail-on-drift").exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(CliRun.of("drift", "--reference", older.toString(), "--current", older.toString(),
                "--fail-on-drift").exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    @DisplayName("--format html --out writes a self-contained page with histograms")
    void html() throws IOException {
        Path page = dir.resolve("report.html");
        CliRun run = CliRun.of("drift", "--reference", older.toString(), "--current", young.toString(),
                "--format", "html", "--out", page.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String html = Files.readString(page);
        // the SVG namespace URI is a name, not a resource; in-page anchors are fine; nothing may
        // be fetched
        assertThat(html).contains("<svg", "credit_amount").doesNotContain("url(", "@import", "<script")
                .doesNotContainPattern("(src|href)=\"[^#]")
                .contains("Current data <code>" + young + "</code>")
                .contains("against reference <code>" + older + "</code>");
        assertThat(run.out()).contains("report.html");
    }

    @Test
    @DisplayName("bad input exits 2 naming the file, column or flag")
    void badInput() throws IOException {
        CliRun missing = CliRun.of("drift", "--reference", dir.resolve("nope.csv").toString(),
                "--current", young.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("nope.csv");

        CliRun column = CliRun.of("drift", "--reference", older.toString(), "--current",
                young.toString(), "--columns", "salary");
        assertThat(column.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(column.err()).contains("salary");

        Path broken = Files.writeString(dir.resolve("broken.csv"), "age,duration\n30,12\nthirty,6\n");
        CliRun cell = CliRun.of("drift", "--reference", older.toString(), "--current",
                broken.toString(), "--columns", "age,duration");
        assertThat(cell.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cell.err()).contains("broken.csv", "line 3", "age");

        CliRun alpha = CliRun.of("drift", "--reference", older.toString(), "--current",
                young.toString(), "--alpha", "1.5");
        assertThat(alpha.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(alpha.err()).contains("--alpha");

        CliRun method = CliRun.of("drift", "--reference", older.toString(), "--current",
                young.toString(), "--method", "median");
        assertThat(method.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(method.err()).contains("median");
    }

    private static JsonNode findFeature(JsonNode report, String name) {
        for (JsonNode feature : report.get("features")) {
            if (feature.get("name").asText().equals(name)) {
                return feature;
            }
        }
        throw new AssertionError("no feature " + name);
    }
}
