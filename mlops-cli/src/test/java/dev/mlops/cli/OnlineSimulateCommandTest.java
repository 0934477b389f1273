package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import dev.mlops.online.IncrementalModel;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops online simulate replays a stream prequentially, as the contract says")
class OnlineSimulateCommandTest {

    @TempDir
    Path dir;

    /**
     * A SEA stream (Street and Kim 2001): label "pos" when x1 + x2 ≤ θ, 10% of labels flipped;
     * θ = 8, and {@code changedTheta} from row {@code changeAt} on.
     */
    private Path sea(String name, int rows, int changeAt, double changedTheta) throws IOException {
        SplittableRandom random = new SplittableRandom(rows + changeAt);
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,label"));
        for (int i = 0; i < rows; i++) {
            double x1 = 10 * random.nextDouble();
            double x2 = 10 * random.nextDouble();
            double x3 = 10 * random.nextDouble();
            boolean positive = x1 + x2 <= (i < changeAt ? 8 : changedTheta);
            if (random.nextDouble() < 0.1) {
                positive = !positive;
            }
            lines.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s", x1, x2, x3, positive ? "pos" : "neg"));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    private static List<Integer> drifts(JsonNode result) {
        List<Integer> rows = new ArrayList<>();
        result.get("driftsDetected").forEach(n -> rows.add(n.intValue()));
        return rows;
    }

    @Test
    @DisplayName("JSON has the contract's fields; each row is predicted before it is learned, in file order")
    void contract() throws IOException {
        Path stream = sea("stream.csv", 5_000, 5_000, 8);
        JsonNode result = json(CliRun.of("online", "simulate", "--data", stream.toString(), "--label", "label",
                "--format", "json"));
        for (String field : List.of("samples", "prequentialAccuracy", "updates", "retrains", "driftsDetected",
                "samplesPerSecond")) {
            assertThat(result.has(field)).as(field).isTrue();
        }
        assertThat(result.get("samples").asLong()).isEqualTo(5_000);
        assertThat(result.get("updates").asLong()).isEqualTo(5_000);
        assertThat(result.get("retrains").asLong()).isZero();
        assertThat(result.get("driftsDetected").isArray()).isTrue();
        assertThat(result.get("samplesPerSecond").asDouble()).isPositive();

        // the same rows through the model directly: predict, score, learn, in file order
        DataTable table = CsvTables.read(stream, java.util.Set.of());
        OnlineSchema schema = OnlineSchema.infer(table, "label");
        IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl(0.1, 1, 0, 0));
        double[][] x = {table.numeric("x1").orElseThrow(), table.numeric("x2").orElseThrow(),
                table.numeric("x3").orElseThrow()};
        List<String> labels = table.categorical("label").orElseThrow();
        double[] p = new double[2];
        int right = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            int label = schema.labelIndex(labels.get(r));
            right += model.learn(new double[] {x[0][r], x[1][r], x[2][r]}, new String[0], label, p) == label ? 1 : 0;
        }
        assertThat(result.get("prequentialAccuracy").asDouble()).isEqualTo(right / 5_000.0);
        assertThat(right / 5_000.0).isBetween(0.85, 0.91);
    }

    @Test
    @DisplayName("an abrupt change is detected after it happens; a stream without one reports none")
    void changePoints() throws IOException {
        JsonNode changed = json(CliRun.of("online", "simulate", "--data", sea("changed.csv", 30_000, 15_000, 11).toString(),
                "--label", "label", "--format", "json"));
        List<Integer> rows = drifts(changed);
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0)).isBetween(15_000, 17_000);
        JsonNode steady = json(CliRun.of("online", "simulate", "--data", sea("steady.csv", 30_000, 30_000, 8).toString(),
                "--label", "label", "--format", "json"));
        assertThat(drifts(steady)).isEmpty();
        for (String detector : List.of("ddm", "page-hinkley")) {
            JsonNode other = json(CliRun.of("online", "simulate", "--data", dir.resolve("changed.csv").toString(),
                    "--label", "label", "--detector", detector, "--format", "json"));
            assertThat(drifts(other)).as(detector).isNotEmpty().allSatisfy(r -> assertThat(r).isGreaterThan(15_000));
        }
    }

    @Test
    @DisplayName("every strategy runs; adaptive retrains after the change and beats incremental")
    void strategies() throws IOException {
        Path stream = sea("changed.csv", 30_000, 15_000, 11);
        JsonNode incremental = json(CliRun.of("online", "simulate", "--data", stream.toString(), "--label", "label",
                "--strategy", "incremental", "--format", "json"));
        JsonNode adaptive = json(CliRun.of("online", "simulate", "--data", stream.toString(), "--label", "label",
                "--strategy", "adaptive", "--format", "json"));
        JsonNode minibatch = json(CliRun.of("online", "simulate", "--data", stream.toString(), "--label", "label",
                "--strategy", "minibatch", "--batch-size", "10", "--format", "json"));
        JsonNode periodic = json(CliRun.of("online", "simulate", "--data", stream.toString(), "--label", "label",
                "--strategy", "periodic", "--buffer", "5000", "--format", "json"));
        assertThat(adaptive.get("retrains").asLong()).isPositive();
        assertThat(adaptive.get("promotions").asLong()).isPositive();
        assertThat(adaptive.get("prequentialAccuracy").asDouble())
                .isGreaterThan(incremental.get("prequentialAccuracy").asDouble());
        assertThat(minibatch.get("updates").asLong()).isEqualTo(3_000);
        assertThat(periodic.get("updates").asLong()).isZero();
        assertThat(periodic.get("retrains").asLong()).isEqualTo(6);
        assertThat(periodic.get("prequentialAccuracy").asDouble()).isGreaterThan(0.75);
    }

    @Test
    @DisplayName("real data with categorical columns: credit-g's text columns are hashed, rows without a label only predicted")
    void categoricalAndUnlabelled() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("mlops.data.dir"), "credit-g.csv"));
        int label = List.of(lines.get(0).split(",")).indexOf("class");
        List<String> withGaps = new ArrayList<>(lines);
        for (int r = 1; r < withGaps.size(); r += 50) {
            String[] cells = withGaps.get(r).split(",", -1);
            cells[label] = "";
            withGaps.set(r, String.join(",", cells));
        }
        Path file = Files.write(dir.resolve("credit.csv"), withGaps);
        JsonNode result = json(CliRun.of("online", "simulate", "--data", file.toString(), "--label", "class",
                "--format", "json"));
        assertThat(result.get("unlabeled").asLong()).isEqualTo(20);
        assertThat(result.get("samples").asLong()).isEqualTo(980);
        assertThat(result.get("labels").toString()).isEqualTo("[\"bad\",\"good\"]");
        // credit-g is hard: 70% is the majority class; a stream of 1,000 rows is short
        assertThat(result.get("prequentialAccuracy").asDouble()).isBetween(0.65, 0.80);
    }

    @Test
    @DisplayName("text output is a short summary")
    void text() throws IOException {
        CliRun run = CliRun.of("online", "simulate", "--data", sea("changed.csv", 30_000, 15_000, 11).toString(),
                "--label", "label", "--strategy", "adaptive");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().count()).isLessThanOrEqualTo(4);
        assertThat(run.out()).contains("30,000 rows replayed (adaptive, adwin)", "prequential accuracy",
                "drift detected at row", "promoted");
    }

    @Test
    @DisplayName("with --register, challengers become versions in the store, with their reports")
    void register() throws IOException {
        Path stream = sea("changed.csv", 30_000, 15_000, 11);
        String store = "file:" + dir.resolve("store");
        JsonNode result = json(CliRun.of("online", "simulate", "--data", stream.toString(), "--label", "label",
                "--strategy", "adaptive", "--register", "sea", "--store", store, "--format", "json"));
        assertThat(result.get("promotions").asLong()).isPositive();
        JsonNode versions = json(CliRun.of("models", "list", "sea", "--store", store, "--format", "json"));
        assertThat(versions.size()).isEqualTo(result.get("retrains").asInt());
        assertThat(versions.get(0).get("tags").get("online.strategy").asText()).isEqualTo("adaptive");
        JsonNode production = json(CliRun.of("models", "show", "sea@production", "--store", store, "--format", "json"));
        assertThat(production.get("stage").asText()).isEqualTo("PRODUCTION");
    }

    @Test
    @DisplayName("bad input exits 2 naming the file, line, column or option")
    void badInput() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "x1,x2,label\n1,2,a\n3,4\n");
        CliRun run = CliRun.of("online", "simulate", "--data", ragged.toString(), "--label", "label");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("ragged.csv", "line 3");
        Path text = Files.writeString(dir.resolve("text.csv"), "x1,label\n1,a\n2,b\n");
        CliRun missing = CliRun.of("online", "simulate", "--data", text.toString(), "--label", "y");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--label y");
        CliRun strategy = CliRun.of("online", "simulate", "--data", text.toString(), "--label", "label",
                "--strategy", "fast");
        assertThat(strategy.exitCode()).isEqualTo(2);
        assertThat(strategy.err()).contains("--strategy fast");
        CliRun one = CliRun.of("online", "simulate", "--data", Files.writeString(dir.resolve("one.csv"),
                "x1,label\n1,a\n2,a\n").toString(), "--label", "label");
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.err()).contains("fewer than two labels");
        CliRun absent = CliRun.of("online", "simulate", "--data", dir.resolve("absent.csv").toString(), "--label", "y");
        assertThat(absent.exitCode()).isEqualTo(2);
        assertThat(absent.err()).contains("absent.csv");
    }
}
