package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataChecksTest {

    private static Trainer trainer;

    @BeforeAll
    static void open() {
        trainer = Trainer.create();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    /** breast-cancer with extra columns and some labels removed. */
    private static LabeledData cancerWith(boolean dropLabels) {
        DataTable table = TestData.breastCancer().table();
        DataTable.Builder builder = DataTable.builder();
        for (String name : table.columnNames()) {
            if (name.equals("diagnosis")) {
                List<String> labels = new java.util.ArrayList<>(table.categorical(name).orElseThrow());
                if (dropLabels) {
                    for (int r = 0; r < labels.size(); r += 50) {
                        labels.set(r, "");
                    }
                }
                builder.categorical(name, labels);
            } else {
                builder.numeric(name, table.numeric(name).orElseThrow());
            }
        }
        double[] constant = new double[table.rowCount()];
        Arrays.fill(constant, 3.0);
        double[] empty = new double[table.rowCount()];
        Arrays.fill(empty, Double.NaN);
        String[] site = new String[table.rowCount()];
        Arrays.fill(site, "clinic-a");
        return LabeledData.of(builder.numeric("constant", constant).numeric("empty", empty)
                .categorical("site", site).build(), "diagnosis", "breast-cancer with extras");
    }

    @Test
    @DisplayName("constant and empty columns are reported and left out; training goes on")
    void droppedColumns() {
        TrainingResult result = trainer.train(cancerWith(false), TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build());
        DataReport report = result.dataReport();
        assertThat(report.fatal()).isFalse();
        assertThat(report.issues()).extracting(DataIssue::kind, i -> i.column().orElse(""))
                .contains(org.assertj.core.groups.Tuple.tuple("constant", "constant"),
                        org.assertj.core.groups.Tuple.tuple("all-missing", "empty"),
                        org.assertj.core.groups.Tuple.tuple("constant", "site"));
        assertThat(result.model().schema().columnNames()).hasSize(30).doesNotContain("constant", "empty", "site");
        assertThat(result.metrics().auc()).isGreaterThan(0.98);
    }

    @Test
    @DisplayName("a numeric column made categorical by a few stray texts is pointed out")
    void strayText() {
        DataTable table = TestData.creditG().table();
        List<String> amounts = new java.util.ArrayList<>();
        for (double v : table.numeric("credit_amount").orElseThrow()) {
            amounts.add(Double.toString(v));
        }
        amounts.set(16, "n/a");
        DataTable.Builder builder = DataTable.builder().categorical("credit_amount", amounts);
        builder.numeric("duration", table.numeric("duration").orElseThrow());
        builder.categorical("class", table.categorical("class").orElseThrow());
        DataReport report = trainer.train(LabeledData.of(builder.build(), "class", "stray"),
                TrainingSpec.builder(Algorithm.CART).folds(0).build()).dataReport();
        assertThat(report.issues()).filteredOn(i -> i.kind().equals("mostly-numeric")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("'credit_amount'").contains("'n/a' in data row 17"));
    }

    @Test
    @DisplayName("a report is fatal when an issue is, and sums the fatal issues up in order, warnings left out")
    void fatalSummary() {
        DataIssue tooFew = new DataIssue(DataIssue.Severity.FATAL, "too-few-classes", Optional.empty(),
                "needs at least two classes");
        DataIssue constant = new DataIssue(DataIssue.Severity.WARNING, "constant", Optional.of("x"),
                "column 'x' is constant");
        DataIssue noFeatures = new DataIssue(DataIssue.Severity.FATAL, "no-features", Optional.empty(),
                "no usable feature column");
        DataReport fatal = new DataReport(4, 4, Map.of("a", 4L), List.of("x"), List.of(tooFew, constant, noFeatures));
        assertThat(fatal.fatal()).isTrue();
        assertThat(fatal.fatalSummary()).isEqualTo("needs at least two classes; no usable feature column");
        assertThat(fatal.issues(DataIssue.Severity.WARNING)).containsExactly(constant);
        DataReport usable = new DataReport(4, 4, Map.of("a", 2L, "b", 2L), List.of("x"), List.of(constant));
        assertThat(usable.fatal()).isFalse();
        assertThat(usable.fatalSummary()).isEmpty();
    }

    @Test
    @DisplayName("rows without a label are counted, reported and left out")
    void missingLabels() {
        TrainingResult result = trainer.train(cancerWith(true), TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build());
        assertThat(result.dataReport().rows()).isEqualTo(569);
        assertThat(result.dataReport().labeledRows()).isEqualTo(569 - 12);
        assertThat(result.trainRows() + result.testRows()).isEqualTo(569 - 12);
        assertThat(result.dataReport().issues()).extracting(DataIssue::kind).contains("missing-labels");
    }

    @Test
    @DisplayName("one class only is fatal: training does not start")
    void singleClass() {
        DataTable table = DataTable.builder().numeric("x", new double[] {1, 2, 3, 4})
                .categorical("y", new String[] {"a", "a", "a", ""}).build();
        assertThatThrownBy(() -> trainer.train(LabeledData.of(table, "y", "tiny"), TrainingSpec.builder(Algorithm.CART).build()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("tiny").hasMessageContaining("at least two classes");
    }

    @Test
    @DisplayName("no usable feature is fatal; a rare class and imbalance are reported")
    void noFeaturesAndRareClasses() {
        DataTable constant = DataTable.builder().numeric("x", new double[] {1, 1, 1, 1})
                .categorical("y", new String[] {"a", "b", "a", "b"}).build();
        assertThatThrownBy(() -> trainer.train(LabeledData.of(constant, "y", "flat"), TrainingSpec.builder(Algorithm.CART).build()))
                .isInstanceOf(DataException.class).hasMessageContaining("no usable feature column");

        double[] x = new double[41];
        String[] y = new String[41];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = i == 40 ? "rare" : i % 2 == 0 ? "even" : "odd";
        }
        DataReport report = trainer.train(LabeledData.of(DataTable.builder().numeric("x", x).categorical("y", y).build(), "y",
                "skewed"), TrainingSpec.builder(Algorithm.CART).folds(0).build()).dataReport();
        assertThat(report.labelCounts()).containsEntry("rare", 1L);
        assertThat(report.issues()).extracting(DataIssue::kind).contains("rare-class");
    }

    @Test
    @DisplayName("bad training data is an input error: no rows, one row, a value too large to compute with")
    void badDataIsInput(@TempDir Path dir) throws Exception {
        Path header = Files.writeString(dir.resolve("header.csv"), "x,y\n");
        assertThatThrownBy(() -> trainer.train(LabeledData.fromCsv(header, "y"), TrainingSpec.builder(Algorithm.LOGISTIC).build()))
                .isInstanceOf(DataException.class).hasMessageContaining("header.csv").hasMessageContaining("cannot train");
        Path one = Files.writeString(dir.resolve("one.csv"), "x,y\n1,a\n");
        assertThatThrownBy(() -> trainer.train(LabeledData.fromCsv(one, "y"), TrainingSpec.builder(Algorithm.LOGISTIC).build()))
                .isInstanceOf(DataException.class).hasMessageContaining("at least two classes");
        Path huge = Files.writeString(dir.resolve("huge.csv"), "x,y\n1,a\n1e308,b\n3,a\n4,b\n");
        assertThatThrownBy(() -> trainer.train(LabeledData.fromCsv(huge, "y"), TrainingSpec.builder(Algorithm.LOGISTIC).build()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("column 'x' holds 1.0E308 (data row 2), beyond the \u00b11.0E150");
    }

    @Test
    @DisplayName("text read as a number follows the CSV grammar: a hex float is no number here either")
    void numbersInText() {
        TrainingResult result = trainer.train(cancerWith(false), TrainingSpec.builder(Algorithm.CART).folds(0).build());
        String column = result.model().schema().columns().get(0).name();
        Map<String, Object> row = new HashMap<>(cancerWith(false).table().row(0));
        row.put(column, "0x1p3");
        assertThatThrownBy(() -> result.model().predict(row)).isInstanceOf(DataException.class)
                .hasMessageContaining("not a number: '0x1p3'");
        row.put(column, "8");
        assertThat(result.model().predict(row).label()).isNotEmpty();
    }
}
