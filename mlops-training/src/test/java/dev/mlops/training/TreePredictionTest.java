package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Prediction;
import dev.mlops.model.TreeEnsemble;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TreePredictionTest {

    private static Trainer trainer;

    @BeforeAll
    static void start() {
        trainer = Trainer.create();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    /** credit-g predicting its ten-level {@code purpose}: a multiclass case from the bundled data. */
    static LabeledData purpose() {
        return LabeledData.of(TestData.creditG().table(), "purpose", "credit-g purpose");
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(Algorithm.XGBOOST, "breast cancer"),
                Arguments.of(Algorithm.XGBOOST, "credit-g"),
                Arguments.of(Algorithm.XGBOOST, "credit-g purpose"),
                Arguments.of(Algorithm.RANDOM_FOREST, "breast cancer"),
                Arguments.of(Algorithm.RANDOM_FOREST, "credit-g"),
                Arguments.of(Algorithm.RANDOM_FOREST, "credit-g purpose"));
    }

    private static LabeledData data(String name) {
        return switch (name) {
            case "breast cancer" -> TestData.breastCancer();
            case "credit-g" -> TestData.creditG();
            default -> purpose();
        };
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("models")
    @DisplayName("a forest or XGBoost model evaluates its trees in Java, with Tribuo's probabilities bit for bit")
    void bitIdentical(Algorithm algorithm, String dataName) {
        LabeledData data = data(dataName);
        TrainedModel registered = TrainedModel.fromBytes(trainer.train(data, TrainingSpec.builder(algorithm)
                .param("trees", "50").param("maxDepth", "6").folds(0).build()).model().toBytes());
        TrainedModel tribuo = registered.withTribuoPrediction();
        assertThat(registered.predictsWithTrees()).isTrue();
        assertThat(tribuo.predictsWithTrees()).isFalse();
        assertThat(registered.trees()).get().extracting(t -> t.trees().size())
                .isEqualTo(algorithm == Algorithm.XGBOOST ? 50 * registered.labels().size() : 50);

        DataTable table = data.table();
        double[][] expected = tribuo.predict(table, dataName).probabilityMatrix();
        assertThat(registered.predict(table, dataName).probabilityMatrix()).isDeepEqualTo(expected);
        for (int r = 0; r < table.rowCount(); r += 7) {
            Prediction fast = registered.predict(table.row(r));
            Prediction slow = tribuo.predict(table.row(r));
            assertThat(fast).as("row %d", r).isEqualTo(slow);
        }
    }

    @Test
    @DisplayName("XGBoost's trees are read with its float arithmetic, split rule, base score and covers")
    void xgboostTrees() {
        TrainedModel model = trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.XGBOOST)
                .param("trees", "10").folds(0).build()).model();
        TreeEnsemble trees = model.trees().orElseThrow();
        assertThat(trees.float32()).isTrue();
        assertThat(trees.split()).isEqualTo(TreeEnsemble.Split.LESS);
        assertThat(trees.transform()).isEqualTo(TreeEnsemble.Transform.SOFTMAX);
        assertThat(trees.base()).containsExactly(0.5, 0.5);
        assertThat(trees.trees()).allSatisfy(t -> assertThat(t.cover()).hasSize(t.nodes()));
    }

    @Test
    @DisplayName("a single CART tree is read but predicts through Tribuo; a linear model has no trees")
    void otherModels() {
        LabeledData credit = TestData.creditG();
        TrainedModel cart = trainer.train(credit, TrainingSpec.builder(Algorithm.CART).folds(0).build()).model();
        assertThat(cart.trees()).get().satisfies(t -> {
            assertThat(t.trees()).hasSize(1);
            assertThat(t.trees().get(0).cover()).isEmpty();
        });
        assertThat(cart.predictsWithTrees()).isFalse();
        TrainedModel logistic = trainer.train(credit, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build()).model();
        assertThat(logistic.trees()).isEmpty();
        assertThat(logistic.predictsWithTrees()).isFalse();
    }
}
