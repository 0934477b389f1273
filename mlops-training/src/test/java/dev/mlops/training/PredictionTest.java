package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.InputException;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionTest {

    private static Trainer trainer;
    private static LabeledData holey;
    private static TrainedModel model;

    @TempDir
    Path dir;

    /** credit-g with about 5% of the feature cells blanked, numeric and categorical. */
    private static LabeledData creditWithHoles() {
        DataTable table = TestData.creditG().table();
        SplittableRandom random = new SplittableRandom(3);
        DataTable.Builder builder = DataTable.builder();
        for (String name : table.columnNames()) {
            if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
                double[] values = table.numeric(name).orElseThrow();
                for (int r = 0; r < values.length; r++) {
                    values[r] = random.nextDouble() < 0.05 ? Double.NaN : values[r];
                }
                builder.numeric(name, values);
            } else {
                List<String> values = new ArrayList<>(table.categorical(name).orElseThrow());
                for (int r = 0; r < values.size() && !name.equals("class"); r++) {
                    values.set(r, random.nextDouble() < 0.05 ? "" : values.get(r));
                }
                builder.categorical(name, values);
            }
        }
        return LabeledData.of(builder.build(), "class", "credit-g with holes");
    }

    @BeforeAll
    static void train() {
        trainer = Trainer.create();
        holey = creditWithHoles();
        model = trainer.train(holey, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build()).model();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    private static Map<String, Object> row(LabeledData data, int r) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : data.featureColumns()) {
            if (data.table().type(name).orElseThrow() == FeatureType.NUMERIC) {
                double v = data.table().numeric(name).orElseThrow()[r];
                row.put(name, Double.isNaN(v) ? null : v);
            } else {
                String v = data.table().categorical(name).orElseThrow().get(r);
                row.put(name, v.isEmpty() ? null : v);
            }
        }
        return row;
    }

    @Test
    @DisplayName("a missing numeric cell is predicted as if it held the training mean; a missing category is a level")
    void missingValues() {
        ModelSchema.Column duration = model.schema().column("duration").orElseThrow();
        assertThat(duration.fill()).isBetween(15.0, 25.0);
        assertThat(model.schema().column("purpose").orElseThrow().levels()).contains("");
        assertThat(model.schema().featureNames()).contains("purpose=");

        Map<String, Object> row = row(holey, 1);
        row.put("duration", null);
        Map<String, Object> filled = new LinkedHashMap<>(row);
        filled.put("duration", duration.fill());
        assertThat(model.predict(row).probabilities()).isEqualTo(model.predict(filled).probabilities());

        row.put("purpose", null);
        Map<String, Object> unseen = new LinkedHashMap<>(row);
        unseen.put("purpose", "space travel");
        assertThat(model.predict(row).probabilities()).isNotEqualTo(model.predict(unseen).probabilities());
    }

    @Test
    @DisplayName("one row predicts as in a batch; probabilities sum to 1 and the label is the most probable")
    void singleAndBatch() {
        Predictions batch = model.predict(holey.table(), "batch");
        assertThat(batch.size()).isEqualTo(1000);
        for (int r = 0; r < 50; r++) {
            Prediction one = model.predict(row(holey, r));
            assertThat(one.label()).isEqualTo(batch.label(r));
            assertThat(one.probability("bad")).isCloseTo(batch.probability(r, "bad"), within(1e-12));
            double sum = one.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(sum).isCloseTo(1.0, within(1e-12));
            String best = one.probability("bad") > one.probability("good") ? "bad" : "good";
            assertThat(one.label()).isEqualTo(best);
        }
    }

    @Test
    @DisplayName("a missing feature column is an error naming it and saying how to pass a missing value;"
            + " extra columns are ignored")
    void columns() {
        DataTable table = holey.table();
        List<String> withoutAge = new ArrayList<>(table.columnNames());
        withoutAge.remove("age");
        DataTable missing = table.select(withoutAge).rows(new int[] {0, 1});
        assertThatThrownBy(() -> model.predict(missing, "no-age.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("no-age.csv").hasMessageContaining("'age'")
                .satisfies(e -> assertThat(((DataException) e).column()).contains("age"));
        assertThatThrownBy(() -> model.predict(Map.of("duration", 3)))
                .isInstanceOf(DataException.class).hasMessageContaining("column 'checking_status'")
                .hasMessageContaining("to pass a missing value, map the column to null");
        Map<String, Object> noAge = new java.util.HashMap<>(table.row(0));
        noAge.put("age", null);
        assertThat(model.predict(noAge).probabilities().values()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));

        DataTable.Builder extra = DataTable.builder().categorical("note", new String[table.rowCount()]);
        for (String name : table.columnNames()) {
            if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
                extra.numeric(name, table.numeric(name).orElseThrow());
            } else {
                extra.categorical(name, table.categorical(name).orElseThrow());
            }
        }
        assertThat(model.predict(extra.build(), "extra").probabilityMatrix())
                .isDeepEqualTo(model.predict(table, "plain").probabilityMatrix());
    }

    @Test
    @DisplayName("CSV in, CSV out: input order, prediction and p_LABEL columns; bad cells named by line and column")
    void csv() throws IOException {
        Path file = dir.resolve("applicants.csv");
        List<String> lines = Files.readAllLines(TestData.file("credit-g.csv"));
        Files.write(file, lines.subList(0, 6));
        Predictions predictions = model.predictCsv(file);
        assertThat(predictions.size()).isEqualTo(5);
        StringWriter out = new StringWriter();
        predictions.writeCsv(out);
        String[] written = out.toString().split("\n");
        assertThat(written[0]).isEqualTo("prediction,p_bad,p_good");
        assertThat(written).hasSize(6);
        for (int r = 0; r < 5; r++) {
            String[] cells = written[r + 1].split(",");
            assertThat(cells[0]).isEqualTo(predictions.label(r));
            assertThat(Double.parseDouble(cells[1])).isEqualTo(predictions.probability(r, "bad"));
        }

        String header = lines.get(0);
        String broken = lines.get(2).replaceFirst(",48,", ",forty-eight,");
        Files.writeString(file, header + "\n" + lines.get(1) + "\n" + broken + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> model.predictCsv(file))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("line 3").hasMessageContaining("'duration'").hasMessageContaining("forty-eight");
    }

    @Test
    @DisplayName("a CSV is predicted streaming, batch by batch, with the same output as all at once, in input order")
    void streaming() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("credit-g.csv"));
        List<String> many = new ArrayList<>(List.of(lines.get(0)));
        for (int copy = 0; copy < 25; copy++) {
            many.addAll(lines.subList(1, lines.size()));
        }
        Path file = Files.write(dir.resolve("many.csv"), many);
        StringWriter streamed = new StringWriter();
        assertThat(Classifiers.predictCsv(model, file, streamed)).isEqualTo(25_000);
        StringWriter whole = new StringWriter();
        model.predictCsv(file).writeCsv(whole);
        assertThat(streamed.toString()).isEqualTo(whole.toString());

        // the duration (second cell) of the data row on line 22346, in the third batch
        String[] cells = many.get(22_345).split(",", 3);
        many.set(22_345, cells[0] + ",forty-eight," + cells[2]);
        Files.write(file, many);
        assertThatThrownBy(() -> Classifiers.predictCsv(model, file, new StringWriter()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 22346, column 'duration': not a number: 'forty-eight'");
        Files.write(file, List.of(lines.get(0)));
        assertThatThrownBy(() -> Classifiers.predictCsv(model, file, new StringWriter()))
                .isInstanceOf(DataException.class).hasMessageContaining("no data rows");
    }

    @Test
    @DisplayName("the artifact is a ZIP of the schema JSON and the Tribuo protobuf, and reads back to the same model")
    void artifact() throws IOException {
        byte[] bytes = model.toBytes();
        List<String> entries = new ArrayList<>();
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(entry.getName());
                if (entry.getName().endsWith(".json")) {
                    String json = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(json).contains("\"format\":\"mlops-model\"").contains("\"labelColumn\":\"class\"")
                            .contains("\"positiveClass\":\"bad\"");
                }
            }
        }
        assertThat(entries).containsExactly("mlops-model.json", "tribuo-model.pb");
        TrainedModel copy = TrainedModelFormat.of().read(bytes);
        assertThat(copy.schema()).isEqualTo(model.schema());
        assertThat(copy.params()).isEqualTo(model.params());
        assertThat(copy.predict(holey.table(), "copy").probabilityMatrix())
                .isDeepEqualTo(model.predict(holey.table(), "original").probabilityMatrix());
        assertThatThrownBy(() -> TrainedModel.fromBytes("not a zip".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mlops-model");
    }
}
