package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Predictions;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Router;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import dev.mlops.training.TribuoFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One breast-cancer classifier registered three ways (a trained {@code mlops-model}, an online
 * {@code mlops-online-model}, the same Tribuo model as plain {@code tribuo-protobuf}) is loaded and
 * routed as a {@link Classifier} alike; an artifact no classifier format reads is refused by name.
 */
class ClassifierServingTest {

    @TempDir
    Path dir;
    ModelRegistry registry;
    LabeledData cancer;

    @BeforeEach
    void register() {
        registry = ModelRegistries.builder("file:" + dir).actor("test").open();
        cancer = TestData.breastCancer();
        TrainedModel trained;
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            // unstandardized: the Tribuo model then reads the columns as they are, so that registered
            // alone (cancer:3) it must predict what the packaged model predicts
            trained = trainer.train(cancer, TrainingSpec.builder(Algorithm.LOGISTIC).param("standardize", "false")
                    .folds(0).registerAs("cancer").build()).model();  // cancer:1
        }
        List<String> numeric = cancer.featureColumns();
        IncrementalModel online = IncrementalModel.create(
                OnlineSchema.of("diagnosis", List.of("benign", "malignant"), numeric), Optimizer.ftrl());
        DataTable table = cancer.table();
        double[] row = new double[numeric.size()];
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int r = 0; r < table.rowCount(); r++) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = table.numeric(numeric.get(j)).orElseThrow()[r];
                }
                online.learn(row, new String[0], online.schema().labelIndex(cancer.labels().get(r)));
            }
        }
        registry.register(RegisterRequest.builder("cancer", ArtifactSource.of(online.snapshot().toBytes()))
                .format(OnlineModelFormat.NAME).build());  // cancer:2
        registry.register(RegisterRequest.builder("cancer", ArtifactSource.of(TribuoFormat.toBytes(trained.tribuoModel())))
                .format(TribuoFormat.NAME).build());  // cancer:3
        registry.register(RegisterRequest.builder("cancer", ArtifactSource.of(new byte[] {1, 2, 3}))
                .format("onnx").build());  // cancer:4
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Map<String, Object> row(int r) {
        Map<String, Object> row = new HashMap<>();
        for (String column : cancer.featureColumns()) {
            row.put(column, cancer.table().numeric(column).orElseThrow()[r]);
        }
        return row;
    }

    @Test
    @DisplayName("every registered classifier loads as a Classifier and predicts; the same Tribuo model predicts the same")
    void loadsEveryFormat() {
        for (String ref : List.of("cancer:1", "cancer:2", "cancer:3")) {
            Classifier model = Classifiers.load(registry, ref);
            assertThat(model.labels()).as(ref).containsExactly("benign", "malignant");
            assertThat(model.predict(row(0)).label()).as(ref).isEqualTo("malignant");
            assertThat(model.predict(cancer.table(), "cancer").size()).isEqualTo(569);
        }
        assertThat(Classifiers.load(registry, "cancer:1")).isInstanceOf(TrainedModel.class);
        assertThat(Classifiers.load(registry, "cancer:2")).isInstanceOf(OnlineModel.class);
        Predictions packaged = Classifiers.load(registry, "cancer:1").predict(cancer.table(), "cancer");
        Predictions plain = Classifiers.load(registry, "cancer:3").predict(cancer.table(), "cancer");
        for (int r = 0; r < packaged.size(); r++) {
            assertThat(plain.probability(r, "malignant")).isCloseTo(packaged.probability(r, "malignant"), within(1e-12));
        }
        assertThat(Classifiers.load(registry, "cancer:1")).as("cached").isSameAs(Classifiers.load(registry, "cancer:1"));
        assertThatThrownBy(() -> Classifiers.load(registry, "cancer:4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'onnx'").hasMessageContaining(TrainedModelFormat.NAME);
    }

    @Test
    @DisplayName("a router of Classifiers serves trained, online and plain Tribuo models side by side")
    void routesEveryFormat() {
        Experiment experiment = Experiment.builder("formats", "formats-1").variant("trained", "cancer:1", 1)
                .variant("online", "cancer:2", 1).variant("tribuo", "cancer:3", 1).build();
        try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), experiment).build()) {
            Map<String, Integer> served = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                Map<String, Object> row = row(i);
                String variant = router.variantOf("user-" + i);
                String label = router.predict("user-" + i, model -> model.predict(row).label());
                assertThat(label).isIn("benign", "malignant");
                served.merge(variant, 1, Integer::sum);
            }
            assertThat(served).containsOnlyKeys("trained", "online", "tribuo");
        }
    }

    @Test
    @DisplayName("a router whose experiment names a model of a format it cannot read fails at build, naming both formats")
    void refusesForeignFormats() {
        Experiment onnx = Experiment.builder("onnx", "onnx-1").variant("a", "cancer:1", 1).variant("b", "cancer:4", 1).build();
        assertThatThrownBy(() -> Router.builder(registry, Classifiers.format(), onnx).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variant 'b'").hasMessageContaining("'onnx'").hasMessageContaining("classifier [");
        Experiment online = Experiment.builder("mixed", "mixed-1").variant("a", "cancer:1", 1).variant("b", "cancer:2", 1).build();
        assertThatThrownBy(() -> Router.builder(registry, TrainedModelFormat.of(), online).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + OnlineModelFormat.NAME + "'").hasMessageContaining("'" + TrainedModelFormat.NAME + "'");
        Experiment trainedOnly = Experiment.builder("mixed", "mixed-1").variant("a", "cancer:1", 1).variant("b", "cancer:1", 1).build();
        try (Router<TrainedModel> router = Router.builder(registry, TrainedModelFormat.of(), trainedOnly).build()) {
            assertThatThrownBy(() -> router.update(online)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(OnlineModelFormat.NAME);
            assertThat(router.experiment()).isEqualTo(trainedOnly);
        }
    }
}
