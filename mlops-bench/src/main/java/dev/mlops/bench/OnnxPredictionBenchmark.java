package dev.mlops.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictions;
import dev.mlops.onnx.OnnxFormat;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * Prediction with ONNX models exported from scikit-learn, registered in a filesystem registry and
 * loaded as {@link Classifier}s (mlops-onnx's test models: {@code linear}, a logistic regression on
 * credit-g's 20 named inputs with a ZipMap output; {@code forest}, 50 trees of depth at most 6 on
 * breast-cancer's 30 columns in one float tensor), each beside its floor:
 *
 * <ul>
 *   <li>{@code singleRow}: one row given as a column → value map ({@link Classifier#predict(Map)});</li>
 *   <li>{@code runtimeSingleRow}, its floor: the bare {@code OrtSession.run} on the row's tensors,
 *       built beforehand (the same session options);</li>
 *   <li>{@code batch}: the first {@value #ROWS} rows as one table, one session call; scores are per row;</li>
 *   <li>{@code runtimeBatch}, its floor: the bare session call on those rows' prebuilt tensors.</li>
 * </ul>
 *
 * <p>Run from the repository root, whose {@code data} and {@code mlops-onnx} directories it reads:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar OnnxPredictionBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnnxPredictionBenchmark {

    /** Rows of a batch, and of the rows predicted one by one. */
    static final int ROWS = 500;

    /** The model. */
    @Param({"linear", "forest"})
    public String model;

    private Path dir;
    private ModelRegistry registry;
    private Classifier classifier;
    private DataTable table;
    private List<Map<String, Object>> rows;
    private OrtSession session;
    private String output;
    private List<Map<String, OnnxTensor>> rowTensors;
    private Map<String, OnnxTensor> batchTensors;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        boolean linear = model.equals("linear");
        Path models = Path.of(System.getProperty("mlops.onnx.models", "mlops-onnx/src/test/resources/dev/mlops/onnx"));
        byte[] bytes = Files.readAllBytes(models.resolve(linear ? "credit-linear.onnx" : "cancer-forest.onnx"));
        LabeledData data = linear ? LabeledData.fromCsv(PredictionBenchmark.dataFile("credit-g.csv"), "class")
                : LabeledData.fromCsv(PredictionBenchmark.dataFile("breast-cancer.csv"), "diagnosis");
        dir = Files.createTempDirectory("mlops-bench");
        registry = ModelRegistries.builder("file:" + dir).actor("bench").open();
        registry.register(RegisterRequest.builder("bench", ArtifactSource.of(bytes)).format(OnnxFormat.NAME).build());
        classifier = Classifiers.load(registry, "bench:1");
        int[] first = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            first[r] = r;
        }
        table = data.table().rows(first);
        rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            rows.add(new HashMap<>(table.row(r)));
        }

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);  // as OnnxClassifier sets them
            options.setInterOpNumThreads(1);
            session = environment.createSession(bytes, options);
        }
        output = linear ? "output_probability" : "probabilities";
        List<String> names = List.copyOf(classifier.featureColumns().keySet());
        rowTensors = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            rowTensors.add(tensors(environment, names, r, r + 1));
        }
        batchTensors = tensors(environment, names, 0, ROWS);
    }

    /** The inputs of rows {@code [from, to)}: per named input a column, or every column in the one input. */
    private Map<String, OnnxTensor> tensors(OrtEnvironment environment, List<String> names, int from, int to)
            throws OrtException {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        int n = to - from;
        for (NodeInfo input : session.getInputInfo().values()) {
            OnnxJavaType type = ((TensorInfo) input.getInfo()).type;
            List<String> columns = session.getNumInputs() == 1 ? names : List.of(input.getName());
            long[] shape = {n, columns.size()};
            if (type == OnnxJavaType.STRING) {
                String[] values = new String[n];
                for (int r = 0; r < n; r++) {
                    values[r] = (String) table.row(from + r).get(input.getName());
                }
                tensors.put(input.getName(), OnnxTensor.createTensor(environment, values, shape));
                continue;
            }
            double[] values = new double[n * columns.size()];
            for (int j = 0; j < columns.size(); j++) {
                double[] column = table.numeric(columns.get(j)).orElseThrow();
                for (int r = 0; r < n; r++) {
                    values[r * columns.size() + j] = column[from + r];
                }
            }
            OnnxTensor tensor = switch (type) {
                case FLOAT -> {
                    float[] floats = new float[values.length];
                    for (int i = 0; i < floats.length; i++) {
                        floats[i] = (float) values[i];
                    }
                    yield OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats), shape);
                }
                case DOUBLE -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
                default -> OnnxTensor.createTensor(environment, LongBuffer.wrap(
                        Arrays.stream(values).mapToLong(v -> (long) v).toArray()), shape);
            };
            tensors.put(input.getName(), tensor);
        }
        return tensors;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, OrtException {
        rowTensors.forEach(m -> m.values().forEach(OnnxTensor::close));
        batchTensors.values().forEach(OnnxTensor::close);
        session.close();
        registry.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One row, as a map, predicted. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Prediction singleRow() {
        next = next + 1 == ROWS ? 0 : next + 1;
        return classifier.predict(rows.get(next));
    }

    /** The floor of {@link #singleRow}: the bare session call on the row's prebuilt tensors. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long runtimeSingleRow() throws OrtException {
        next = next + 1 == ROWS ? 0 : next + 1;
        try (OrtSession.Result result = session.run(rowTensors.get(next), Set.of(output))) {
            return result.size();
        }
    }

    /** {@value #ROWS} rows in one call; the score is rows per time unit. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(ROWS)
    public Predictions batch() {
        return classifier.predict(table, "bench");
    }

    /** The floor of {@link #batch}: the bare session call on the rows' prebuilt tensors. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(ROWS)
    public long runtimeBatch() throws OrtException {
        try (OrtSession.Result result = session.run(batchTensors, Set.of(output))) {
            return result.size();
        }
    }
}
