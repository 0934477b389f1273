package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.routing.Assigner;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.FleetTelemetry;
import dev.mlops.routing.Router;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.TelemetryStore;
import dev.mlops.training.TribuoFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The routing hot path while the fleet's counts are flushed: {@code MLOPS_FLUSHING} routes through
 * a router whose counts a {@link FleetTelemetry} flushes to a filesystem store every 10 ms on its
 * own thread, next to the same router without flushing ({@code MLOPS}) and the SHA-256 baseline
 * (the digest of salt + "." + unit id, its first 8 bytes modulo 10,000, and a {@link LongAdder}),
 * on the same 16-character ids in the same run. Run with {@code -prof gc} for the bytes per route.
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar FleetRouterBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FleetRouterBenchmark {

    /** What routes. */
    public enum Impl { SHA256, MLOPS, MLOPS_FLUSHING }


    @Param({"SHA256", "MLOPS", "MLOPS_FLUSHING"})
    public Impl impl;

    private Path dir;
    private ModelRegistry registry;
    private ModelStore store;
    private Router<Model<Label>> router;
    private FleetTelemetry telemetry;
    private int[] owners;
    private String salt;
    private final LongAdder[] counters = {new LongAdder(), new LongAdder()};

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Experiment experiment = Experiment.builder("bench", "bench-salt-2024")
            .variant("control", "churn:1", 50).variant("treatment", "churn:2", 50).build();
        dir = Files.createTempDirectory("mlops-fleet-router-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        store = ModelStores.open("file:" + dir, Map.of());
        router = Router.builder(registry, TribuoFormat.of(Label.class), experiment).build();
        if (impl == Impl.MLOPS_FLUSHING) {
            telemetry = FleetTelemetry.start(router, (TelemetryStore) store, "bench", Duration.ofSeconds(1),
                Duration.ofMillis(10), InstantSource.system());
        }
        Assigner assigner = Assigner.of(experiment);
        salt = experiment.salt();
        owners = RouterBenchmark.owners(assigner);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (telemetry != null) {
            telemetry.close();
        }
        router.close();
        store.close();
        registry.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object route(RouterBenchmark.Ids state) {
        String unit = state.next();
        if (impl != Impl.SHA256) {
            return router.route(unit);
        }
        LongAdder counter = counters[owners[state.sha256Slot(salt, unit)]];
        counter.increment();
        return counter;
    }
}
