package dev.mlops.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.Leases;
import dev.mlops.core.ModelRegistries;
import dev.mlops.data.TestData;
import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.PerformanceRecord;
import dev.mlops.registry.Stage;
import dev.mlops.spi.Lease;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("retraining by policy")
class RetrainerTest {

    @TempDir
    Path dir;

    private ModelRegistry registry;
    private Path credit;

    @BeforeEach
    void open() throws IOException {
        registry = ModelRegistries.builder("file:" + dir.resolve("store")).refreshInterval(Duration.ZERO).open();
        credit = TestData.file("credit-g.csv");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** credit:1, trained on the first 300 rows of credit-g, in production. */
    private void champion() throws IOException {
        Path first = Files.write(dir.resolve("first.csv"), Files.readAllLines(credit).subList(0, 301));
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(dev.mlops.data.LabeledData.fromCsv(first, "class"),
                    TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).seed(1).registerAs("credit").build());
        }
        Promotions.promote(registry, registry.get("credit:1").ref(), Stage.PRODUCTION, "test champion");
    }

    private RetrainingPolicy policy(String triggersAndMore) {
        return RetrainingPolicy.parse("{\"label\":\"class\",\"data\":{\"csv\":\"credit-g.csv\"}," + triggersAndMore + "}",
                "policy.json", credit.getParent());
    }

    @Nested
    @DisplayName("policies")
    class Policies {

        @Test
        @DisplayName("every field is read; improvements are absolute or relative; durations are ISO-8601")
        void parse() {
            RetrainingPolicy p = RetrainingPolicy.parse("""
                    {"label":"class","data":{"jdbc":{"url":"jdbc:h2:mem:x","query":"SELECT * FROM t"}},
                     "triggers":{"always":true,"newRows":10,"drift":"high","metricDrop":{"auc":0.05},"maxAge":"P7D"},
                     "training":{"algorithm":"cart","params":{"maxDepth":4},"seed":3},
                     "validation":{"holdoutFraction":0.3,"min":{"logLoss":0.7},"minImprovement":{"accuracy":"2%","f1":0.01},
                                   "significance":0.05,"fairness":{"column":"age>=25","favorable":"good"}},
                     "promotion":"approval","watch":{"metric":"auc","tolerance":0.02},"lease":"PT30M"}""",
                    "p.json", dir);
            assertThat(p.triggers().always()).isTrue();
            assertThat(p.triggers().newRows()).hasValue(10);
            assertThat(p.triggers().drift()).contains(Severity.HIGH);
            assertThat(p.triggers().metricDrop()).containsEntry(Metric.AUC, 0.05);
            assertThat(p.triggers().maxAge()).contains(Duration.ofDays(7));
            assertThat(p.training().params()).contains(Map.of("maxDepth", "4"));
            assertThat(p.validation().minImprovement()).containsEntry(Metric.ACCURACY,
                    new RetrainingPolicy.Improvement(0.02, true)).containsEntry(Metric.F1,
                    new RetrainingPolicy.Improvement(0.01, false));
            assertThat(p.validation().fairness().orElseThrow().favorable()).isEqualTo("good");
            assertThat(p.promotion()).isEqualTo(RetrainingPolicy.Promotion.APPROVAL);
            assertThat(p.watch().orElseThrow().metric()).isEqualTo(Metric.AUC);
            assertThat(p.lease()).isEqualTo(Duration.ofMinutes(30));
            assertThat(p.data().describe()).isEqualTo("jdbc:h2:mem:x query");
        }

        @Test
        @DisplayName("a bad field is named")
        void badFields() {
            for (String[] bad : new String[][] {
                    {"{\"label\":\"class\"}", "'data'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\"},\"extra\":1}", "'extra'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\"},\"triggers\":{\"drift\":\"SEVERE\"}}", "'triggers.drift'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\"},\"triggers\":{\"newRows\":-1}}", "'triggers.newRows'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\"},\"lease\":\"soon\"}", "'lease'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\"},\"promotion\":\"yes\"}", "'promotion'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\",\"jdbc\":{}}}", "'data'"},
                    {"{\"label\":\"class\",\"data\":{\"csv\":\"x\"},\"validation\":{\"fairness\":{\"column\":\"age\"}}}",
                            "'validation.fairness.favorable'"}}) {
                assertThatThrownBy(() -> RetrainingPolicy.parse(bad[0], "p.json", dir))
                        .isInstanceOf(PolicyException.class).hasMessageContaining("p.json").hasMessageContaining(bad[1]);
            }
        }
    }

    @Test
    @DisplayName("a metric drop trigger fires on the newest performance record; one on a metric the baseline lacks is refused")
    void metricDrop() throws IOException {
        champion();
        RetrainingPolicy policy = policy("\"triggers\":{\"metricDrop\":{\"accuracy\":0.05}}");
        RetrainingOutcome quiet = Retrainer.of(registry, policy).run("credit");
        assertThat(quiet.decision()).isEqualTo(RetrainingOutcome.Decision.NO_TRIGGER);
        assertThat(quiet.triggers()).singleElement().satisfies(t -> assertThat(t.detail()).startsWith("no live accuracy yet (no performance record"));
        double then = registry.get("credit:1").metrics().get("accuracy");
        registry.recordPerformance("credit", 1, new PerformanceRecord(Instant.now(), Map.of("accuracy", then - 0.2), 500));
        RetrainingOutcome fired = Retrainer.of(registry, policy).run("credit");
        assertThat(fired.triggers()).singleElement().satisfies(t -> assertThat(t.fired()).isTrue());
        assertThat(fired.decision()).isIn(RetrainingOutcome.Decision.PROMOTED, RetrainingOutcome.Decision.REJECTED);
        assertThat(fired.challenger().orElseThrow().tags()).containsEntry(Retrainer.TRIGGER_TAG, "metricDrop");

        registry.attachEvidence("credit", registry.get("credit@production").version(), "validation-report",
                "{\"metrics\":{\"accuracy\":0.7}}");
        assertThatThrownBy(() -> Retrainer.of(registry, policy("\"triggers\":{\"metricDrop\":{\"auc\":0.05}}")).run("credit"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("triggers.metricDrop.auc")
                .hasMessageContaining("has no validation-time auc");
    }

    @Test
    @DisplayName("a drift trigger compares the data's newest rows with the stored profile")
    void drift() throws IOException {
        champion();
        List<String> lines = new ArrayList<>(Files.readAllLines(credit));
        int age = List.of(lines.get(0).split(",")).indexOf("age");
        List<String> old = new ArrayList<>(lines.subList(0, 301));
        for (String line : lines.subList(301, lines.size())) {
            String[] cells = line.split(",");
            cells[age] = Integer.toString(Integer.parseInt(cells[age]) + 30);
            old.add(String.join(",", cells));
        }
        Files.write(dir.resolve("aged.csv"), old);
        RetrainingPolicy policy = RetrainingPolicy.parse("{\"label\":\"class\",\"data\":{\"csv\":\"aged.csv\"},"
                + "\"triggers\":{\"drift\":\"MEDIUM\"}}", "p.json", dir);
        RetrainingOutcome outcome = Retrainer.of(registry, policy).run("credit");
        assertThat(outcome.triggers()).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo("drift");
            assertThat(t.fired()).as(t.detail()).isTrue();
            assertThat(t.detail()).startsWith("input drift at severity").contains("the newest 700 rows against the stored profile");
        });
    }

    @Test
    @DisplayName("a drift trigger fires on the monitor's newest window when the data has no untrained rows")
    void driftOfLiveTraffic() throws IOException {
        champion();
        RetrainingPolicy policy = RetrainingPolicy.parse("{\"label\":\"class\",\"data\":{\"csv\":\"first.csv\"},"
                + "\"triggers\":{\"drift\":\"MEDIUM\"}}", "p.json", dir);
        assertThat(Retrainer.of(registry, policy).run("credit").decision()).as("no window checked yet")
                .isEqualTo(RetrainingOutcome.Decision.NO_TRIGGER);
        registry.recordPerformance("credit", 1, new PerformanceRecord(Instant.now(), Map.of("accuracy", 0.7), 200,
                "web-1", new PerformanceRecord.DriftSummary("HIGH", 0.25, List.of("age", "duration"), 0.5)));
        RetrainingOutcome outcome = Retrainer.of(registry, policy).run("credit");
        assertThat(outcome.triggers()).singleElement().satisfies(t -> {
            assertThat(t.fired()).as(t.detail()).isTrue();
            assertThat(t.detail()).contains("the newest performance record of credit:1: 25% of the features drifted")
                    ;
        });
    }

    @Test
    @DisplayName("a promoted version that does worse while watched is rolled back at the next run")
    void watchRollsBack() throws IOException {
        champion();
        RetrainingOutcome promoted = Retrainer.of(registry, policy("\"triggers\":{\"always\":true}")).run("credit");
        assertThat(promoted.decision()).as(promoted.reason()).isEqualTo(RetrainingOutcome.Decision.PROMOTED);
        int fresh = promoted.challenger().orElseThrow().version();
        RetrainingPolicy watched = policy("\"triggers\":{\"newRows\":1000000},\"watch\":{\"metric\":\"accuracy\","
                + "\"tolerance\":0.02}");
        assertThat(Retrainer.of(registry, watched).run("credit").decision())
                .as("no record yet").isEqualTo(RetrainingOutcome.Decision.NO_TRIGGER);
        registry.recordPerformance("credit", fresh, new PerformanceRecord(Instant.now(), Map.of("accuracy", 0.4), 300));
        RetrainingOutcome back = Retrainer.of(registry, watched).run("credit");
        assertThat(back.decision()).isEqualTo(RetrainingOutcome.Decision.ROLLED_BACK);
        assertThat(back.reason()).contains("accuracy 0.4000 in production is worse than").endsWith("credit:1 is back");
        assertThat(registry.get("credit@production").version()).isEqualTo(1);
        assertThat(registry.history("credit")).anySatisfy(e -> assertThat(e.reason()).startsWith("automatic rollback: watched"));
    }

    @Test
    @DisplayName("a run finds the lease held by another holder and stops at once; nothing is trained")
    void leaseHeld() throws IOException {
        champion();
        Lease other = Leases.of(registry).orElseThrow().acquire("credit", "someone-else", Duration.ofMinutes(1))
                .orElseThrow();
        assertThatThrownBy(() -> Retrainer.of(registry, policy("\"triggers\":{\"always\":true}")).run("credit"))
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("someone-else");
        assertThat(registry.versions("credit")).hasSize(1);
        Leases.of(registry).orElseThrow().release(other);
    }
}
