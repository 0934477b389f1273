package dev.mlops.bench;

import dev.mlops.data.DataTable;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftScratch;
import dev.mlops.drift.NumericProfile;
import dev.mlops.drift.ReferenceProfile;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Drift statistics next to their baseline, on the same data in the same run. {@code impl}
 * selects commons-math3 ({@link KolmogorovSmirnovTest}, which sorts both samples per call) or
 * mlops-drift (reference fitted once, the current window radix-sorted into a reusable scratch
 * buffer). commons-math3 has no PSI; its PSI baseline is the straightforward per-value
 * {@link Arrays#binarySearch} over the same edges.
 *
 * <p>Run all of it from the repository root (about three minutes on two cores):
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar DriftBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DriftBenchmark {

    /** The implementation under measurement. */
    public enum Impl { COMMONS_MATH3, MLOPS }

    static final int SIZE = 1_000_000;

    @Param({"COMMONS_MATH3", "MLOPS"})
    public Impl impl;

    double[] reference;
    double[] current;
    NumericProfile profile;
    DriftScratch scratch;
    double[] edges;
    double[] referenceProportions;
    long[] counts;
    KolmogorovSmirnovTest commonsMath = new KolmogorovSmirnovTest();

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        reference = gaussians(random, SIZE, 0.0);
        current = gaussians(random, SIZE, 0.0);
        profile = NumericProfile.of("x", reference);
        scratch = new DriftScratch(SIZE);
        edges = profile.edges();
        referenceProportions = profile.binProportions();
        counts = new long[edges.length + 1];
    }

    static double[] gaussians(SplittableRandom random, int n, double shift) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            double v = random.nextDouble();
            values[i] = shift + Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
        return values;
    }

    /**
     * KS p-value of 1,000,000 unsorted current values against a reference of 1,000,000.
     * {@code java -jar mlops-bench/target/benchmarks.jar 'DriftBenchmark.ks$' -prof gc}
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double ks() {
        if (impl == Impl.COMMONS_MATH3) {
            return commonsMath.kolmogorovSmirnovTest(reference, current);
        }
        profile.ks(current, current.length, scratch);
        return scratch.ksPValue();
    }

    /**
     * PSI of 1,000,000 current values on the reference's 10 decile bins, reported per value.
     * {@code java -jar mlops-bench/target/benchmarks.jar 'DriftBenchmark.psi$' -prof gc}
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double psi() {
        if (impl == Impl.COMMONS_MATH3) {
            Arrays.fill(counts, 0);
            for (double v : current) {
                int at = Arrays.binarySearch(edges, v);
                counts[at >= 0 ? at : -at - 1]++;
            }
            double sum = 0;
            for (int i = 0; i < counts.length; i++) {
                double c = Math.max(1e-4, (double) counts[i] / current.length);
                double r = Math.max(1e-4, referenceProportions[i]);
                sum += (c - r) * Math.log(c / r);
            }
            return sum;
        }
        return profile.psi(current, current.length, scratch);
    }

    /** A fitted profile of 100 numeric features and a current table of 100,000 rows. */
    @State(Scope.Benchmark)
    public static class Dataset {
        static final int FEATURES = 100;
        static final int ROWS = 100_000;

        double[][] referenceColumns = new double[FEATURES][];
        double[][] currentColumns = new double[FEATURES][];
        DriftDetector detector;
        DataTable current;

        @Setup
        public void setUp() {
            SplittableRandom random = new SplittableRandom(7);
            DataTable.Builder referenceTable = DataTable.builder();
            DataTable.Builder currentTable = DataTable.builder();
            for (int f = 0; f < FEATURES; f++) {
                referenceColumns[f] = gaussians(random, ROWS, 0.0);
                // every tenth feature shifted by a tenth of a standard deviation
                currentColumns[f] = gaussians(random, ROWS, f % 10 == 0 ? 0.1 : 0.0);
                referenceTable.numeric("f" + f, referenceColumns[f]);
                currentTable.numeric("f" + f, currentColumns[f]);
            }
            detector = DriftDetector.of(ReferenceProfile.fit(referenceTable.build()));
            current = currentTable.build();
        }
    }

    /**
     * Full check of 100 numeric features × 100,000 rows against a fitted profile (mlops-drift:
     * KS, PSI, JS, Wasserstein, missing rate, corrected verdict; commons-math3: KS only).
     * {@code java -jar mlops-bench/target/benchmarks.jar 'DriftBenchmark.datasetCheck$' -prof gc}
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 4)
    public Object datasetCheck(Dataset data) {
        if (impl == Impl.COMMONS_MATH3) {
            double sum = 0;
            for (int f = 0; f < Dataset.FEATURES; f++) {
                sum += commonsMath.kolmogorovSmirnovTest(data.referenceColumns[f], data.currentColumns[f]);
            }
            return sum;
        }
        DriftReport report = data.detector.check(data.current);
        return report;
    }
}
