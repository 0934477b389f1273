package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Prediction;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * What watching a model costs per row, beside the bare prediction, for a logistic regression trained
 * on breast-cancer (30 numeric features) and registered with its profile:
 *
 * <ul>
 *   <li>{@code predict}, the baseline: one row as a map predicted by the registered model;</li>
 *   <li>{@code predictAndObserve}: the same prediction, observed by a {@link ModelMonitor} under an
 *       id; the ground truth never comes, so in steady state the oldest waiting prediction is dropped
 *       for each new one: the per-request path of a service;</li>
 *   <li>{@code observe}: observing a prepared prediction, the monitor's per-row work on its own;</li>
 *   <li>{@code observeAndLabel}: observing a prepared prediction and joining its label at once, the
 *       monitor's whole work per row. Windows of 10,000 labelled rows: a window closing (drift check
 *       of 30 features, metrics, a performance record written to the store) is amortized over them
 *       and shows in the time and the allocation per row.</li>
 * </ul>
 *
 * <p>Run from the repository root (with {@code -prof gc} for bytes per operation):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar MonitorBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MonitorBenchmark {

    private Path dir;
    private ModelRegistry registry;
    private TrainedModel model;
    private ModelMonitor monitor;
    private List<Map<String, Object>> rows;
    private Prediction[] predictions;
    private String[] labels;
    private int next;
    private long id;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mlops-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        LabeledData data = LabeledData.fromCsv(PredictionBenchmark.dataFile("breast-cancer.csv"), "diagnosis");
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(data, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("bench").build());
        }
        model = registry.load("bench:1", TrainedModelFormat.of());
        monitor = ModelMonitor.of(registry, registry.get("bench:1"), model,
                MonitorConfig.defaults().withWindowSize(10_000).withMaxPending(10_000), "bench", InstantSource.system());
        rows = PredictionBenchmark.rows(data.table(), data.featureColumns());
        predictions = rows.stream().map(model::predict).toArray(Prediction[]::new);
        labels = data.labels().toArray(String[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        registry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The baseline: a bare prediction. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Prediction predict() {
        next = next + 1 == PredictionBenchmark.ROWS ? 0 : next + 1;
        return model.predict(rows.get(next));
    }

    /** A prediction, observed. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Prediction predictAndObserve() {
        next = next + 1 == PredictionBenchmark.ROWS ? 0 : next + 1;
        Prediction prediction = model.predict(rows.get(next));
        monitor.observe(++id, rows.get(next), prediction);
        return prediction;
    }

    /** The monitor's per-row work on a prepared prediction. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long observe() {
        next = next + 1 == PredictionBenchmark.ROWS ? 0 : next + 1;
        monitor.observe(++id, rows.get(next), predictions[next]);
        return id;
    }

    /** The monitor's whole work per row, window closes included. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean observeAndLabel() {
        next = next + 1 == PredictionBenchmark.ROWS ? 0 : next + 1;
        monitor.observe(++id, rows.get(next), predictions[next]);
        return monitor.label(id, labels[next]);
    }
}
