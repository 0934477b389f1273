package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.data.DataException;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Metric;
import dev.mlops.training.internal.Encoder;
import dev.mlops.training.internal.SchemaFit;
import dev.mlops.training.internal.TribuoTrainers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

class TrainerTest {

    private static Trainer trainer;
    private static LabeledData cancer;
    private static LabeledData credit;

    @BeforeAll
    static void open() {
        trainer = Trainer.create();
        cancer = TestData.breastCancer();
        credit = TestData.creditG();
    }

    @AfterAll
    static void close() {
        trainer.close();
    }

    @Nested
    @DisplayName("algorithms")
    class Algorithms {

        @Test
        @DisplayName("logistic regression separates breast-cancer, malignant being the positive (rarer) class")
        void logistic() {
            TrainingResult result = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).build());
            assertThat(result.model().positiveClass()).contains("malignant");
            assertThat(result.metrics().auc()).isGreaterThan(0.98);
            assertThat(result.metrics().accuracy()).isGreaterThan(0.93);
            // 20% of each class held out: round(357 × 0.2) + round(212 × 0.2)
            assertThat(result.testRows()).isEqualTo(71 + 42);
            assertThat(result.trainRows() + result.testRows()).isEqualTo(569);
            assertThat(result.cv()).hasValueSatisfying(cv -> {
                assertThat(cv.folds()).isEqualTo(5);
                assertThat(cv.summary(Metric.AUC).mean()).isGreaterThan(0.97);
                assertThat(cv.summary(Metric.AUC).std()).isBetween(0.0, 0.05);
                assertThat(cv.summaries().keySet()).containsExactly(Metric.values());
                cv.summaries().forEach((metric, summary) -> assertThat(summary).isEqualTo(cv.summary(metric)));
            });
            assertThat(result.model().algorithm()).isEqualTo("logistic");
            assertThat(result.params()).containsEntry("standardize", "true").containsEntry("epochs", "20");
            assertThat(result.provenance()).contains("LinearSGDTrainer").contains("AdaGrad");
        }

        @Test
        @DisplayName("trees learn credit-g with its categorical columns one-hot encoded")
        void trees() {
            TrainingSpec cart = TrainingSpec.builder(Algorithm.CART).folds(0).build();
            TrainingResult tree = trainer.train(credit, cart);
            assertThat(tree.metrics().auc()).isGreaterThan(0.6);
            assertThat(tree.cv()).isEmpty();
            assertThat(tree.model().schema().featureNames()).contains("purpose=radio/tv", "checking_status=<0", "age");

            TrainingResult forest = trainer.train(credit, TrainingSpec.builder(Algorithm.RANDOM_FOREST)
                    .param("trees", "20").folds(0).build());
            assertThat(forest.metrics().auc()).isGreaterThan(0.72);
            assertThat(forest.model().positiveClass()).contains("bad");
        }

        @Test
        @DisplayName("XGBoost trains when tribuo-classification-xgboost is on the class path, and survives the artifact round trip")
        void xgboost() throws Exception {
            TrainingResult result = trainer.train(cancer, TrainingSpec.builder(Algorithm.XGBOOST)
                    .param("trees", "30").folds(0).build());
            assertThat(result.metrics().auc()).isGreaterThan(0.97);
            TrainedModel copy = TrainedModel.fromBytes(result.model().toBytes());
            double[][] expected = result.model().predict(cancer.table(), "original").probabilityMatrix();
            assertThat(copy.predict(cancer.table(), "copy").probabilityMatrix()).isDeepEqualTo(expected);

            // one model, predicting on four threads at once, as a service does
            List<java.util.concurrent.Callable<double[][]>> calls = java.util.Collections.nCopies(4,
                    () -> copy.predict(cancer.table(), "concurrent").probabilityMatrix());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                for (java.util.concurrent.Future<double[][]> future : pool.invokeAll(calls)) {
                    assertThat(future.get()).isDeepEqualTo(expected);
                }
            } finally {
                pool.shutdown();
            }
        }

        @Test
        @DisplayName("standardization is recorded in the schema (center and scale per column) and survives the artifact")
        void standardization() {
            TrainingResult result = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build());
            TrainedModel copy = TrainedModel.fromBytes(result.model().toBytes());
            assertThat(copy.schema().standardized()).isTrue();
            assertThat(copy.schema().columns()).allSatisfy(c -> assertThat(c.scaled()).isTrue());
            assertThat(copy.tribuoModel()).isNotInstanceOf(TransformedModel.class);
            assertThat(copy.predict(cancer.table(), "copy").probabilityMatrix())
                    .isDeepEqualTo(result.model().predict(cancer.table(), "original").probabilityMatrix());

            TrainingResult raw = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC)
                    .param("standardize", "false").folds(0).build());
            assertThat(raw.model().schema().columns()).noneSatisfy(c -> assertThat(c.scaled()).isTrue());
            assertThat(raw.metrics().auc()).as("unscaled SGD does worse").isLessThan(result.metrics().auc());
        }

        @Test
        @DisplayName("the schema's standardization gives the model Tribuo's TransformTrainer gave, to the last bit")
        void standardizationAsTribuoDid() {
            List<String> labels = List.copyOf(cancer.labelCounts().keySet());
            var features = cancer.table().select(cancer.featureColumns());
            ModelSchema scaled = SchemaFit.fit(features, "cancer", "diagnosis", labels, Optional.of("malignant"), true);
            ModelSchema raw = SchemaFit.fit(features, "cancer", "diagnosis", labels, Optional.of("malignant"), false);
            Encoder scaling = new Encoder(scaled);
            Encoder plain = new Encoder(raw);
            Encoder.Bound scaledRows = scaling.bind(features, "cancer");
            Encoder.Bound plainRows = plain.bind(features, "cancer");
            LabelFactory factory = new LabelFactory();
            MutableDataset<Label> scaledData = new MutableDataset<>(new SimpleDataSourceProvenance("s", factory), factory);
            MutableDataset<Label> plainData = new MutableDataset<>(new SimpleDataSourceProvenance("p", factory), factory);
            for (int r = 0; r < features.rowCount(); r++) {
                Label label = new Label(cancer.labels().get(r));
                scaledData.add(scaling.example(label, scaling.encode(scaledRows, r)));
                plainData.add(plain.example(label, plain.encode(plainRows, r)));
            }
            Map<String, String> params = Algorithm.LOGISTIC.resolve(Map.of());
            Model<Label> ours = TribuoTrainers.create(Algorithm.LOGISTIC, params, 7).train(scaledData);
            Map<String, List<Transformation>> perFeature = new HashMap<>();
            raw.featureNames().forEach(f -> perFeature.put(f, List.of(new MeanStdDevTransformation())));
            Model<Label> tribuos = new TransformTrainer<>(TribuoTrainers.create(Algorithm.LOGISTIC, params, 7),
                    new TransformationMap(List.of(), perFeature)).train(plainData);
            for (int r = 0; r < features.rowCount(); r++) {
                assertThat(ours.predict(scaledData.getExample(r)).getOutputScores().get("malignant").getScore())
                        .as("row %d", r)
                        .isEqualTo(tribuos.predict(plainData.getExample(r)).getOutputScores().get("malignant").getScore());
            }
        }
    }

    @Nested
    @DisplayName("reproducibility")
    class Reproducibility {

        @Test
        @DisplayName("same seed and data give the same model and metrics; another seed another split")
        void sameSeedSameModel() {
            for (Algorithm algorithm : List.of(Algorithm.LOGISTIC, Algorithm.RANDOM_FOREST)) {
                TrainingSpec spec = TrainingSpec.builder(algorithm).param(algorithm == Algorithm.LOGISTIC ? "epochs" : "trees", "10")
                        .folds(3).seed(7).build();
                TrainingResult first = trainer.train(credit, spec);
                TrainingResult second = trainer.train(TestData.creditG(), spec);
                assertThat(second.metrics()).as(algorithm.id()).isEqualTo(first.metrics());
                assertThat(second.cv()).isEqualTo(first.cv());
                assertThat(second.model().predict(credit.table(), "again").probabilityMatrix()).as(algorithm.id())
                        .isDeepEqualTo(first.model().predict(credit.table(), "first").probabilityMatrix());

                TrainingResult other = trainer.train(credit, TrainingSpec.builder(algorithm)
                        .param(algorithm == Algorithm.LOGISTIC ? "epochs" : "trees", "10").folds(3).seed(8).build());
                assertThat(other.model().predict(credit.table(), "other").probabilityMatrix())
                        .isNotEqualTo(first.model().predict(credit.table(), "first").probabilityMatrix());
            }
        }
    }

    @Nested
    @DisplayName("hyperparameter search")
    class Searching {

        @Test
        @DisplayName("a grid tries every combination and keeps the one with the best cross-validated metric")
        void grid() {
            Search search = Search.grid(Map.of("learningRate", List.of("0.001", "0.1"), "epochs", List.of("2", "10")),
                    Metric.AUC);
            TrainingResult result = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).folds(3)
                    .search(search).build());
            assertThat(result.trials()).hasSize(4);
            Trial best = result.trials().stream()
                    .max(java.util.Comparator.comparingDouble(t -> t.cv().summary(Metric.AUC).mean())).orElseThrow();
            assertThat(result.params()).isEqualTo(best.params());
            assertThat(result.cv()).contains(best.cv());
            assertThat(result.trials()).extracting(t -> t.params().get("learningRate") + "/" + t.params().get("epochs"))
                    .containsExactlyInAnyOrder("0.001/2", "0.001/10", "0.1/2", "0.1/10");
        }

        @Test
        @DisplayName("a grid's size is the product of its dimensions, each parsed from name=v1,v2,...")
        void dimensions() {
            assertThat(Search.parseDimension(" maxDepth = 2, 4,,8 "))
                    .isEqualTo(Map.entry("maxDepth", List.of("2", "4", "8")));
            for (String bad : List.of("maxDepth", "=2", "maxDepth=")) {
                assertThatThrownBy(() -> Search.parseDimension(bad)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("expected name=value1,value2,... but got '" + bad + "'");
            }
            Search grid = Search.grid(Map.of("maxDepth", List.of("2", "4", "8"),
                    "impurity", List.of("gini", "entropy")), Metric.AUC);
            assertThat(grid.gridSize()).isEqualTo(6);
        }

        @Test
        @DisplayName("a random search tries the asked number of distinct combinations, chosen by the seed")
        void random() {
            Search search = Search.random(Map.of("maxDepth", List.of("2", "3", "4", "5", "6", "8"),
                    "minChildWeight", List.of("1", "5", "20")), 4, Metric.LOG_LOSS);
            TrainingSpec spec = TrainingSpec.builder(Algorithm.CART).folds(2).search(search).build();
            TrainingResult first = trainer.train(credit, spec);
            assertThat(first.trials()).hasSize(4);
            assertThat(first.trials().stream().map(Trial::params).distinct()).hasSize(4);
            double chosen = first.cv().orElseThrow().summary(Metric.LOG_LOSS).mean();
            assertThat(first.trials()).allSatisfy(t -> assertThat(t.cv().summary(Metric.LOG_LOSS).mean()).isGreaterThanOrEqualTo(chosen));
            assertThat(trainer.train(credit, spec).trials()).isEqualTo(first.trials());
        }
    }

    @Nested
    @DisplayName("specs")
    class Specs {

        @Test
        @DisplayName("unknown hyperparameters and bad values are refused, naming them")
        void badParams() {
            assertThatThrownBy(() -> TrainingSpec.builder(Algorithm.LOGISTIC).param("depth", "3").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'depth'").hasMessageContaining("epochs");
            assertThatThrownBy(() -> TrainingSpec.builder(Algorithm.XGBOOST).param("eta", "0").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'eta'").hasMessageContaining("(0, 1]");
            assertThatThrownBy(() -> TrainingSpec.builder(Algorithm.CART).param("impurity", "chaos").build())
                    .hasMessageContaining("[gini, entropy]");
            assertThatThrownBy(() -> TrainingSpec.builder(Algorithm.LOGISTIC).folds(0)
                    .search(Search.grid(Map.of("epochs", List.of("1")), Metric.AUC)).build())
                    .hasMessageContaining("folds");
            assertThatThrownBy(() -> TrainingSpec.builder(Algorithm.LOGISTIC).testFraction(1).build())
                    .hasMessageContaining("(0, 1)");
            assertThat(Algorithm.parse("Random_Forest")).isEqualTo(Algorithm.RANDOM_FOREST);
            assertThat(Algorithm.LOGISTIC.resolve(Map.of("learningRate", "1e-3"))).containsEntry("learningRate", "0.001");
        }

        @Test
        @DisplayName("each algorithm lists its hyperparameters, whose definitions check values and canonicalize them")
        void hyperparameters() {
            for (Algorithm algorithm : Algorithm.values()) {
                List<String> names = algorithm.parameters().stream().map(Parameter::name).toList();
                assertThat(names).as(algorithm.id()).contains("standardize").doesNotHaveDuplicates();
                assertThat(algorithm.resolve(Map.of())).containsOnlyKeys(names);
                for (Parameter p : algorithm.parameters()) {
                    assertThat(algorithm.parameter(p.name())).isEqualTo(p);
                    assertThat(p.canonical(p.defaultValue())).as("%s of %s", p.name(), algorithm.id())
                            .isEqualTo(p.defaultValue());
                }
            }
            Parameter rate = Algorithm.LOGISTIC.parameter("learningRate");
            assertThat(rate.kind()).isEqualTo(Parameter.Kind.DECIMAL);
            assertThat(rate.canonical(" 1e-3 ")).isEqualTo("0.001");
            assertThatThrownBy(() -> rate.canonical("0")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parameter 'learningRate' must be in (0, 1000000], got '0'");
            assertThatThrownBy(() -> Algorithm.LOGISTIC.parameter("epochs").canonical("2.5"))
                    .hasMessageContaining("a whole number");
            assertThat(Algorithm.LOGISTIC.parameter("standardize").canonical("TRUE")).isEqualTo("true");
            assertThat(Algorithm.CART.parameter("impurity").canonical("Entropy")).isEqualTo("entropy");
            assertThatThrownBy(() -> Algorithm.CART.parameter("depth")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'depth'").hasMessageContaining("maxDepth");
        }

        @Test
        @DisplayName("a positive class that is not a label, or a missing excluded column, is a data error")
        void specAgainstData() {
            assertThatThrownBy(() -> trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).positiveClass("M").build()))
                    .isInstanceOf(DataException.class).hasMessageContaining("'M'").hasMessageContaining("[benign, malignant]");
            assertThatThrownBy(() -> trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).exclude(Set.of("id")).build()))
                    .isInstanceOf(DataException.class).hasMessageContaining("'id'");
            TrainingResult benign = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0)
                    .positiveClass("benign").exclude(Set.of("mean_radius")).build());
            assertThat(benign.model().positiveClass()).contains("benign");
            assertThat(benign.model().schema().columnNames()).doesNotContain("mean_radius").hasSize(29);
        }

        @Test
        @DisplayName("registration needs a trainer with a registry")
        void registrationNeedsRegistry() {
            assertThatThrownBy(() -> trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).registerAs("x").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no registry");
        }

        @Test
        @DisplayName("the XGBoost check names the artifact and libgomp when the classes are missing")
        void xgboostMissing() {
            ClassLoader without = new java.net.URLClassLoader(new java.net.URL[0], ClassLoader.getPlatformClassLoader());
            assertThatThrownBy(() -> dev.mlops.training.internal.XGBoostSupport.requireAvailable(without))
                    .isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining("org.tribuo:tribuo-classification-xgboost")
                    .hasMessageContaining("libgomp");
        }
    }
}
