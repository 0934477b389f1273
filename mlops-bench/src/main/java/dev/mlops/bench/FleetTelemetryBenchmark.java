package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.Analyzer;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.FleetCounts;
import dev.mlops.routing.FleetTelemetry;
import dev.mlops.routing.Router;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import dev.mlops.training.TribuoFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The fleet's telemetry off the routing path:
 * <ul>
 *   <li>{@code flush}: one flush of a router's counts (two variants, conversions, a revenue metric,
 *       latencies) to a filesystem store: reading the counters, encoding the bucket, and the
 *       durable write (temp file, fsync, rename, directory fsync).</li>
 *   <li>{@code mergeAndAnalyze}: the fleet analysis of 100 instances × 100 windows: parsing the
 *       10,000 buckets' payloads, merging them and judging the experiment.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar FleetTelemetryBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FleetTelemetryBenchmark {

    private Path dir;
    private ModelRegistry registry;
    private ModelStore store;
    private Router<Model<Label>> router;
    private FleetTelemetry telemetry;
    private final AtomicLong millis = new AtomicLong();
    private Experiment experiment;
    private List<String> payloads;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        experiment = Experiment.builder("bench", "bench-salt-2024")
            .variant("control", "churn:1", 50).variant("treatment", "churn:2", 50).build();
        dir = Files.createTempDirectory("mlops-fleet-telemetry-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        store = ModelStores.open("file:" + dir, Map.of());
        router = Router.builder(registry, TribuoFormat.of(Label.class), experiment).build();
        telemetry = FleetTelemetry.manual(router, (TelemetryStore) store, "bench", Duration.ofMinutes(1),
            () -> java.time.Instant.ofEpochMilli(millis.get()));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            String variant = router.route("user-" + i).name();
            router.recordConversion(variant, random.nextDouble() < 0.2);
            router.recordValue(variant, "revenue", 20 + random.nextDouble() * 10);
        }
        // 100 instances × 100 windows of counts, as a fleet stores them
        payloads = new ArrayList<>();
        Path events = dir.resolve("window.csv");
        for (int b = 0; b < 100 * 100; b++) {
            StringBuilder csv = new StringBuilder("unit,variant,metric,value\n");
            for (int u = 0; u < 50; u++) {
                String variant = random.nextBoolean() ? "control" : "treatment";
                csv.append(b).append('-').append(u).append(',').append(variant).append(",converted,")
                    .append(random.nextDouble() < 0.2 ? 1 : 0).append('\n')
                    .append(b).append('-').append(u).append(',').append(variant).append(",revenue,")
                    .append(20 + random.nextDouble() * 10).append('\n');
            }
            if (b < 200) {
                Files.writeString(events, csv);
                payloads.add(dev.mlops.routing.EventFiles.counts(events, experiment).toJson());
            } else {
                payloads.add(payloads.get(b % 200));  // parsing and merging cost the same for any counts
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        router.close();
        store.close();
        registry.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long flush() {
        return telemetry.flush();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Analysis mergeAndAnalyze() {
        List<FleetCounts> parts = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            parts.add(FleetCounts.parse(payload));
        }
        return new Analyzer().analyze(experiment, FleetCounts.merge(parts).observations(experiment));
    }
}
