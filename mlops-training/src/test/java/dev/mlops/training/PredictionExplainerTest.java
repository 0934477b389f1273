package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Contributions;
import dev.mlops.model.Prediction;
import dev.mlops.model.TreeEnsemble;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

class PredictionExplainerTest {

    private static Trainer trainer;
    private static final LabeledData CREDIT = TestData.creditG();

    @BeforeAll
    static void start() {
        trainer = Trainer.create();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    private static TrainedModel train(Algorithm algorithm, LabeledData data) {
        TrainingSpec.Builder spec = TrainingSpec.builder(algorithm).folds(0);
        return trainer.train(data, algorithm == Algorithm.CART ? spec.build() : spec.param("trees", "30").build()).model();
    }

    private static double[] softmax(double[] margins) {
        double max = java.util.Arrays.stream(margins).max().orElseThrow();
        double sum = 0;
        double[] p = new double[margins.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(margins[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** Each output's expected value plus contributions, by output name. */
    private static double[] totals(Contributions c) {
        return c.outputs().stream().mapToDouble(c::total).toArray();
    }

    @Test
    @DisplayName("logistic: per-column contributions add up to each label's margin, whose softmax is the prediction")
    void logistic() {
        TrainedModel model = trainer.train(CREDIT, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build()).model();
        PredictionExplainer explainer = PredictionExplainer.of(model, CREDIT.table());
        for (int r = 0; r < 1000; r += 37) {
            Map<String, Object> row = CREDIT.table().row(r);
            Contributions c = explainer.explain(row);
            assertThat(c.features()).isEqualTo(model.schema().columnNames());
            double[] p = softmax(totals(c));
            Prediction predicted = model.predict(row);
            for (int k = 0; k < p.length; k++) {
                assertThat(p[k]).as("row %d label %s", r, c.outputs().get(k))
                        .isCloseTo(predicted.probability(c.outputs().get(k)), within(1e-9));
            }
        }
        // on average over the background, a column contributes nothing: its mean is the baseline
        double[] sums = new double[model.schema().columnNames().size()];
        for (int r = 0; r < 1000; r++) {
            double[] values = explainer.explain(CREDIT.table().row(r)).values()[0];
            for (int j = 0; j < sums.length; j++) {
                sums[j] += values[j];
            }
        }
        for (double sum : sums) {
            assertThat(sum / 1000).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    @DisplayName("XGBoost: TreeSHAP equals XGBoost's own (predictContrib) per feature, and adds up to the margins")
    void xgboost() throws Exception {
        TrainedModel model = train(Algorithm.XGBOOST, CREDIT);
        TreeEnsemble trees = model.trees().orElseThrow();
        Booster booster = ((XGBoostModel<Label>) model.tribuoModel()).getInnerModels().get(0);
        dev.mlops.training.internal.Encoder encoder = new dev.mlops.training.internal.Encoder(model.schema());
        dev.mlops.training.internal.TreePredictor rows = new dev.mlops.training.internal.TreePredictor(trees, encoder,
                trees.classes());
        PredictionExplainer explainer = PredictionExplainer.of(model, CREDIT.table());
        int width = trees.features().size();
        for (int r = 0; r < 1000; r += 53) {
            double[] x = rows.row(encoder.encode(CREDIT.table().row(r)));
            float[] floats = new float[width];
            for (int i = 0; i < width; i++) {
                floats[i] = (float) x[i];
            }
            float[] native_ = booster.predictContrib(new DMatrix(floats, 1, width, Float.NaN), 0)[0];
            Contributions ours = trees.contributions(x);
            for (int k = 0; k < trees.outputs(); k++) {
                for (int i = 0; i < width; i++) {
                    assertThat(ours.values()[k][i]).as("row %d class %d feature %s", r, k, trees.features().get(i))
                            .isCloseTo(native_[k * (width + 1) + i], within(2e-5));
                }
                assertThat(ours.expected()[k]).isCloseTo(native_[k * (width + 1) + width], within(2e-5));
                // the scores are XGBoost's float sums, the contributions double
                assertThat(ours.total(ours.outputs().get(k))).isCloseTo(trees.scores(x)[k], within(1e-5));
            }
            Contributions byColumn = explainer.explain(CREDIT.table().row(r));
            double[] p = softmax(totals(byColumn));
            Prediction predicted = model.predict(CREDIT.table().row(r));
            assertThat(p[1]).isCloseTo(predicted.probability(byColumn.outputs().get(1)), within(1e-6));
        }
    }

    @Test
    @DisplayName("random forest and CART: covers counted on the background, contributions add up to the probabilities")
    void tribuoTrees() {
        for (Algorithm algorithm : List.of(Algorithm.RANDOM_FOREST, Algorithm.CART)) {
            TrainedModel model = train(algorithm, CREDIT);
            PredictionExplainer explainer = PredictionExplainer.of(model, CREDIT.table());
            for (int r = 0; r < 1000; r += 41) {
                Map<String, Object> row = CREDIT.table().row(r);
                Contributions c = explainer.explain(row);
                Prediction predicted = model.predict(row);
                for (String label : c.outputs()) {
                    // a forest's member weights, float 1/trees, add up to 1 only to float precision
                    assertThat(c.total(label)).as("%s row %d %s", algorithm, r, label)
                            .isCloseTo(predicted.probability(label), within(1e-7));
                }
            }
        }
    }

    @Test
    @DisplayName("background data without a feature column is refused naming it")
    void badBackground() {
        TrainedModel model = trainer.train(CREDIT, TrainingSpec.builder(Algorithm.CART).folds(0).build()).model();
        DataTable partial = CREDIT.table().select(List.of("age", "duration"));
        assertThatThrownBy(() -> PredictionExplainer.of(model, partial)).isInstanceOf(DataException.class)
                .hasMessageContaining("checking_status");
    }
}
