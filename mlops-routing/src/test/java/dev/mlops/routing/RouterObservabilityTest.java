package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ModelRegistries;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a router lets an exporter read and follow without touching its routing path. */
class RouterObservabilityTest {

    @TempDir
    Path dir;
    ModelRegistry registry;

    @BeforeEach
    void openRegistry() {
        registry = ModelRegistries.builder("file:" + dir).actor("router-test").open();
        for (String label : List.of("yes", "no", "yes")) {
            registry.register(RegisterRequest.builder("churn", ArtifactSource.of(ConstantClassifier.artifact(label)))
                .format(ConstantClassifier.Format.NAME).build());
        }
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    @DisplayName("served variants read the variant's counters: assignments, predictions, errors, summed latency, conversions")
    void countersOfServedVariants() {
        try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), RouterTest.ab()).build()) {
            for (int i = 0; i < 300; i++) {
                router.predict("u" + i, RouterTest.PREDICT);
            }
            Function<Classifier, String> failing = m -> {
                throw new IllegalStateException("down");
            };
            for (int i = 0; i < 7; i++) {
                String unit = "f" + i;
                assertThatThrownBy(() -> router.predict(unit, failing)).hasMessage("down");
            }
            router.route("only-routed");
            router.recordConversion("control", true);
            router.recordConversion("control", false);

            List<ServedVariant<Classifier>> variants = router.variants();
            assertThat(variants).extracting(ServedVariant::name).containsExactly("control", "treatment");
            long assignments = 0;
            long predictions = 0;
            long errors = 0;
            for (ServedVariant<Classifier> v : variants) {
                VariantStats stats = router.stats(v.name());
                assertThat(v.assignments()).isEqualTo(stats.assignments());
                assertThat(v.predictions()).isEqualTo(stats.predictions());
                assertThat(v.errors()).isEqualTo(stats.errors());
                assertThat(v.predictionNanos()).as("summed latency of %s", v.name())
                    .isGreaterThanOrEqualTo(v.predictions());
                assertThat(v.conversions()).isEqualTo(stats.conversions());
                assignments += v.assignments();
                predictions += v.predictions();
                errors += v.errors();
            }
            assertThat(assignments).isEqualTo(308);
            assertThat(predictions).isEqualTo(307);
            assertThat(errors).isEqualTo(7);
            assertThat(variants.get(0).conversions().successes()).isEqualTo(1);
            assertThat(variants.get(0).conversions().count()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("counters are kept by variant name: a variant of an earlier configuration reads the same numbers")
    void countersSurviveChanges() {
        try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), RouterTest.ab()).build()) {
            ServedVariant<Classifier> before = router.variants().get(0);
            router.setWeights(Map.of("control", 3.0));
            ServedVariant<Classifier> after = router.variants().get(0);
            assertThat(after).isNotSameAs(before);
            for (int i = 0; i < 100; i++) {
                router.route("u" + i);
            }
            assertThat(before.assignments()).isEqualTo(after.assignments()).isEqualTo(router.stats("control").assignments())
                .isPositive();
        }
    }

    @Test
    @DisplayName("experiment listeners hear every configuration change, with the one before and the one in force")
    void experimentListeners() {
        Experiment canary = Experiment.builder("canary", "canary-1").variant("stable", "churn:1", 1)
            .variant("canary", "churn:2", 0).canary(Canary.of("canary", 5)).build();
        List<String> heard = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), canary).build()) {
            router.addListener((previous, current) -> {
                assertThat(router.experiment()).as("the new configuration is in force").isSameAs(current);
                heard.add(previous.canary().orElseThrow().percent() + "->" + current.canary().orElseThrow().percent());
            });
            router.addListener((previous, current) -> {
                throw new IllegalStateException("a failing listener stops nothing");
            });
            ExperimentListener gone = (previous, current) -> removed.add("told");
            router.addListener(gone);
            router.removeListener(gone);
            router.rampCanary(25);
            router.update(router.experiment().withCanaryPercent(50));
            assertThat(heard).containsExactly("5.0->25.0", "25.0->50.0");
            assertThat(removed).isEmpty();
            assertThat(router.experiment().canary().orElseThrow().percent()).isEqualTo(50.0);
        }
    }
}
