package dev.mlops.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.model.Predictions;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.IntegrityException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Router;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("ONNX models in the registry")
class OnnxFormatTest {

    @TempDir
    static Path dir;

    static Stream<String> stores() {
        return Stream.of("file:" + dir.resolve("store-" + UUID.randomUUID()), "mem:onnx-" + UUID.randomUUID());
    }

    private static void register(ModelRegistry registry, String name, OnnxModels model) {
        registry.register(RegisterRequest.builder(name, ArtifactSource.of(model.bytes())).format(OnnxFormat.NAME).build());
    }

    @ParameterizedTest
    @MethodSource("stores")
    @DisplayName("round trip: registered as onnx, loaded as any classifier, predicting as scikit-learn did")
    void roundTrip(String store) {
        try (ModelRegistry registry = ModelRegistries.open(store)) {
            register(registry, "credit", OnnxModels.CREDIT_LINEAR);
            register(registry, "cancer", OnnxModels.CANCER_FOREST);
            for (OnnxModels model : OnnxModels.values()) {
                String ref = (model == OnnxModels.CREDIT_LINEAR ? "credit" : "cancer") + ":1";
                Classifier classifier = Classifiers.load(registry, ref);
                assertThat(classifier).isInstanceOf(OnnxClassifier.class)
                        .as("one session per loaded version, from the cache")
                        .isSameAs(Classifiers.load(registry, ref));
                assertThat(registry.load(ref, OnnxFormat.of())).isSameAs(registry.load(ref, OnnxFormat.of()));
                Predictions predicted = classifier.predict(model.expectedRows(), ref);
                double[][] expected = model.expected();
                for (int r = 0; r < expected.length; r++) {
                    for (int k = 0; k < expected[r].length; k++) {
                        assertThat(predicted.probability(r, model.expectedLabels().get(k)))
                                .isCloseTo(expected[r][k], within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("the cache closes the session of an evicted version, and the registry those it holds when closed")
    void evictionClosesTheSession() {
        OnnxClassifier first;
        OnnxClassifier reloaded;
        LabeledData credit = OnnxModels.CREDIT_LINEAR.data();
        try (ModelRegistry registry = ModelRegistries.builder("mem:onnx-" + UUID.randomUUID()).cacheSize(1).open()) {
            register(registry, "credit", OnnxModels.CREDIT_LINEAR);
            register(registry, "cancer", OnnxModels.CANCER_FOREST);
            first = registry.load("credit:1", OnnxFormat.of());
            first.predict(credit.table().row(0));
            registry.load("cancer:1", OnnxFormat.of());
            assertThatThrownBy(() -> first.predict(credit.table().row(0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            reloaded = registry.load("credit:1", OnnxFormat.of());
            assertThat(reloaded).isNotSameAs(first);
            assertThat(reloaded.predict(credit.table().row(0)).label()).isIn("good", "bad");
        }
        assertThatThrownBy(() -> reloaded.predict(credit.table().row(0))).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("stores")
    @DisplayName("bytes that are no ONNX model, or an ONNX file cut short, fail to load with a message")
    void garbage(String store) {
        byte[] onnx = OnnxModels.CANCER_FOREST.bytes();
        byte[] random = new byte[4096];
        new java.util.Random(7).nextBytes(random);
        try (ModelRegistry registry = ModelRegistries.open(store)) {
            for (byte[] bytes : List.of(Arrays.copyOf(onnx, onnx.length / 2), Arrays.copyOf(onnx, 40), random,
                    "not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                int version = registry.register(RegisterRequest.builder("broken", ArtifactSource.of(bytes))
                        .format(OnnxFormat.NAME).build()).version();
                assertThat(registry.verify("broken:" + version).intact()).as("stored as given").isTrue();
                assertThatThrownBy(() -> Classifiers.load(registry, "broken:" + version))
                        .isInstanceOf(IntegrityException.class)
                        .hasMessageContaining("broken:" + version).hasMessageContaining("not a valid 'classifier")
                        .hasMessageContaining("ONNX");
            }
        }
    }

    @Test
    @DisplayName("the validator evaluates an ONNX classifier like any other")
    void validator() {
        try (ModelRegistry registry = ModelRegistries.open("mem:onnx-" + UUID.randomUUID())) {
            register(registry, "cancer", OnnxModels.CANCER_FOREST);
            ValidationReport report = Validator.builder().atLeast(Metric.AUC, 0.95).atLeast(Metric.ACCURACY, 0.9)
                    .noise(0.1, Metric.AUC, 0.05).build()
                    .validate(Classifiers.load(registry, "cancer:1"), "cancer:1", OnnxModels.CANCER_FOREST.data());
            assertThat(report.passed()).as(report.toText()).isTrue();
            assertThat(report.check("auc.min").orElseThrow().value()).isGreaterThan(0.95);
        }
    }

    @Test
    @DisplayName("the router serves ONNX versions side by side")
    void router() {
        try (ModelRegistry registry = ModelRegistries.open("mem:onnx-" + UUID.randomUUID())) {
            register(registry, "credit", OnnxModels.CREDIT_LINEAR);
            register(registry, "credit", OnnxModels.CREDIT_LINEAR);
            Experiment experiment = Experiment.builder("credit-ab", "credit-ab-1").variant("a", "credit:1", 1)
                    .variant("b", "credit:2", 1).build();
            LabeledData credit = OnnxModels.CREDIT_LINEAR.data();
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), experiment).build()) {
                for (int unit = 0; unit < 200; unit++) {
                    var row = credit.table().row(unit);
                    assertThat(router.predict("unit-" + unit, m -> m.predict(row)).label()).isIn("good", "bad");
                }
                assertThat(router.stats("a").predictions() + router.stats("b").predictions()).isEqualTo(200);
                assertThat(router.stats("a").predictions()).isPositive();
                assertThat(router.stats("b").predictions()).isPositive();
            }
        }
    }
}
