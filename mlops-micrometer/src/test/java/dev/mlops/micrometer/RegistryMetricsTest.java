package dev.mlops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import dev.mlops.tck.TckModels;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RegistryMetricsTest {

    ModelRegistry registry;
    MeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        registry = ModelRegistries.builder("mem:" + UUID.randomUUID()).refreshInterval(Duration.ZERO).open();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    void register(String model, String label) {
        registry.register(RegisterRequest.builder(model, ArtifactSource.of(TckModels.constant(label)))
                .format(TckModels.ConstantFormat.NAME).build());
    }

    void toProduction(String model, int version) {
        for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            registry.promote(model, version, stage, "test");
        }
    }

    double count(String name, String... tags) {
        return meters.get(name).tags(tags).functionCounter().count();
    }

    /** The {@code mlops.model.info} series as "model:version stage alias". */
    List<String> infos() {
        return meters.find(RegistryMetrics.MODEL_INFO).gauges().stream()
                .peek(g -> assertThat(g.value()).isEqualTo(1.0))
                .map(Meter::getId)
                .map(id -> id.getTag("model") + ":" + id.getTag("version") + " " + id.getTag("stage") + " " + id.getTag("alias"))
                .sorted().toList();
    }

    @Test
    @DisplayName("counters follow the registry's own counts, with the binder's tags")
    void counters() {
        register("churn", "yes");
        register("churn", "no");
        toProduction("churn", 1);
        try (RegistryMetrics metrics = new RegistryMetrics(registry, Tags.of("store", "main"))) {
            metrics.bindTo(meters);
            registry.load("churn@production", TckModels.FORMAT);
            registry.load("churn@production", TckModels.FORMAT);
            registry.setAlias("churn", "champion", 1);

            assertThat(count("mlops.registry.cache.gets", "result", "hit")).isEqualTo(1);
            assertThat(count("mlops.registry.cache.gets", "result", "miss")).isEqualTo(1);
            assertThat(count("mlops.registry.loads", "result", "success")).isEqualTo(1);
            assertThat(count("mlops.registry.loads", "result", "failure")).isZero();
            assertThat(count("mlops.registry.verifications", "result", "valid")).isEqualTo(1);
            assertThat(count("mlops.registry.registrations")).isEqualTo(2);
            assertThat(count("mlops.registry.promotions", "stage", "production")).isEqualTo(1);
            assertThat(count("mlops.registry.promotions", "stage", "testing")).isEqualTo(1);
            assertThat(count("mlops.registry.rollbacks")).isZero();
            toProduction("churn", 2);
            registry.rollback("churn", "worse");
            assertThat(count("mlops.registry.rollbacks")).isEqualTo(1);
            assertThat(count("mlops.registry.promotions", "stage", "production")).isEqualTo(2);
            assertThat(meters.find("mlops.registry.registrations").tag("store", "main").functionCounter()).isNotNull();
        }
    }

    @Test
    @DisplayName("mlops.model.info has one series per serving version and alias, and follows promotions and alias moves")
    void modelInfo() {
        register("churn", "yes");
        register("churn", "no");
        register("fraud", "yes");
        toProduction("churn", 1);
        registry.setAlias("churn", "challenger", 2);
        try (RegistryMetrics metrics = new RegistryMetrics(registry, Tags.empty())) {
            metrics.bindTo(meters);
            assertThat(infos()).containsExactly("churn:1 production none", "churn:2 draft challenger");

            toProduction("churn", 2);
            registry.setAlias("fraud", "champion", 1);
            assertThat(infos()).as("the archived version serves nowhere").containsExactly(
                    "churn:2 production challenger", "churn:2 production none", "fraud:1 draft champion");

            registry.rollback("churn", "worse");
            registry.removeAlias("churn", "challenger");
            assertThat(infos()).containsExactly("churn:1 production none", "fraud:1 draft champion");
        }
        assertThat(meters.getMeters()).as("closing removes the binder's meters").isEmpty();
    }

    @Test
    @DisplayName("a second meter registry bound later gets the same meters, and later ones too")
    void twoMeterRegistries() {
        register("churn", "yes");
        toProduction("churn", 1);
        MeterRegistry other = new SimpleMeterRegistry();
        try (RegistryMetrics metrics = new RegistryMetrics(registry, Tags.empty())) {
            metrics.bindTo(meters);
            metrics.bindTo(other);
            registry.setAlias("churn", "champion", 1);
            assertThat(other.getMeters()).hasSameSizeAs(meters.getMeters());
            assertThat(other.find(RegistryMetrics.MODEL_INFO).tag("alias", "champion").gauge()).isNotNull();
            registry.load("churn:1", TckModels.FORMAT);
            assertThat(other.get("mlops.registry.loads").tag("result", "success").functionCounter().count()).isEqualTo(1);
        }
        assertThat(other.getMeters()).isEmpty();
    }
}
