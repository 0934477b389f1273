package dev.mlops.cli;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.FleetTelemetry;
import dev.mlops.routing.Router;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One service instance of {@link FleetProcessesIT}: routes its own units by the stored experiment,
 * reports a conversion and a revenue value per unit, and flushes its counts after every batch,
 * one window per batch. It logs every event, then {@code #flushing N} before a flush and
 * {@code #flushed N} after it, so the parent knows which events the store can hold when the
 * process is killed.
 *
 * <p>Arguments: {@code STORE_URI EXPERIMENT INSTANCE BATCHES BATCH_SIZE LOG_FILE}.
 */
public final class FleetWorker {

    private FleetWorker() {
    }

    /**
     * Runs the instance.
     *
     * @param args see the class comment
     * @throws Exception anything that fails ends the process with a stack trace
     */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String experiment = args[1];
        String instance = args[2];
        int batches = Integer.parseInt(args[3]);
        int batchSize = Integer.parseInt(args[4]);
        AtomicLong window = new AtomicLong();
        InstantSource clock = () -> Instant.ofEpochMilli(window.get() * 1000);
        SplittableRandom random = new SplittableRandom(instance.hashCode());
        try (ModelStore store = ModelStores.open(uri, Map.of());
             ModelRegistry registry = ModelRegistries.builder(uri).actor(instance).refreshInterval(Duration.ZERO).open();
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(Path.of(args[5]), StandardCharsets.UTF_8))) {
            StoredExperiments experiments = StoredExperiments.of(store, clock);
            try (Router<Classifier> router = Router.builder(registry, Classifiers.format(),
                    experiments.get(experiment).routed()).build()) {
                FleetTelemetry telemetry = FleetTelemetry.manual(router, (TelemetryStore) store, instance,
                        Duration.ofSeconds(1), clock);
                long n = 0;
                for (int b = 0; b < batches; b++) {
                    for (int i = 0; i < batchSize; i++, n++) {
                        String unit = instance + "-" + n;
                        String variant = router.route(unit).name();
                        boolean converted = random.nextDouble() < (variant.equals("control") ? 0.2 : 0.23);
                        double revenue = 20 + random.nextDouble() * 10 + (variant.equals("control") ? 0 : 0.5);
                        router.recordConversion(variant, converted);
                        router.recordValue(variant, "revenue", revenue);
                        log.println(unit + "," + variant + ",converted," + (converted ? 1 : 0));
                        log.println(unit + "," + variant + ",revenue," + revenue);
                    }
                    window.set(b);
                    log.println("#flushing " + n);
                    log.flush();
                    telemetry.flush();
                    log.println("#flushed " + n);
                    log.flush();
                    Thread.sleep(15);
                }
                window.set(batches);
                telemetry.flush();  // closes the last window
                log.println("#flushed " + n);
            }
        }
    }
}
