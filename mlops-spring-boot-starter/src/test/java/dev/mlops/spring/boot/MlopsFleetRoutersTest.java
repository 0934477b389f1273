package dev.mlops.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.core.ModelStores;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Routers of stored experiments from {@code mlops.fleet.*}: following the store, flushing their counts. */
class MlopsFleetRoutersTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MlopsAutoConfiguration.class));

    @Test
    @DisplayName("a stored experiment becomes a router that follows changes made elsewhere and flushes its counts")
    void followsAndFlushes() throws Exception {
        String uri = "mem:" + UUID.randomUUID();
        try (ModelStore store = ModelStores.open(uri, Map.of())) {  // another instance, keeping the store alive
            StoredExperiments experiments = StoredExperiments.of(store, InstantSource.system());
            experiments.create(Experiment.builder("pricing", "pricing-1").variant("control", "credit:1", 1)
                    .variant("discount", "credit:2", 1).build(), "ana", "");
            runner.withPropertyValues("mlops.store=" + uri, "mlops.refresh-interval=50ms", "mlops.fleet.experiments=pricing",
                    "mlops.fleet.instance=pod-1", "mlops.fleet.flush-interval=50ms").run(context -> {
                        assertThat(context).hasNotFailed();
                        var router = context.getBean(MlopsFleetRouters.class).router("pricing");
                        for (int i = 0; i < 100; i++) {
                            router.route("user-" + i);
                        }
                        experiments.setWeights("pricing", Map.of("bundle", 1.0), Map.of("bundle", "credit:3"), Set.of(),
                                "ana", "third arm");
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        while (router.experiment().variants().size() < 3 && System.nanoTime() < deadline) {
                            Thread.sleep(20);
                        }
                        assertThat(router.experiment().variants()).hasSize(3);
                    });
            var buckets = ((TelemetryStore) store).buckets(TelemetryBucket.EXPERIMENT, "pricing");
            assertThat(buckets).isNotEmpty().allMatch(b -> b.instance().equals("pod-1"));
            assertThat(experiments.counts("pricing").counts().variants().values().stream()
                    .mapToLong(v -> v.units()).sum()).isEqualTo(100);
        }
    }

    @Test
    @DisplayName("an experiment that is not stored fails the context, naming it")
    void notStored() {
        runner.withPropertyValues("mlops.store=mem:" + UUID.randomUUID(), "mlops.fleet.experiments=ghost").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MlopsConfigurationException.class)
                    .hasMessageContaining("ghost");
        });
    }
}
