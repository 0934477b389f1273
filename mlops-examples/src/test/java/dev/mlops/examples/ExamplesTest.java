package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    @DisplayName("quick start: train, validate, promote, challenge and serve on an empty store")
    void quickStart() {
        QuickStart.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("credit@production is credit:").contains("first holdout row: Prediction[label=");
    }

    @Test
    @DisplayName("drift: the same data shows none, data with another distribution shows drift")
    void driftCheck() {
        DriftCheck.main(new String[] {DATA.resolve("credit-g.csv").toString(), DATA.resolve("credit-g.csv").toString()});
        assertThat(output()).endsWith("no drift" + System.lineSeparator());
    }

    @Test
    @DisplayName("training with a search, registered, then validated with value, robustness, fairness and latency checks")
    void trainAndValidate() {
        TrainAndValidate.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("\"algorithm\":\"logistic\"").contains("credit:1: ")
                .contains("fairness.age.disparateImpact").contains("latency.p99");
    }

    @Test
    @DisplayName("A/B test: users routed to two classifiers, analysed, the winner made champion")
    void abTest() {
        AbTest.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("champion is now credit:2");
    }

    @Test
    @DisplayName("online learning: predictions, delayed labels, prequential metrics and a checkpoint")
    void onlineLearning() {
        OnlineLearning.main(new String[] {temp.resolve("store").toString(), DATA.toString()});
        assertThat(output()).contains("req-500: ").contains("prequential accuracy 0.")
                .contains("checkpoint cancer-checkpoints:1");
    }
}
