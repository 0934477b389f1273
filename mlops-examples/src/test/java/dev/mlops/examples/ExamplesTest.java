package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Stage;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example as a user would: its main method, a fresh store, the bundled data. */
class ExamplesTest {

    private static final Path DATA = Path.of(System.getProperty("mlops.data.dir"));

    @TempDir
    Path temp;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void capture() {
        stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        stdout.print(output());
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("quick start on an empty store: no champion yet for the first candidate, the second faces it")
    void quickStart() {
        QuickStart.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("credit:1: passed (1 checks, 1 skipped, 200 rows of credit-g 801-1000)")
                .contains("SKIP  auc.improvement: no champion yet: credit@production points to no version")
                .contains("credit:2: ").contains("champion credit:1 (credit@production)")
                .containsPattern("ModelVersion\\[credit:[12] PRODUCTION sha256=[0-9a-f]{12} created [^\\]]+\\]"
                        + " predicts Prediction\\[label=(good|bad)");
    }

    @Test
    @DisplayName("governance: the author's approval does not count, another actor's does; a deletion's bytes are collected")
    void governance() {
        Governance.main(new String[] {temp.resolve("store").toString()});
        assertThat(output()).contains("refused: promotion of credit:1 to PRODUCTION refused: [policy] credit:1 has 0 of"
                + " the 1 approvals it needs; the approval of trainer, who registered it, does not count")
                .contains("credit:1 in production").endsWith("removed 1 artifact" + System.lineSeparator());
    }

    @Test
    @DisplayName("an ONNX model exported from scikit-learn: registered, one row predicted, validated")
    void onnxModel() {
        Path onnx = DATA.resolveSibling("mlops-onnx/src/test/resources/dev/mlops/onnx/credit-linear.onnx");
        OnnxModel.main(new String[] {temp.resolve("store").toString(), DATA.toString(), onnx.toString()});
        assertThat(output()).contains("[checking_status, credit_history, ").contains("-> [bad, good]")
                .containsPattern("Prediction\\[label=good, probabilities=\\{bad=0\\.0375\\d+, good=0\\.9624\\d+}]")
                .contains("credit:1: passed");
    }

    @Test
    @DisplayName("drift: the same data shows none; applicants under 30 against the others show drift, worst first")
    void driftCheck() throws IOException {
        Path credit = DATA.resolve("credit-g.csv");
        DriftCheck.main(new String[] {credit.toString(), credit.toString(), temp.resolve("same.html").toString()});
        assertThat(output()).endsWith("no drift" + System.lineSeparator());
        assertThat(Files.readString(temp.resolve("same.html"))).contains("Current data <code>credit-g.csv</code>");

        Path[] split = AgeSplit.write(credit, temp);
        printed.reset();
        DriftCheck.main(new String[] {split[1].toString(), split[0].toString(), temp.resolve("drift.html").toString()});
        assertThat(output()).contains("age: CRITICAL").endsWith("drift" + System.lineSeparator())
                .doesNotEndWith("no drift" + System.lineSeparator());
        assertThat(Files.readString(temp.resolve("drift.html"))).contains("Current data <code>under-30.csv</code>")
                .contains("against reference <code>30-and-over.csv</code>");
    }

    @Test
    @DisplayName("training with a search, registered, then validated on held-out rows, the report written as a page")
    void trainAndValidate() throws IOException {
        Path page = temp.resolve("validation.html");
        TrainAndValidate.main(new String[] {temp.resolve("store").toString(), DATA.toString(), page.toString()});
        assertThat(output()).contains("\"algorithm\":\"logistic\"").contains("credit:1: ")
                .contains("200 rows of credit-g 801-1000").contains("fairness.age.disparateImpact")
                .containsPattern("latency.p99: p99 of 1000 single-row predictions .* after \\d+ warm-up predictions");
        assertThat(Files.readString(page)).contains("<title>Validation of credit:1</title>")
                .contains("id=\"confusion-matrix\"").contains("id=\"roc-model\"").contains("id=\"fairness-0\"");
    }

    @Test
    @DisplayName("explanations: trees in Java, permutation importance, one applicant's contributions")
    void explainModel() {
        ExplainModel.main(new String[] {DATA.toString()});
        assertThat(output()).contains("trees evaluated in Java: true")
                .contains("Permutation importance (AUC drop, baseline 0.").contains("checking_status")
                .containsPattern("P\\(bad\\) = 0\\.\\d{3} = 0\\.\\d{3} expected [+-]0\\.\\d{3} from the columns");
    }

    @Test
    @DisplayName("A/B test: users routed to two classifiers, analysed, the winner made champion")
    void abTest() {
        AbTest.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("champion is now credit:2");
    }

    @Test
    @DisplayName("monitoring and retraining: applicants under 30 drift from a model trained on the others; the policy retrains")
    void monitorAndRetrain() throws IOException {
        Path[] split = AgeSplit.write(DATA.resolve("credit-g.csv"), temp);
        Path store = temp.resolve("store");
        try (ModelRegistry registry = ModelRegistries.open("file:" + store);
             Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(LabeledData.fromCsv(split[1], "class"),
                    TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("credit").build());
            for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
                registry.promote("credit", 1, stage, "trained on applicants of 30 and over");
            }
        }
        List<String> all = new ArrayList<>(Files.readAllLines(split[1]));
        all.addAll(Files.readAllLines(split[0]).subList(1, Files.readAllLines(split[0]).size()));
        Files.write(temp.resolve("all.csv"), all);
        Path policy = Files.writeString(temp.resolve("policy.json"), "{\"label\":\"class\",\"data\":{\"csv\":"
                + "\"all.csv\"},\"triggers\":{\"drift\":\"MEDIUM\"},\"validation\":{\"minImprovement\":"
                + "{\"accuracy\":0.0}}}");
        MonitorAndRetrain.main(new String[] {store.toString(), split[0].toString(), policy.toString()});
        assertThat(output()).contains("credit:1 CRITICAL, RETRAIN: input drift CRITICAL");
        assertThat(output().lines().reduce((a, b) -> b).orElseThrow()).as("the gate decided")
                .containsPattern("^(promoted|rejected): ");
    }

    @Test
    @DisplayName("a fleet experiment: two instances follow the stored experiment and their counts merge")
    void fleetExperiment() throws Exception {
        FleetExperiment.main(new String[] {"file:" + temp.resolve("store")});
        assertThat(output()).contains("instances [pod-a, pod-b], revision 2").contains("Decision[");
    }

    @Test
    @DisplayName("online learning: predictions, delayed labels, prequential metrics and a checkpoint")
    void onlineLearning() {
        OnlineLearning.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("req-500: ").contains("prequential accuracy 0.")
                .contains("checkpoint cancer-checkpoints:1");
    }
}
