package dev.mlops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.routing.Canary;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Router;
import dev.mlops.routing.VariantStats;
import dev.mlops.tck.TckModels;
import dev.mlops.tck.TckModels.ConstantModel;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {

    ModelRegistry registry;
    MeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        registry = ModelRegistries.builder("mem:" + UUID.randomUUID()).refreshInterval(Duration.ZERO).open();
        for (String label : List.of("yes", "no", "yes")) {
            registry.register(RegisterRequest.builder("churn", ArtifactSource.of(TckModels.constant(label)))
                    .format(TckModels.ConstantFormat.NAME).build());
        }
        for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            registry.promote("churn", 1, stage, "test");
        }
        registry.setAlias("churn", "challenger", 2);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    static Experiment ab() {
        return Experiment.builder("churn-ab", "churn-ab-1").variant("control", "churn@production", 1)
                .variant("treatment", "churn@challenger", 1).build();
    }

    Router<ConstantModel> router(Experiment experiment) {
        return Router.builder(registry, TckModels.FORMAT, experiment).build();
    }

    double assignments(String variant) {
        return meters.get(RouterMetrics.ASSIGNMENTS).tags("experiment", "churn-ab", "variant", variant)
                .functionCounter().count();
    }

    FunctionTimer predictions(String variant, String version) {
        return meters.get(RouterMetrics.PREDICTIONS).tags("experiment", "churn-ab", "variant", variant, "model", "churn",
                "version", version).functionTimer();
    }

    @Test
    @DisplayName("assignments, predictions per model, version and variant, errors and conversions equal the router's counts")
    void countsEqualTheRouters() {
        try (Router<ConstantModel> router = router(ab());
             RouterMetrics metrics = new RouterMetrics(router, registry, Tags.of("service", "test"))) {
            for (int i = 0; i < 50; i++) {
                router.route("early-" + i);  // before binding: the meters read the router's counters, not calls
            }
            metrics.bindTo(meters);
            for (int i = 0; i < 400; i++) {
                router.predict("u" + i, ConstantModel::predict);
            }
            for (int i = 0; i < 3; i++) {
                String unit = "f" + i;
                assertThatThrownBy(() -> router.predict(unit, m -> {
                    throw new IllegalStateException("down");
                })).hasMessage("down");
            }
            router.recordConversion("treatment", true);
            router.recordConversion("treatment", false);
            router.recordConversion("treatment", true);

            for (String variant : List.of("control", "treatment")) {
                VariantStats stats = router.stats(variant);
                assertThat(assignments(variant)).isEqualTo(stats.assignments());
                String version = variant.equals("control") ? "1" : "2";
                FunctionTimer timer = predictions(variant, version);
                assertThat(timer.count()).isEqualTo(stats.predictions());
                assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
                assertThat(meters.get("mlops.router.prediction.errors").tags("variant", variant).functionCounter().count())
                        .isEqualTo(stats.errors());
                assertThat(meters.get("mlops.router.share").tags("variant", variant).gauge().value()).isEqualTo(0.5);
            }
            assertThat(assignments("control") + assignments("treatment")).isEqualTo(453);
            assertThat(meters.get("mlops.router.conversions").tags("variant", "treatment", "outcome", "converted")
                    .functionCounter().count()).isEqualTo(2);
            assertThat(meters.get("mlops.router.conversions").tags("variant", "treatment", "outcome", "not-converted")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("service")).isEqualTo("test"));
        }
        assertThat(meters.getMeters()).as("closing removes the binder's meters").isEmpty();
    }

    @Test
    @DisplayName("a promotion starts a series for the new version; the old one keeps its count, and returns on rollback")
    void versionsFollowPromotions() {
        try (Router<ConstantModel> router = router(ab());
             RouterMetrics metrics = new RouterMetrics(router, registry, Tags.empty())) {
            metrics.bindTo(meters);
            predictControl(router, 30);
            for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
                registry.promote("churn", 3, stage, "test");
            }
            predictControl(router, 20);
            assertThat(predictions("control", "1").count()).isEqualTo(30);
            assertThat(predictions("control", "3").count()).isEqualTo(20);

            registry.rollback("churn", "worse");
            predictControl(router, 5);
            assertThat(predictions("control", "1").count()).isEqualTo(35);
            assertThat(predictions("control", "3").count()).isEqualTo(20);
            assertThat(predictions("control", "1").count() + predictions("control", "3").count())
                    .isEqualTo(router.stats("control").predictions());
        }
    }

    /** Predicts for {@code n} units of the control variant. */
    private static void predictControl(Router<ConstantModel> router, int n) {
        int done = 0;
        for (int i = 0; done < n; i++) {
            String unit = "c" + i;
            if (router.variantOf(unit).equals("control")) {
                assertThat(router.predict(unit, ConstantModel::predict)).isIn("yes", "no");
                done++;
            }
        }
    }

    @Test
    @DisplayName("variants added by an update get meters, shares follow weight changes, a dangling alias has version none")
    void configurationChanges() {
        try (Router<ConstantModel> router = router(ab());
             RouterMetrics metrics = new RouterMetrics(router, registry, Tags.empty())) {
            metrics.bindTo(meters);
            router.setWeights(Map.of("control", 3.0));
            assertThat(meters.get("mlops.router.share").tags("variant", "control").gauge().value()).isEqualTo(0.75);
            router.update(Experiment.builder("churn-ab", "churn-ab-1").variant("control", "churn@production", 1)
                    .variant("treatment", "churn@challenger", 1).variant("third", "churn@nobody", 1).build());
            assertThat(meters.find(RouterMetrics.ASSIGNMENTS).tag("variant", "third").functionCounter()).isNotNull();
            assertThat(meters.find(RouterMetrics.PREDICTIONS).tags("variant", "third", "version", RouterMetrics.NO_VERSION)
                    .functionTimer()).isNotNull();
            registry.setAlias("churn", "nobody", 3);
            assertThat(meters.find(RouterMetrics.PREDICTIONS).tags("variant", "third", "version", "3").functionTimer())
                    .isNotNull();
        }
    }

    @Test
    @DisplayName("guardrail trips are counted by the breached check")
    void guardrailTrips() {
        Experiment canary = Experiment.builder("churn-ab", "canary-1").variant("stable", "churn:1", 1)
                .variant("canary", "churn:2", 0).canary(Canary.of("canary", 50).withGuardrails(0.05, 10_000, 5)).build();
        try (Router<ConstantModel> router = router(canary);
             RouterMetrics metrics = new RouterMetrics(router, registry, Tags.empty())) {
            metrics.bindTo(meters);
            for (int i = 0; i < 400; i++) {
                try {
                    router.predict("u" + i, m -> {
                        if (m.predict().equals("no")) {
                            throw new IllegalStateException("canary bug");
                        }
                        return m.predict();
                    });
                } catch (IllegalStateException expected) {
                    // until the canary is rolled back
                }
            }
            assertThat(meters.get("mlops.router.guardrail.trips").tag("guardrail", "errorRate").functionCounter().count())
                    .isEqualTo(1);
            assertThat(meters.get("mlops.router.share").tags("variant", "canary").gauge().value()).isZero();
        }
    }

    @Test
    @DisplayName("shadow copies are counted by result, with the agreement rate")
    void shadow() throws Exception {
        try (Router<ConstantModel> router = Router.builder(registry, TckModels.FORMAT, ab()).shadow("churn:3").build();
             RouterMetrics metrics = new RouterMetrics(router, registry, Tags.empty())) {
            metrics.bindTo(meters);
            for (int i = 0; i < 200; i++) {
                router.predict("u" + i, ConstantModel::predict);
            }
            assertThat(router.awaitShadow(10, TimeUnit.SECONDS)).isTrue();
            var stats = router.shadowStats().orElseThrow();
            double agreed = meters.get("mlops.router.shadow.requests").tags("shadow", "churn:3", "result", "agreed")
                    .functionCounter().count();
            double disagreed = meters.get("mlops.router.shadow.requests").tags("result", "disagreed").functionCounter().count();
            assertThat(agreed).isEqualTo(stats.agreed()).isPositive();
            assertThat(disagreed).isEqualTo(stats.compared() - stats.agreed()).isPositive();
            assertThat(meters.get("mlops.router.shadow.agreement").gauge().value()).isEqualTo(stats.agreementRate());
        }
    }

    @Test
    @DisplayName("no meter carries a unit id: tags come from a small, fixed set")
    void boundedTags() {
        try (Router<ConstantModel> router = router(ab());
             RouterMetrics metrics = new RouterMetrics(router, registry, Tags.empty())) {
            metrics.bindTo(meters);
            for (int i = 0; i < 1_000; i++) {
                router.predict("user-" + UUID.randomUUID(), ConstantModel::predict);
            }
            assertThat(meters.getMeters()).hasSizeLessThan(20);
            assertThat(meters.getMeters()).flatMap(m -> m.getId().getTags()).allSatisfy(tag ->
                    assertThat(tag.getValue()).doesNotStartWith("user-"));
            assertThat(meters.getMeters().stream().map(Meter::getId).map(id -> id.getTag("experiment"))
                    .filter(Objects::nonNull).distinct()).containsExactly("churn-ab");
        }
    }
}
