package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import dev.mlops.model.TreeEnsemble;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Prediction throughput of a registered model loaded from a filesystem registry (the artifact read,
 * verified and deserialized once; the cached model is then used), on the 569 rows of
 * breast-cancer, for logistic regression, XGBoost (50 trees of depth 6) and a random forest (50
 * trees of depth 12). XGBoost and the forest predict by evaluating their trees in Java
 * ({@link TrainedModel#predictsWithTrees()}); the {@code tribuo...} benchmarks measure the same
 * model through Tribuo (and XGBoost's native library), as before.
 *
 * <ul>
 *   <li>{@code singleRow}: one row given as a column → value map, turned into features and
 *       predicted ({@link TrainedModel#predict(Map)}), as a service predicting per request does;</li>
 *   <li>{@code batch}: all 569 rows as one table ({@link TrainedModel#predict(DataTable, String)});
 *       scores are per row;</li>
 *   <li>{@code tribuoPathSingleRow} and {@code tribuoPathBatch}: the same through Tribuo
 *       ({@link TrainedModel#withTribuoPrediction()}), the path tree models took before;</li>
 *   <li>{@code tribuoSingleRow}, the floor of that path: the bare Tribuo model predicting an example
 *       whose features were built beforehand;</li>
 *   <li>{@code treesSingleRow}, the floor of the Java path: the model's {@link TreeEnsemble}
 *       scoring a feature vector built beforehand (a logistic model has no trees: that combination
 *       ends in an error by design).</li>
 * </ul>
 *
 * <p>Run from the repository root, whose {@code data} directory it reads unless
 * {@code -Dmlops.data.dir=DIR} names another (about two minutes on two cores):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar PredictionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PredictionBenchmark {

    /** Rows in breast-cancer.csv. */
    static final int ROWS = 569;

    /** The algorithm of the registered model. */
    @Param({"logistic", "xgboost", "random-forest"})
    public String algorithm;

    private Path dir;
    private ModelRegistry registry;
    private TrainedModel model;
    private TrainedModel tribuoPath;
    private Model<Label> tribuo;
    private TreeEnsemble trees;
    private List<double[]> treeRows;
    private DataTable table;
    private List<Map<String, Object>> rows;
    private List<Example<Label>> examples;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mlops-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        LabeledData data = LabeledData.fromCsv(dataFile("breast-cancer.csv"), "diagnosis");
        try (Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(data, TrainingSpec.builder(Algorithm.parse(algorithm)).folds(0).registerAs("bench").build());
        }
        model = registry.load("bench:1", TrainedModelFormat.of());
        tribuoPath = model.withTribuoPrediction();
        tribuo = model.tribuoModel();
        table = data.table();
        rows = rows(table, data.featureColumns());
        // the floor's examples: the same rows, already turned into features
        examples = new ArrayList<>();
        dev.mlops.training.internal.Encoder encoder = new dev.mlops.training.internal.Encoder(model.schema());
        for (Map<String, Object> row : rows) {
            examples.add(encoder.example(org.tribuo.classification.LabelFactory.UNKNOWN_LABEL, encoder.encode(row)));
        }
        // the Java floor's vectors: encoded features (in sorted name order) rearranged into the ensemble's order
        trees = model.trees().orElse(null);
        treeRows = new ArrayList<>();
        if (trees != null) {
            List<String> encoded = model.schema().featureNames().stream().sorted().toList();
            int[] source = trees.features().stream().mapToInt(encoded::indexOf).toArray();
            for (Map<String, Object> row : rows) {
                double[] features = encoder.encode(row);
                double[] x = new double[source.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = features[source[i]];
                }
                treeRows.add(x);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        registry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One row, as a map, predicted. */
    @Benchmark
    @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Prediction singleRow() {
        next = next + 1 == ROWS ? 0 : next + 1;
        return model.predict(rows.get(next));
    }

    /** One row through Tribuo (and XGBoost's native library): the path before trees were evaluated in Java. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Prediction tribuoPathSingleRow() {
        next = next + 1 == ROWS ? 0 : next + 1;
        return tribuoPath.predict(rows.get(next));
    }

    /** All 569 rows through Tribuo; the score is rows per time unit. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(ROWS)
    public Predictions tribuoPathBatch() {
        return tribuoPath.predict(table, "bench");
    }

    /** The floor of the Java path: the bare tree ensemble on a prepared feature vector. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] treesSingleRow() {
        if (trees == null) {
            throw new IllegalStateException("a " + algorithm + " model has no trees");
        }
        next = next + 1 == ROWS ? 0 : next + 1;
        return trees.probabilities(treeRows.get(next));
    }

    /** The floor: the bare Tribuo model on a prepared example. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public org.tribuo.Prediction<Label> tribuoSingleRow() {
        next = next + 1 == ROWS ? 0 : next + 1;
        return tribuo.predict(examples.get(next));
    }

    /** All 569 rows in one call; the score is rows per time unit. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(ROWS)
    public Predictions batch() {
        return model.predict(table, "bench");
    }

    static Path dataFile(String name) {
        Path file = Path.of(System.getProperty("mlops.data.dir", "data"), name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " not found: run from the repository root"
                    + " or pass -Dmlops.data.dir=DIR");
        }
        return file;
    }

    private static List<Map<String, Object>> rows(DataTable table, List<String> columns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            rows.add(new HashMap<>());
        }
        for (String column : columns) {
            if (table.type(column).orElseThrow() == FeatureType.NUMERIC) {
                double[] values = table.numeric(column).orElseThrow();
                for (int r = 0; r < values.length; r++) {
                    rows.get(r).put(column, values[r]);
                }
            } else {
                List<String> values = table.categorical(column).orElseThrow();
                for (int r = 0; r < values.size(); r++) {
                    rows.get(r).put(column, values.get(r));
                }
            }
        }
        return rows;
    }
}
