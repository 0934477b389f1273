package dev.mlops.bench;

import dev.mlops.data.LabeledData;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import java.util.concurrent.TimeUnit;
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
 * Training time on the bundled data with each algorithm at its defaults: the data check, the
 * stratified split, {@code folds}-fold cross-validation on the training part (none for 0) and the
 * final fit on 80% of the rows, then the evaluation on the other 20%; what {@code mlops train}
 * does, without registration. breast-cancer: 569 rows, 30 numeric columns; credit-g: 1,000 rows,
 * 7 numeric and 13 categorical columns (61 features once one-hot encoded).
 *
 * <p>Run from the repository root, whose {@code data} directory it reads unless
 * {@code -Dmlops.data.dir=DIR} names another (about four minutes on two cores):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar TrainingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainingBenchmark {

    /** The algorithm, at its default hyperparameters. */
    @Param({"logistic", "cart", "random-forest", "xgboost"})
    public String algorithm;

    /** The bundled data set. */
    @Param({"breast-cancer", "credit-g"})
    public String data;

    /** Cross-validation folds before the final fit. */
    @Param({"0", "5"})
    public int folds;

    private LabeledData labeled;
    private TrainingSpec spec;
    private Trainer trainer;

    @Setup(Level.Trial)
    public void setUp() {
        labeled = LabeledData.fromCsv(PredictionBenchmark.dataFile(data + ".csv"),
                data.equals("credit-g") ? "class" : "diagnosis");
        spec = TrainingSpec.builder(Algorithm.parse(algorithm)).folds(folds).build();
        trainer = Trainer.create();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
    }

    /** One training run on the calling thread. */
    @Benchmark
    public TrainingResult train() {
        return trainer.train(labeled, spec);
    }
}
