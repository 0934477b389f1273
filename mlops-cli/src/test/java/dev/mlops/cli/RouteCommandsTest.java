package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops route assign and analyze follow the contract")
class RouteCommandsTest {

    @TempDir
    Path dir;

    private Path experiment;
    private Path units;

    @BeforeEach
    void files() throws IOException {
        experiment = Files.writeString(dir.resolve("exp.json"), """
                {"id":"churn-ab","salt":"2026-q4","variants":[
                  {"name":"control","model":"churn:1","weight":1},
                  {"name":"treatment","model":"churn:2","weight":1}],"canary":null}
                """);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ids.add("user-" + i);
        }
        ids.addAll(List.of("ünïcødé", "用户", "😀-emoji"));
        units = Files.write(dir.resolve("units.txt"), ids, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("assign prints UNIT,VARIANT per line, the same on every run, about half each")
    void assign() throws IOException {
        CliRun first = CliRun.of("route", "assign", "--experiment", experiment.toString(), "--units",
                units.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<String> lines = first.out().lines().toList();
        assertThat(lines).hasSize(5003);
        assertThat(lines.get(5001)).startsWith("用户,");
        long treatment = lines.stream().filter(l -> l.endsWith(",treatment")).count();
        assertThat(treatment).isBetween(2300L, 2700L);
        assertThat(lines).allMatch(l -> l.endsWith(",control") || l.endsWith(",treatment"));
        assertThat(CliRun.of("route", "assign", "--experiment", experiment.toString(), "--units",
                units.toString()).out()).isEqualTo(first.out());
    }

    @Test
    @DisplayName("analyze finds a real lift and names the winner; a bad file exits 2")
    void analyze() throws IOException {
        List<String> assigned = CliRun.of("route", "assign", "--experiment", experiment.toString(),
                "--units", units.toString()).out().lines().toList();
        Random random = new Random(11);
        List<String> events = new ArrayList<>(List.of("unit,variant,converted"));
        for (String line : assigned) {
            String variant = line.substring(line.lastIndexOf(',') + 1);
            double rate = variant.equals("control") ? 0.10 : 0.20;
            events.add(line + "," + (random.nextDouble() < rate ? 1 : 0));
        }
        Path file = Files.write(dir.resolve("events.csv"), events, StandardCharsets.UTF_8);
        CliRun run = CliRun.of("route", "analyze", "--experiment", experiment.toString(), "--events",
                file.toString(), "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode analysis = new ObjectMapper().readTree(run.out());
        assertThat(analysis.get("decision").asText()).isEqualTo("winner:treatment");
        assertThat(analysis.get("srmPValue").asDouble()).isGreaterThan(0.001);
        assertThat(analysis.get("variants")).hasSize(2);
        assertThat(analysis.get("variants").get(0).get("count").asLong()
                + analysis.get("variants").get(1).get("count").asLong()).isEqualTo(5003);

        CliRun text = CliRun.of("route", "analyze", "--experiment", experiment.toString(), "--events",
                file.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Experiment churn-ab: metric converted (conversion), control control,"
                + " deciding test msprt at alpha 0.05");
        assertThat(lines.get(1)).startsWith("VARIANT").contains("UNITS", "CONVERSIONS", "RATE", "DIFFERENCE",
                "95% INTERVAL", "P-VALUE");
        JsonNode control = analysis.get("variants").get(0);
        JsonNode treatment = analysis.get("variants").get(1);
        assertThat(lines.get(2).split(" +")).startsWith("control", control.get("count").asText())
                .contains(control.get("conversions").asText(), "control");
        assertThat(lines.get(3).split(" +")).startsWith("treatment", treatment.get("count").asText())
                .contains(treatment.get("conversions").asText());
        String points = "[-+]\\d+\\.\\d\\d pp";
        assertThat(lines.get(3)).containsPattern(points + " +\\[" + points + ", " + points + "\\]");
        assertThat(lines.get(4)).startsWith("Sample-ratio check: chi-square").contains("should");
        assertThat(lines.get(5)).startsWith("Decision: winner:treatment (");

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\":\"x\",\"salt\":\"s\","
                + "\"variants\":[{\"name\":\"a\",\"model\":\"m:1\",\"weight\":-1}]}");
        CliRun bad = CliRun.of("route", "analyze", "--experiment", broken.toString(), "--events",
                file.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("broken.json", "weight");
    }
}
