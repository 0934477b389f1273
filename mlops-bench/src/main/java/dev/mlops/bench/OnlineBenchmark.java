package dev.mlops.bench;

import dev.mlops.online.IncrementalModel;
import dev.mlops.online.LearnerMetrics;
import dev.mlops.online.OnlineLearner;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Optimizer;
import dev.mlops.online.Simulation;
import dev.mlops.online.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Online learning: update throughput next to two baselines, and prediction latency while the
 * served model is swapped, in one run.
 *
 * <p><b>Updates</b> ({@code update}, examples per microsecond, one thread), on a stream of 4,096
 * dense examples of {@code features} features (standard normal, label from a fixed hyperplane with
 * 10% noise), cycled:
 * <ul>
 *   <li>{@code PLAIN_SGD}, the floor: a hand-written logistic-regression SGD step on a
 *       {@code double[]} (dot product, sigmoid, axpy; constant learning rate, no standardization);</li>
 *   <li>{@code FTRL} and {@code ADAGRAD}: {@link IncrementalModel#learn} (predict before, one
 *       per-coordinate optimiser step, online standardization);</li>
 *   <li>{@code SIMULATION}: the whole learner on the caller's thread ({@link Simulation#step}:
 *       prediction, prequential metrics, ADWIN, buffer, triggers, FTRL step);</li>
 *   <li>{@code LEARNER}: {@link OnlineLearner#learn} from one producer through the bounded queue to
 *       the writer thread (the producer blocks when the queue is full, so this is the writer's pace).</li>
 * </ul>
 * {@code tribuoEpoch}: Tribuo's batch {@code LinearSGDTrainer} (log loss, AdaGrad, mini-batch 1)
 * training one epoch over the same 4,096 examples, per example: Tribuo has no incremental training,
 * so this is what a step costs it when it may see the data as a batch.
 *
 * <p><b>Hot swap</b> ({@code hotSwap}, latency distribution): 8 threads predict one row each through
 * {@link OnlineLearner#predict(double[], String[], double[])} while a ninth either only sleeps 50 µs
 * at a time ({@code NONE}) or also sends a labelled example each time, which the writer learns and
 * publishes as a new snapshot ({@code publishEvery(1)}: one swap of the served model per example,
 * about 10,000 a second at most). Compare the p0.99 of {@code hotSwap:predict} between the two;
 * the number of swaps is printed at the end of each trial.
 *
 * <p>Run from the repository root (about four minutes on two cores):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar OnlineBenchmark
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnlineBenchmark {

    static final int EXAMPLES = 4096;
    static final String[] NONE = new String[0];

    /** A seeded stream: standard normal features, label from a fixed hyperplane, 10% of labels flipped. */
    static double[][] features(int count, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[count][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                // the sum of 12 uniforms less 6: close enough to normal, and fast to make
                double s = -6;
                for (int k = 0; k < 12; k++) {
                    s += random.nextDouble();
                }
                row[j] = s;
            }
        }
        return x;
    }

    static int[] labels(double[][] x, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0.3;
            for (int j = 0; j < x[i].length; j++) {
                s += (j % 3 == 0 ? 1 : -0.5) * x[i][j];
            }
            y[i] = (s > 0) == (random.nextDouble() >= 0.1) ? 1 : 0;
        }
        return y;
    }

    static OnlineSchema schema(int d) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return OnlineSchema.of("y", List.of("0", "1"), names);
    }

    /** The update under measurement. */
    public enum Impl { PLAIN_SGD, FTRL, ADAGRAD, SIMULATION, LEARNER }

    /** One thread's model and stream. */
    @State(Scope.Thread)
    public static class Updates {
        @Param({"PLAIN_SGD", "FTRL", "ADAGRAD", "SIMULATION", "LEARNER"})
        public Impl impl;

        @Param({"20"})
        public int features;

        double[][] x;
        int[] y;
        double[] w;
        double[] p = new double[2];
        IncrementalModel model;
        Simulation simulation;
        OnlineLearner learner;
        int i;

        @Setup(Level.Trial)
        public void setUp() {
            x = features(EXAMPLES, features, 1);
            y = labels(x, 2);
            w = new double[features + 1];
            switch (impl) {
                case FTRL -> model = IncrementalModel.create(schema(features), Optimizer.ftrl());
                case ADAGRAD -> model = IncrementalModel.create(schema(features), Optimizer.adaGrad());
                case SIMULATION -> simulation = OnlineLearner.builder(schema(features)).strategy(Strategy.INCREMENTAL)
                        .simulation();
                case LEARNER -> learner = OnlineLearner.builder(schema(features)).strategy(Strategy.INCREMENTAL)
                        .offerTimeout(Duration.ofMinutes(10)).build();
                default -> { }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (simulation != null) {
                simulation.close();
            }
            if (learner != null) {
                learner.flush();
                LearnerMetrics m = learner.metrics();
                System.out.printf("%nlearner: %,d examples learned, prequential accuracy %.4f, %,d snapshots published%n",
                        m.samples(), m.accuracy(), m.publications());
                learner.close();
            }
            if (model != null) {
                System.out.printf("%n%s: %,d examples learned%n", impl, model.examples());
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int update(Updates s) {
        int at = s.i++ & (EXAMPLES - 1);
        double[] x = s.x[at];
        int y = s.y[at];
        switch (s.impl) {
            case PLAIN_SGD -> {
                double[] w = s.w;
                int d = x.length;
                double z = w[d];
                for (int j = 0; j < d; j++) {
                    z += w[j] * x[j];
                }
                double g = y - 1 / (1 + Math.exp(-z));
                double rate = 0.01;
                for (int j = 0; j < d; j++) {
                    w[j] += rate * g * x[j];
                }
                w[d] += rate * g;
                return z > 0 ? 1 : 0;
            }
            case FTRL, ADAGRAD -> {
                return s.model.learn(x, NONE, y, s.p);
            }
            case SIMULATION -> {
                return s.simulation.step(x, NONE, y, s.p);
            }
            default -> {
                s.learner.learn(x, NONE, y);
                return at;
            }
        }
    }

    /** Tribuo's batch trainer on the same stream. */
    @State(Scope.Thread)
    public static class TribuoData {
        MutableDataset<Label> dataset;
        LinearSGDTrainer trainer;

        @Setup(Level.Trial)
        public void setUp() {
            int d = 20;
            double[][] x = features(EXAMPLES, d, 1);
            int[] y = labels(x, 2);
            String[] names = new String[d];
            for (int j = 0; j < d; j++) {
                names[j] = String.format("x%02d", j);
            }
            LabelFactory factory = new LabelFactory();
            dataset = new MutableDataset<>(new SimpleDataSourceProvenance("stream", factory), factory);
            for (int i = 0; i < EXAMPLES; i++) {
                Example<Label> example = new ArrayExample<>(new Label(Integer.toString(y[i])), names, x[i]);
                dataset.add(example);
            }
            trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 1, Integer.MAX_VALUE, 1, 42);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(EXAMPLES)
    public Object tribuoEpoch(TribuoData s) {
        return s.trainer.train(s.dataset);
    }

    /** Whether the served model is swapped during the hot-swap measurement. */
    public enum Swaps { NONE, SWAP }

    /** The learner shared by the predicting threads and the swapper. */
    @State(Scope.Group)
    public static class Served {
        @Param({"NONE", "SWAP"})
        public Swaps swaps;

        OnlineLearner learner;
        double[][] x;
        int[] y;
        int next;
        long published;

        @Setup(Level.Trial)
        public void setUp() {
            x = features(EXAMPLES, 20, 3);
            y = labels(x, 4);
            learner = OnlineLearner.builder(schema(20)).strategy(Strategy.INCREMENTAL).publishEvery(1).build();
            for (int i = 0; i < EXAMPLES; i++) {
                learner.learn(x[i], NONE, y[i]);
            }
            learner.flush();
            published = learner.metrics().publications();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            learner.flush();
            System.out.printf("%n%s: %,d snapshots swapped in while predicting%n", swaps,
                    learner.metrics().publications() - published);
            learner.close();
        }
    }

    /** One predicting thread's row and output. */
    @State(Scope.Thread)
    public static class Probe {
        double[] row;
        double[] p = new double[2];

        @Setup(Level.Trial)
        public void setUp() {
            row = features(1, 20, Thread.currentThread().getId())[0];
        }
    }

    @Benchmark
    @Group("hotSwap")
    @GroupThreads(8)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int predict(Served served, Probe probe) {
        return served.learner.predict(probe.row, NONE, probe.p);
    }

    @Benchmark
    @Group("hotSwap")
    @GroupThreads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void swapper(Served served) {
        if (served.swaps == Swaps.SWAP) {
            int at = served.next++ & (EXAMPLES - 1);
            served.learner.learn(served.x[at], NONE, served.y[at]);
        }
        LockSupport.parkNanos(50_000);
    }
}
