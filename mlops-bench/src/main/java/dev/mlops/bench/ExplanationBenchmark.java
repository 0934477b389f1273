package dev.mlops.bench;

import dev.mlops.data.LabeledData;
import dev.mlops.model.Contributions;
import dev.mlops.model.Metric;
import dev.mlops.model.Prediction;
import dev.mlops.training.Algorithm;
import dev.mlops.training.PredictionExplainer;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.PermutationImportance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What explanations cost, beside a prediction of the same row, on breast-cancer (30 numeric
 * columns) with logistic regression, XGBoost (50 trees of depth 6) and a random forest (50 trees
 * of depth 12):
 *
 * <ul>
 *   <li>{@code predictRow}, the baseline: one row predicted;</li>
 *   <li>{@code explainRow}: the same row's contributions per column ({@link PredictionExplainer}:
 *       linear contributions, or path-dependent TreeSHAP over every tree);</li>
 *   <li>{@code permutationImportance}: the permutation importance of all 30 columns on the 569 rows,
 *       5 shuffles each (150 predictions of the table), in milliseconds.</li>
 * </ul>
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar ExplanationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExplanationBenchmark {

    /** The algorithm of the model. */
    @Param({"logistic", "xgboost", "random-forest"})
    public String algorithm;

    private TrainedModel model;
    private PredictionExplainer explainer;
    private LabeledData data;
    private List<Map<String, Object>> rows;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        data = LabeledData.fromCsv(PredictionBenchmark.dataFile("breast-cancer.csv"), "diagnosis");
        try (Trainer trainer = Trainer.create()) {
            model = trainer.train(data, TrainingSpec.builder(Algorithm.parse(algorithm)).folds(0).build()).model();
        }
        explainer = PredictionExplainer.of(model, data.table());
        rows = IntStream.range(0, data.rowCount()).mapToObj(r -> data.table().row(r)).toList();
    }

    /** The baseline: one row predicted. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Prediction predictRow() {
        next = next + 1 == rows.size() ? 0 : next + 1;
        return model.predict(rows.get(next));
    }

    /** One row's contributions per column. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Contributions explainRow() {
        next = next + 1 == rows.size() ? 0 : next + 1;
        return explainer.explain(rows.get(next));
    }

    /** Permutation importance of every column, 5 shuffles each. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PermutationImportance permutationImportance() {
        return PermutationImportance.of(model, data, Metric.ACCURACY, PermutationImportance.DEFAULT_REPEATS, 42);
    }
}
