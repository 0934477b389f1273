package dev.mlops.examples;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.ExperimentFollower;
import dev.mlops.routing.FleetTelemetry;
import dev.mlops.routing.Router;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An experiment shared by a fleet: stored once, followed by every instance's router, each
 * instance flushing its counts per window; a change made anywhere reaches them all, and the
 * analysis merges every instance's counts. Two instances run here in one process; in production
 * each is a service replica on the same store. Argument: a store URI (file:DIR or a JDBC URL).
 */
public final class FleetExperiment {

    private FleetExperiment() {
    }

    public static void main(String[] args) throws Exception {
        try (ModelStore store = ModelStores.open(args[0], Map.of());
             ModelRegistry registry = ModelRegistries.open(args[0])) {
            StoredExperiments experiments = StoredExperiments.of(store, InstantSource.system());
            Experiment pricing = Experiment.builder("pricing", "pricing-2026")
                    .variant("control", "pricing:1", 1)
                    .variant("discount", "pricing:2", 1)
                    .build();
            experiments.create(pricing, "ana", "spring pricing test");       // once, from anywhere
            Random random = new Random(7);
            for (String instance : new String[] {"pod-a", "pod-b"}) {
                try (Router<Classifier> router = Router.builder(registry, Classifiers.format(), pricing).build();
                     ExperimentFollower follower = ExperimentFollower.start(router, experiments,
                             Duration.ofSeconds(1), instance);                  // applies stored changes
                     FleetTelemetry telemetry = FleetTelemetry.start(router, (TelemetryStore) store, instance,
                             Duration.ofMinutes(1), Duration.ofSeconds(5), InstantSource.system())) {
                    for (int i = 0; i < 5_000; i++) {
                        String user = instance + "-user-" + i;
                        String variant = router.route(user).name();             // the hot path, unchanged
                        router.recordConversion(variant, random.nextDouble() < (variant.equals("control") ? 0.10 : 0.13));
                    }
                }                                                               // closing flushes the window
            }
            // a third arm: exactly its third of the users moves, in every instance within a second
            experiments.setWeights("pricing", Map.of("bundle", 1.0), Map.of("bundle", "pricing:3"), Set.of(),
                    "ana", "try a bundle");
            StoredExperiments.Merged fleet = experiments.counts("pricing");
            System.out.println("instances " + fleet.instances() + ", revision "
                    + experiments.get("pricing").stored().revision());
            System.out.println(experiments.analyze("pricing").decision());
        }
    }
}
