package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.micrometer.RegistryMetrics;
import dev.mlops.micrometer.RouterMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.Stage;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Router;
import dev.mlops.routing.ServedVariant;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * What the Micrometer binders cost the routing hot path: a router and its registry bound to a meter
 * registry ({@link RouterMetrics}, {@link RegistryMetrics}) next to the same router unbound, in the
 * same run. The binders read the router's own counters when meters are read, so the two should be
 * equal within noise, with 0 B/op in both.
 *
 * <ul>
 *   <li>{@code route}: unit id → variant, counting the assignment ({@link Router#route});</li>
 *   <li>{@code predict}: {@link Router#predict} with a call that only touches the model, so what is
 *       measured is the router's part (routing, the registry's cache, the latency record);</li>
 *   <li>{@code predictRow}: {@link Router#predict} of a logistic regression on one breast-cancer row
 *       given as a map, as a scoring service does per request.</li>
 * </ul>
 *
 * <p>Run from the repository root, whose {@code data} directory it reads unless
 * {@code -Dmlops.data.dir=DIR} names another (about three minutes on two cores):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar RouterMetricsBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouterMetricsBenchmark {

    /** Whether the router and registry are bound to a meter registry. */
    public enum Binding { UNBOUND, BOUND }

    static final int IDS = 1024;

    @Param({"UNBOUND", "BOUND"})
    public Binding binding;

    private Path dir;
    private ModelRegistry registry;
    private Router<Classifier> router;
    private MeterRegistry meters;
    private RegistryMetrics registryMetrics;
    private RouterMetrics routerMetrics;
    private final String[] ids = new String[IDS];
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mlops-metrics-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        LabeledData data = LabeledData.fromCsv(PredictionBenchmark.dataFile("breast-cancer.csv"), "diagnosis");
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            for (int i = 0; i < 2; i++) {
                trainer.train(data, TrainingSpec.builder(Algorithm.LOGISTIC).seed(i).folds(0).registerAs("bench").build());
            }
        }
        for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            registry.promote("bench", 1, stage, "bench");
        }
        registry.setAlias("bench", "challenger", 2);
        Experiment experiment = Experiment.builder("bench-ab", "bench-salt-2026")
            .variant("control", "bench@production", 50).variant("treatment", "bench@challenger", 50).build();
        router = Router.builder(registry, Classifiers.format(), experiment).build();
        if (binding == Binding.BOUND) {
            meters = new SimpleMeterRegistry();
            registryMetrics = new RegistryMetrics(registry, Tags.empty());
            registryMetrics.bindTo(meters);
            routerMetrics = new RouterMetrics(router, registry, Tags.empty());
            routerMetrics.bindTo(meters);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < IDS; i++) {
            ids[i] = String.format("user-%011d", random.nextLong(100_000_000_000L));
        }
        for (int i = 0; i < data.table().rowCount(); i++) {
            Map<String, Object> row = new java.util.HashMap<>(data.table().row(i));
            row.keySet().retainAll(data.featureColumns());
            rows.add(row);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (binding == Binding.BOUND) {
            // the meters must have counted what was measured: a binder that read nothing would be cheap too
            double assigned = meters.get(RouterMetrics.ASSIGNMENTS).functionCounters().stream()
                .mapToDouble(c -> c.count()).sum();
            if (assigned == 0) {
                throw new IllegalStateException("the bound router's meters counted no assignment");
            }
            routerMetrics.close();
            registryMetrics.close();
        }
        router.close();
        registry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String nextId() {
        next = next + 1;
        return ids[next & (IDS - 1)];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ServedVariant<Classifier> route() {
        return router.route(nextId());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int predict() {
        return router.predict(nextId(), m -> m.labels().size());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Prediction predictRow() {
        Map<String, Object> row = rows.get(next % rows.size());
        return router.predict(nextId(), m -> m.predict(row));
    }
}
