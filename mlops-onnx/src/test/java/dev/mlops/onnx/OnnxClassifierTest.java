package dev.mlops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("An ONNX classifier")
class OnnxClassifierTest {

    @ParameterizedTest
    @EnumSource(OnnxModels.class)
    @DisplayName("predicts scikit-learn's probabilities to 1e-5, a table in batches and a row alone alike")
    void agreesWithScikitLearn(OnnxModels model) {
        try (OnnxClassifier classifier = OnnxClassifier.read(model.bytes())) {
            DataTable rows = model.expectedRows();
            Predictions predicted = classifier.predict(rows, "expected rows");
            double[][] expected = model.expected();
            List<String> labels = model.expectedLabels();
            assertThat(predicted.size()).isEqualTo(expected.length);
            for (int r = 0; r < expected.length; r++) {
                for (int k = 0; k < labels.size(); k++) {
                    assertThat(predicted.probability(r, labels.get(k))).as("row %d, %s", r, labels.get(k))
                            .isCloseTo(expected[r][k], within(1e-5));
                }
            }
            for (int r = 0; r < 20; r++) {
                // one row takes other kernels than a batch: equal to float32 rounding
                Prediction one = classifier.predict(rows.row(r));
                assertThat(one.label()).isEqualTo(predicted.label(r));
                for (String label : labels) {
                    assertThat(one.probability(label)).isCloseTo(predicted.probability(r, label), within(1e-6));
                }
            }
        }
    }

    @Test
    @DisplayName("reads named inputs of every type as columns, labels from the ZipMap, positive_class from metadata")
    void namedInputs() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CREDIT_LINEAR.bytes())) {
            assertThat(classifier.labels()).containsExactly("bad", "good");
            assertThat(classifier.positiveClass()).contains("bad");
            assertThat(classifier.featureColumns()).hasSize(20)
                    .containsEntry("checking_status", FeatureType.CATEGORICAL)
                    .containsEntry("duration", FeatureType.NUMERIC)       // int64
                    .containsEntry("credit_amount", FeatureType.NUMERIC)  // double
                    .containsEntry("age", FeatureType.NUMERIC);           // float
        }
    }

    @Test
    @DisplayName("reads a single float tensor's columns from feature_names and its labels from metadata")
    void featureNames() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CANCER_FOREST.bytes())) {
            assertThat(classifier.labels()).containsExactly("benign", "malignant");
            assertThat(classifier.positiveClass()).contains("malignant");
            assertThat(classifier.featureColumns().keySet())
                    .containsExactlyElementsOf(OnnxModels.CANCER_FOREST.data().featureColumns());
        }
    }

    @Test
    @DisplayName("refuses a row without a feature column, naming it, and a text where a number belongs")
    void badRows() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CREDIT_LINEAR.bytes())) {
            Map<String, Object> row = new HashMap<>(OnnxModels.CREDIT_LINEAR.data().table().row(0));
            row.remove("age");
            assertThatThrownBy(() -> classifier.predict(row)).isInstanceOf(DataException.class)
                    .hasMessageContaining("'age'").extracting(e -> ((DataException) e).column())
                    .isEqualTo(Optional.of("age"));
            row.put("age", "old");
            assertThatThrownBy(() -> classifier.predict(row)).isInstanceOf(DataException.class)
                    .hasMessageContaining("'age'").hasMessageContaining("old");
            row.put("age", 41);
            row.put("duration", null);
            assertThatThrownBy(() -> classifier.predict(row)).isInstanceOf(DataException.class)
                    .hasMessageContaining("'duration'").hasMessageContaining("int64");
            row.put("duration", 12.5);
            assertThatThrownBy(() -> classifier.predict(row)).isInstanceOf(DataException.class)
                    .hasMessageContaining("12.5");
            DataTable table = OnnxModels.CREDIT_LINEAR.data().table();
            DataTable lacking = table.select(table.columnNames().stream().filter(c -> !c.equals("purpose")).toList());
            assertThatThrownBy(() -> classifier.predict(lacking, "new.csv")).isInstanceOf(DataException.class)
                    .hasMessageContaining("new.csv").hasMessageContaining("'purpose'");
        }
    }

    @Test
    @DisplayName("an input or output whose shape does not fit the columns or labels is refused, naming the expected shape")
    void wrongShape() {
        assertThatThrownBy(() -> OnnxClassifier.read(OnnxModels.resource("wide-input.onnx")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input 'X' has shape [N,3], but the metadata property feature_names names 4 columns;"
                        + " expected shape [N,4]");
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.resource("free-width.onnx"))) {
            Map<String, Object> row = Map.of("a", 1, "b", 2);
            assertThatThrownBy(() -> classifier.predict(row)).isInstanceOf(DataException.class)
                    .hasMessageContaining("ONNX Runtime cannot predict rows 1 to 1").hasMessageContaining("{-1,3}");
        }
    }

    @Test
    @DisplayName("scores that are no probabilities are refused, saying what the model must output")
    void rawScores() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.resource("raw-scores.onnx"))) {
            assertThatThrownBy(() -> classifier.predict(Map.of("a", 3, "b", -2)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a probability");
        }
    }

    @Test
    @DisplayName("bytes that are no ONNX model, or one cut short, are refused before ONNX Runtime parses them")
    void notOnnx() {
        byte[] onnx = OnnxModels.CREDIT_LINEAR.bytes();
        assertThatThrownBy(() -> OnnxClassifier.read(java.util.Arrays.copyOf(onnx, onnx.length - 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> OnnxClassifier.read("{\"json\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an ONNX model");
        assertThatThrownBy(() -> OnnxClassifier.read(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an ONNX model");
    }

    @Test
    @DisplayName("one session serves many threads at once, each getting the single-threaded answer")
    void concurrent() throws Exception {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CANCER_FOREST.bytes())) {
            DataTable rows = OnnxModels.CANCER_FOREST.expectedRows();
            double[][] alone = classifier.predict(rows, "rows").probabilityMatrix();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int offset = t;
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            int r = (offset * 37 + i * 11) % rows.rowCount();
                            Prediction p = classifier.predict(rows.row(r));
                            if (Math.abs(p.probability("malignant") - alone[r][1]) > 1e-6) {
                                return false;
                            }
                        }
                        return java.util.Arrays.deepEquals(classifier.predict(rows, "rows").probabilityMatrix(), alone);
                    }));
                }
                for (java.util.concurrent.Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("closing waits for predictions in progress; later ones are refused, and closing twice is harmless")
    void closeWhilePredicting() throws Exception {
        OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CANCER_FOREST.bytes());
        DataTable rows = OnnxModels.CANCER_FOREST.data().table();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> unexpected = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                while (true) {
                    try {
                        classifier.predict(rows, "rows");
                        done.incrementAndGet();
                    } catch (IllegalStateException e) {
                        return;  // closed
                    } catch (Throwable e) {
                        unexpected.set(e);
                        return;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        while (done.get() < 8) {
            Thread.sleep(1);
        }
        classifier.close();
        for (Thread thread : threads) {
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(unexpected.get()).isNull();
        classifier.close();
        assertThatThrownBy(() -> classifier.predict(rows.row(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
