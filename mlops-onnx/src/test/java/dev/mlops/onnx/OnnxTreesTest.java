package dev.mlops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.model.Contributions;
import dev.mlops.model.Predictions;
import dev.mlops.model.TreeEnsemble;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An ONNX tree ensemble read as trees")
class OnnxTreesTest {

    private static double[] features(DataTable table, List<String> columns, int row) {
        return columns.stream().mapToDouble(c -> table.numeric(c).orElseThrow()[row]).toArray();
    }

    @Test
    @DisplayName("the forest's trees give ONNX Runtime's and scikit-learn's probabilities, missing values included")
    void forest() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CANCER_FOREST.bytes())) {
            TreeEnsemble trees = classifier.trees().orElseThrow();
            List<String> columns = List.copyOf(classifier.featureColumns().keySet());
            assertThat(trees.features()).isEqualTo(columns);
            assertThat(trees.classes()).containsExactly("benign", "malignant");
            assertThat(trees.trees()).hasSize(50).allSatisfy(t -> assertThat(t.depth()).isLessThanOrEqualTo(6));
            assertThat(trees.transform()).isEqualTo(TreeEnsemble.Transform.NORMALIZE);
            DataTable rows = OnnxModels.CANCER_FOREST.expectedRows();
            Predictions predicted = classifier.predict(rows, "rows");
            double[][] expected = OnnxModels.CANCER_FOREST.expected();
            for (int r = 0; r < rows.rowCount(); r++) {
                double[] p = trees.probabilities(features(rows, columns, r));
                assertThat(p[1]).as("row %d", r).isCloseTo(predicted.probability(r, "malignant"), within(1e-6))
                        .isCloseTo(expected[r][1], within(1e-5));
            }
            Map<String, Object> row = new HashMap<>(rows.row(0));
            row.put("worst_radius", null);
            row.put("mean_concave_points", null);
            double[] x = features(rows, columns, 0);
            x[columns.indexOf("worst_radius")] = Double.NaN;
            x[columns.indexOf("mean_concave_points")] = Double.NaN;
            assertThat(trees.probabilities(x)[1]).as("a missing value takes the false branch, as in ONNX Runtime")
                    .isCloseTo(classifier.predict(row).probability("malignant"), within(1e-6));
        }
    }

    @Test
    @DisplayName("covers from nodes_hitrates make TreeSHAP work: contributions add up to the forest's scores")
    void treeShap() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CANCER_FOREST.bytes())) {
            TreeEnsemble trees = classifier.trees().orElseThrow();
            DataTable rows = OnnxModels.CANCER_FOREST.expectedRows();
            List<String> columns = List.copyOf(classifier.featureColumns().keySet());
            for (int r = 0; r < 20; r++) {
                double[] x = features(rows, columns, r);
                Contributions c = trees.contributions(x);
                double[] scores = trees.scores(x);
                // the scores are summed in float, as ONNX Runtime sums them; the contributions in double
                assertThat(c.total("malignant")).isCloseTo(scores[1], within(1e-6));
                assertThat(c.total("benign")).isCloseTo(scores[0], within(1e-6));
                assertThat(c.of("malignant")).as("some features push row %d either way", r).isNotEqualTo(new double[30]);
            }
        }
    }

    @Test
    @DisplayName("explains a row given as a map by column, refusing a row without a column")
    void explain() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CANCER_FOREST.bytes())) {
            DataTable rows = OnnxModels.CANCER_FOREST.expectedRows();
            List<String> columns = List.copyOf(classifier.featureColumns().keySet());
            Map<String, Object> row = new HashMap<>(rows.row(3));
            Contributions why = classifier.explain(row);
            assertThat(why).isEqualTo(classifier.trees().orElseThrow().contributions(features(rows, columns, 3)));
            assertThat(why.features()).isEqualTo(columns);
            assertThat(why.total("malignant")).isCloseTo(classifier.predict(row).probability("malignant"), within(1e-6));
            row.remove("mean_area");
            assertThatThrownBy(() -> classifier.explain(row)).isInstanceOf(DataException.class)
                    .hasMessageContaining("'mean_area'");
        }
    }

    @Test
    @DisplayName("a model without a tree ensemble has no trees, and explaining it says why not")
    void linear() {
        try (OnnxClassifier classifier = OnnxClassifier.read(OnnxModels.CREDIT_LINEAR.bytes())) {
            assertThat(classifier.trees()).isEmpty();
            Map<String, Object> row = OnnxModels.CREDIT_LINEAR.data().table().row(0);
            assertThatThrownBy(() -> classifier.explain(row)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("TreeSHAP");
        }
    }
}
