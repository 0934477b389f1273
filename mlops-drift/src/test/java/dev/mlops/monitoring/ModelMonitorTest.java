package dev.mlops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.drift.Severity;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.RegisterRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a model monitor judges windows of labelled predictions against the version's profile and baseline")
class ModelMonitorTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path dir;

    private ModelRegistry registry;
    private ModelVersion version;

    /** P(yes) = sigmoid(x), a category that changes nothing. */
    static final class Sigmoid implements Classifier {
        @Override
        public List<String> labels() {
            return List.of("no", "yes");
        }

        @Override
        public Optional<String> positiveClass() {
            return Optional.of("yes");
        }

        @Override
        public Map<String, FeatureType> featureColumns() {
            return Map.of("x", FeatureType.NUMERIC, "colour", FeatureType.CATEGORICAL);
        }

        @Override
        public Prediction predict(Map<String, ?> row) {
            double p = 1 / (1 + Math.exp(-((Number) row.get("x")).doubleValue()));
            return new Predictions(labels(), positiveClass(), new double[][] {{1 - p, p}}).get(0);
        }

        @Override
        public Predictions predict(DataTable table, String source) {
            throw new UnsupportedOperationException();
        }
    }

    @BeforeEach
    void setUp() {
        registry = ModelRegistries.builder("file:" + dir).refreshInterval(Duration.ZERO).open();
        version = registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {1})).build());
        SplittableRandom random = new SplittableRandom(1);
        double[] x = new double[2_000];
        String[] colour = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
            colour[i] = random.nextBoolean() ? "red" : "blue";
        }
        ReferenceProfile profile = ReferenceProfile.fit(DataTable.builder().numeric("x", x)
                .categorical("colour", colour).build());
        registry.attachEvidence("m", 1, ReferenceProfile.EVIDENCE_KIND, profile.toJson());
        registry.attachEvidence("m", 1, Baseline.VALIDATION_KIND, """
                {"metrics":{"accuracy":0.69,"auc":0.76,"logLoss":0.58},
                 "confusionMatrix":{"labels":["no","yes"],"counts":[[375,125],[125,375]]}}""");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private ModelMonitor monitor(MonitorConfig config) {
        return ModelMonitor.of(registry, version, new Sigmoid(), config, "web-1", InstantSource.fixed(NOW));
    }

    private static Map<String, Object> row(double x, String colour) {
        Map<String, Object> row = new HashMap<>();
        row.put("x", x);
        row.put("colour", colour);
        return row;
    }

    @Test
    @DisplayName("ground truth joined by id closes a window with the validator's metrics, recorded with the version")
    void window() {
        ModelMonitor monitor = monitor(MonitorConfig.defaults().withWindowSize(400));
        List<WindowReport> published = new ArrayList<>();
        monitor.addListener(published::add);
        SplittableRandom random = new SplittableRandom(2);
        List<String> actual = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        double[][] probabilities = new double[400][];
        for (int i = 0; i < 400; i++) {
            double x = random.nextGaussian();
            Prediction p = monitor.predict(1000 + i, row(x, random.nextBoolean() ? "red" : "blue"));
            predicted.add(p.label());
            probabilities[i] = new double[] {p.probability("no"), p.probability("yes")};
            actual.add(random.nextDouble() < p.probability("yes") ? "yes" : "no");
        }
        // labels arrive in another order; a few unknown ids are refused
        assertThat(monitor.label(42, "yes")).isFalse();
        for (int i = 399; i >= 1; i--) {
            assertThat(monitor.label(1000 + i, actual.get(i))).isTrue();
        }
        assertThat(published).isEmpty();
        assertThat(monitor.label(1000, actual.get(0))).isTrue();
        assertThat(monitor.label(1000, actual.get(0))).as("labelled already").isFalse();
        assertThat(published).hasSize(1);
        WindowReport report = published.get(0);
        ClassificationMetrics expected = ClassificationMetrics.compute(List.of("no", "yes"), Optional.of("yes"),
                actual, predicted, probabilities);
        assertThat(report.sampleCount()).isEqualTo(400);
        expected.asMap().forEach((name, value) ->
                assertThat(report.metrics().get(name)).as(name).isCloseTo(value, within(1e-12)));
        assertThat(report.maxSeverity()).isEqualTo(Severity.NONE);
        assertThat(report.degraded()).as(report.reasons().toString()).isFalse();
        assertThat(report.predictionPValue()).isPresent();
        assertThat(report.instance()).isEqualTo("web-1");
        List<PerformanceRecord> stored = registry.performance("m", 1);
        assertThat(stored).singleElement().satisfies(record -> {
            assertThat(record.sampleCount()).isEqualTo(400);
            assertThat(record.time()).isEqualTo(NOW);
            assertThat(record.metrics().get("accuracy")).isEqualTo(expected.accuracy());
            assertThat(record.metrics()).doesNotContainKeys(WindowReport.MAX_SEVERITY, WindowReport.DRIFTED_SHARE);
            assertThat(record.instance()).isEqualTo("web-1");
            assertThat(record.drift().maxSeverity()).isEqualTo("NONE");
            assertThat(record.drift().driftedShare()).isZero();
            assertThat(record.drift().driftedFeatures()).isEmpty();
            assertThat(record.drift().predictionPValue()).isEqualTo(report.predictionPValue().getAsDouble());
        });
        WindowReport again = WindowReport.fromRecord("m", 1, stored.get(0), monitor.baseline(), MonitorConfig.defaults());
        assertThat(again).isEqualTo(report);
        assertThat(monitor.closeWindow()).as("nothing labelled since").isEmpty();
    }

    @Test
    @DisplayName("shifted inputs and wrong predictions raise input drift and metric drop alerts with actions")
    void degradation() {
        ModelMonitor monitor = monitor(MonitorConfig.defaults().withWindowSize(300));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 300; i++) {
            double x = 2 + random.nextGaussian();
            Prediction p = monitor.predict(i, row(x, "green"));
            monitor.label(i, p.label().equals("yes") ? "no" : "yes");
        }
        WindowReport report = registry.performance("m", 1).stream()
                .map(r -> WindowReport.fromRecord("m", 1, r, monitor.baseline(), MonitorConfig.defaults()))
                .findFirst().orElseThrow();
        assertThat(report.degraded()).isTrue();
        assertThat(report.maxSeverity()).isGreaterThanOrEqualTo(Severity.HIGH);
        assertThat(report.driftedShare()).isCloseTo(1.0, within(1e-12));
        assertThat(report.driftedFeatures()).containsExactlyInAnyOrder("x", "colour");
        assertThat(report.alerts()).extracting(MonitorAlert::kind).contains(MonitorAlert.Kind.INPUT_DRIFT,
                MonitorAlert.Kind.PREDICTION_DRIFT, MonitorAlert.Kind.METRIC_DROP);
        assertThat(report.alerts()).filteredOn(a -> a.kind() == MonitorAlert.Kind.METRIC_DROP)
                .allSatisfy(a -> assertThat(a.action()).isEqualTo(MonitorAlert.Action.RETRAIN))
                .anySatisfy(a -> assertThat(a.message()).startsWith("accuracy 0.0000 is lower than 0.6900"));
    }

    @Test
    @DisplayName("beyond maxPending the oldest prediction is dropped; an id observed again replaces its prediction")
    void pendingBound() {
        ModelMonitor monitor = monitor(MonitorConfig.defaults().withWindowSize(10).withMaxPending(4));
        for (int i = 0; i < 6; i++) {
            monitor.predict(i, row(i, "red"));
        }
        assertThat(monitor.dropped()).isEqualTo(2);
        assertThat(monitor.label(0, "no")).isFalse();
        assertThat(monitor.label(1, "no")).isFalse();
        assertThat(monitor.label(3, "yes")).isTrue();
        monitor.predict(4, row(-5, "blue"));
        for (int i = 6; i < 9; i++) {
            monitor.predict(i, row(i, "red"));
        }
        assertThat(monitor.dropped()).as("0 and 1, then 2 and 5, the oldest still waiting").isEqualTo(4);
        assertThat(monitor.label(2, "yes")).isFalse();
        assertThat(monitor.label(5, "yes")).isFalse();
        assertThat(monitor.label(4, "no")).isTrue();
        WindowReport report = monitor.closeWindow().orElseThrow();
        assertThat(report.sampleCount()).isEqualTo(2);
        assertThat(report.metrics().get("accuracy")).as("x=3 → yes, replaced x=-5 → no").isEqualTo(1.0);
    }

    @Test
    @DisplayName("a row without a profile feature is refused naming it; a version without a profile cannot be watched")
    void badInput() {
        ModelMonitor monitor = monitor(MonitorConfig.defaults());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("x", 1.0);
        assertThatThrownBy(() -> monitor.observe(1, row, new Sigmoid().predict(row)))
                .isInstanceOf(DataException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> monitor.label(1, "maybe")).hasMessageContaining("'maybe' is not a label of m:1");
        ModelVersion bare = registry.register(RegisterRequest.builder("m", ArtifactSource.of(new byte[] {2})).build());
        assertThatThrownBy(() -> ModelMonitor.of(registry, bare, new Sigmoid(), MonitorConfig.defaults(), "",
                InstantSource.system())).hasMessageContaining("m:2 has no stored reference profile");
    }

    @Test
    @DisplayName("a record of before the drift summary was a field is read from its drift.* metric keys")
    void olderRecords() {
        ModelMonitor monitor = monitor(MonitorConfig.defaults().withWindowSize(10));
        PerformanceRecord older = new PerformanceRecord(NOW, Map.of("accuracy", 0.5, WindowReport.DRIFTED_SHARE, 0.5,
                WindowReport.MAX_SEVERITY, (double) Severity.HIGH.ordinal(), WindowReport.PREDICTION_P, 0.001), 10);
        WindowReport report = WindowReport.fromRecord("m", 1, older, monitor.baseline(), MonitorConfig.defaults());
        assertThat(report.maxSeverity()).isEqualTo(Severity.HIGH);
        assertThat(report.driftedShare()).isEqualTo(0.5);
        assertThat(report.predictionPValue()).hasValue(0.001);
        assertThat(report.instance()).isEmpty();
        assertThat(report.metrics()).doesNotContainKey(WindowReport.DRIFTED_SHARE);
        assertThat(report.alerts()).extracting(MonitorAlert::kind).contains(MonitorAlert.Kind.INPUT_DRIFT,
                MonitorAlert.Kind.PREDICTION_DRIFT);
    }

    @Test
    @DisplayName("the drift summary of a stored record names exactly the severities of the drift module")
    void severityNames() {
        assertThat(PerformanceRecord.DriftSummary.SEVERITIES).containsExactly(
                java.util.Arrays.stream(Severity.values()).map(Severity::name).toArray(String[]::new));
    }
}
