package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.ConfusionMatrix;
import dev.mlops.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a simulation replays a table prequentially")
class SimulationTest {

    /** Cohen's kappa from the library's confusion matrix: (p_o − p_e) / (1 − p_e). */
    private static double kappa(ConfusionMatrix matrix) {
        List<String> labels = matrix.labels();
        double n = 0;
        double agree = 0;
        double[] rows = new double[labels.size()];
        double[] columns = new double[labels.size()];
        for (int a = 0; a < labels.size(); a++) {
            for (int p = 0; p < labels.size(); p++) {
                long count = matrix.count(labels.get(a), labels.get(p));
                n += count;
                rows[a] += count;
                columns[p] += count;
                agree += a == p ? count : 0;
            }
        }
        double expected = 0;
        for (int k = 0; k < labels.size(); k++) {
            expected += rows[k] * columns[k] / (n * n);
        }
        return (agree / n - expected) / (1 - expected);
    }

    @Test
    @DisplayName("run() scores what step() predicts, rows given as arrays or maps alike, and its accuracy and kappa agree with ClassificationMetrics")
    void agreesWithMetrics() {
        List<Streams.Row> rows = Streams.blobs(12, 6_000);
        double[] x1 = new double[rows.size()];
        double[] x2 = new double[rows.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            x1[i] = rows.get(i).x()[0];
            x2[i] = rows.get(i).x()[1];
            labels.add(List.of("a", "b", "c").get(rows.get(i).label()));
        }
        DataTable table = DataTable.builder().numeric("x1", x1).numeric("x2", x2).categorical("class", labels).build();
        OnlineSchema schema = OnlineSchema.infer(table, "class");
        assertThat(schema.positiveClass()).isEmpty();
        SimulationResult result;
        try (Simulation simulation = OnlineLearner.builder(schema).strategy(Strategy.INCREMENTAL).simulation()) {
            result = simulation.run(table);
        }
        List<String> predicted = new ArrayList<>();
        double[][] probabilities = new double[rows.size()][];
        try (Simulation again = OnlineLearner.builder(schema).strategy(Strategy.INCREMENTAL).simulation()) {
            for (int i = 0; i < rows.size(); i++) {
                probabilities[i] = new double[3];
                int best = again.step(rows.get(i).x(), new String[0], rows.get(i).label(), probabilities[i]);
                predicted.add(schema.labels().get(best));
            }
        }
        try (Simulation byMaps = OnlineLearner.builder(schema).strategy(Strategy.INCREMENTAL).simulation()) {
            for (int i = 0; i < rows.size(); i++) {
                Prediction p = byMaps.step(table.row(i), labels.get(i));
                assertThat(p.label()).as("row %d given as a map", i).isEqualTo(predicted.get(i));
                assertThat(p.probability(predicted.get(i))).isEqualTo(probabilities[i][schema.labels().indexOf(predicted.get(i))]);
            }
            assertThatThrownBy(() -> byMaps.step(Map.of("x1", 1.0), "a")).isInstanceOf(DataException.class)
                    .hasMessageContaining("x2");
        }
        ClassificationMetrics metrics = ClassificationMetrics.compute(schema.labels(), Optional.empty(), labels,
                predicted, probabilities);
        assertThat(result.samples()).isEqualTo(6_000);
        assertThat(result.prequentialAccuracy()).isEqualTo(metrics.accuracy());
        assertThat(result.kappa()).isCloseTo(kappa(metrics.confusionMatrix()), within(1e-12));
        assertThat(result.updates()).isEqualTo(6_000);
        assertThat(result.driftsDetected()).isEmpty();
    }

    @Test
    @DisplayName("rows without a label are only predicted; a label the schema lacks names its row")
    void unlabelledAndUnknown() {
        LabeledData data = TestData.breastCancer();
        OnlineSchema schema = OnlineSchema.infer(data.table(), "diagnosis");
        assertThat(schema.positiveClass()).contains("malignant");
        List<String> diagnosis = new ArrayList<>(data.table().categorical("diagnosis").orElseThrow());
        for (int r = 0; r < diagnosis.size(); r += 10) {
            diagnosis.set(r, "");
        }
        DataTable.Builder builder = DataTable.builder();
        for (String column : schema.numeric()) {
            builder.numeric(column, data.table().numeric(column).orElseThrow());
        }
        SimulationResult result;
        try (Simulation simulation = OnlineLearner.builder(schema).simulation()) {
            result = simulation.run(builder.categorical("diagnosis", diagnosis).build());
        }
        assertThat(result.unlabeled()).isEqualTo(57);
        assertThat(result.samples()).isEqualTo(569 - 57);
        assertThat(result.prequentialAccuracy()).isGreaterThan(0.9);

        diagnosis.set(3, "unsure");
        DataTable odd = DataTable.builder().numeric("x", new double[diagnosis.size()]).categorical("diagnosis", diagnosis)
                .build();
        try (Simulation simulation = OnlineLearner.builder(OnlineSchema.of("diagnosis",
                List.of("benign", "malignant"), List.of("x"))).simulation()) {
            assertThatThrownBy(() -> simulation.run(odd)).isInstanceOf(DataException.class)
                    .hasMessageContaining("row 4").hasMessageContaining("'unsure'");
        }
    }

    @Test
    @DisplayName("its result writes the simulate document: every member in alphabetical order, names for the settings, null for undefined numbers")
    void json() {
        List<Streams.Row> rows = Streams.sea(13, 0.1, 1_500, 8);
        double[] x1 = new double[rows.size()];
        double[] x2 = new double[rows.size()];
        double[] x3 = new double[rows.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            x1[i] = rows.get(i).x()[0];
            x2[i] = rows.get(i).x()[1];
            x3[i] = rows.get(i).x()[2];
            labels.add(i % 100 == 0 ? "" : rows.get(i).label() == 1 ? "yes" : "no");
        }
        DataTable table = DataTable.builder().numeric("x1", x1).numeric("x2", x2).numeric("x3", x3)
                .categorical("y", labels).build();
        OnlineSchema schema = OnlineSchema.of("y", List.of("no", "yes"), Streams.names("x", 3));
        SimulationResult result;
        try (Simulation simulation = OnlineLearner.builder(schema).strategy(Strategy.MINI_BATCH).batchSize(10)
                .detector(Detector.ddm()).optimizer(Optimizer.adaGrad()).simulation()) {
            result = simulation.run(table);
        }
        assertThat(result.strategy()).isEqualTo(Strategy.MINI_BATCH);
        assertThat(result.detector()).isEqualTo(Detector.ddm());
        assertThat(result.optimizer()).isEqualTo(Optimizer.adaGrad());
        assertThat(result.labels()).containsExactly("no", "yes");
        assertThat(List.of(result.retrains(), result.promotions(), result.rejections(), result.rollbacks()))
                .as("mini-batch learning retrains only when asked").containsOnly(0L);
        assertThat(result.seconds()).isPositive();
        assertThat(result.samplesPerSecond()).isCloseTo(result.samples() / result.seconds(), within(1e-6));
        JsonNode json = Json.read(result.toJson());
        List<String> members = new ArrayList<>();
        json.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("detector", "driftsDetected", "kappa", "labels", "optimizer",
                "prequentialAccuracy", "promotions", "rejections", "retrains", "rollbacks", "samples", "samplesPerSecond",
                "strategy", "unlabeled", "updates", "windowAccuracy");
        assertThat(json.get("detector").asText()).isEqualTo("ddm");
        assertThat(json.get("optimizer").asText()).isEqualTo("adagrad");
        assertThat(json.get("strategy").asText()).isEqualTo("minibatch");
        assertThat(json.get("labels").toString()).isEqualTo("[\"no\",\"yes\"]");
        assertThat(json.get("samples").asLong()).isEqualTo(1_485);
        assertThat(json.get("unlabeled").asLong()).isEqualTo(15);
        assertThat(json.get("updates").asLong()).isEqualTo(148);
        assertThat(json.get("prequentialAccuracy").asDouble()).isEqualTo(result.prequentialAccuracy());
        assertThat(json.get("kappa").asDouble()).isEqualTo(result.kappa());
        assertThat(json.get("windowAccuracy").asDouble()).isEqualTo(result.windowAccuracy());
        assertThat(json.get("driftsDetected").isArray()).isTrue();

        DataTable unlabelled = DataTable.builder().numeric("x1", new double[] {1}).numeric("x2", new double[] {2})
                .numeric("x3", new double[] {3}).categorical("y", List.of("")).build();
        try (Simulation simulation = OnlineLearner.builder(schema).simulation()) {
            JsonNode none = Json.read(simulation.run(unlabelled).toJson());
            assertThat(none.get("prequentialAccuracy").isNull()).isTrue();
            assertThat(none.get("kappa").isNull()).isTrue();
            assertThat(none.get("windowAccuracy").isNull()).isTrue();
            assertThat(none.get("samples").asLong()).isZero();
        }
    }

    @Test
    @DisplayName("a listener added to a simulation hears its events and metrics on the caller's thread until it is removed")
    void listeners() {
        OnlineSchema schema = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3));
        List<OnlineEvent> heard = new ArrayList<>();
        List<LearnerMetrics> metrics = new ArrayList<>();
        Thread caller = Thread.currentThread();
        OnlineListener listener = new OnlineListener() {
            @Override
            public void onEvent(OnlineEvent event) {
                assertThat(Thread.currentThread()).isSameAs(caller);
                heard.add(event);
            }

            @Override
            public void onMetrics(LearnerMetrics fresh) {
                metrics.add(fresh);
            }
        };
        try (Simulation simulation = OnlineLearner.builder(schema).strategy(Strategy.INCREMENTAL).window(100)
                .simulation()) {
            simulation.addListener(listener);
            double[] p = new double[2];
            for (Streams.Row row : Streams.sea(14, 0.1, 250, 8)) {
                simulation.step(row.x(), new String[0], row.label(), p);
            }
            OnlineEvent skipped = simulation.retrain("too early");
            assertThat(heard).containsExactly(skipped);
            assertThat(metrics).extracting(LearnerMetrics::samples).containsExactly(100L, 200L);
            simulation.removeListener(listener);
            simulation.retrain("unheard");
            assertThat(heard).hasSize(1);
            assertThat(simulation.events()).hasSize(2);
        }
    }
}
