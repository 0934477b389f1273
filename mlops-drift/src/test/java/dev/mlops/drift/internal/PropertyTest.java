package dev.mlops.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Properties of the statistics on seeded random samples. */
class PropertyTest {

    static double[] sample(SplittableRandom random, int n, double shift, boolean ties) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            values[i] = ties ? Math.floor(2 * (g + shift)) : g + shift;
        }
        return values;
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    static TwoSample.KsOutcome ks(double[] a, double[] b) {
        TwoSample.KsOutcome out = new TwoSample.KsOutcome();
        double[] x = sorted(a);
        double[] y = sorted(b);
        TwoSample.ks(x, x.length, y, y.length, out);
        return out;
    }

    static TwoSample.KsOutcome ksPadded(double[] a, double[] b) {
        TwoSample.KsOutcome out = new TwoSample.KsOutcome();
        double[] x = TwoSample.padded(sorted(Arrays.stream(a).map(v -> v + 0.0).toArray()));
        RadixSort sorter = new RadixSort();
        double[] y = new double[b.length];
        int n = sorter.sort(b, b.length, y);
        TwoSample.ksPadded(x, a.length, y, n, out);
        return out;
    }

    @RepeatedTest(20)
    @DisplayName("D(x, x) = 0 with p-value 1, and D is symmetric with the same p-value")
    void identityAndSymmetry(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(info.getCurrentRepetition());
        boolean ties = info.getCurrentRepetition() % 2 == 0;
        double[] x = sample(random, 20 + random.nextInt(3000), 0, ties);
        double[] y = sample(random, 20 + random.nextInt(3000), 0.2, ties);
        assertThat(ks(x, x).statistic).isZero();
        assertThat(ks(x, x).pValue).isEqualTo(1.0);
        TwoSample.KsOutcome xy = ks(x, y);
        TwoSample.KsOutcome yx = ks(y, x);
        assertThat(xy.statistic).isEqualTo(yx.statistic);
        assertThat(xy.pValue).isEqualTo(yx.pValue);
        double[] sx = sorted(x);
        double[] sy = sorted(y);
        assertThat(TwoSample.wasserstein(sx, sx.length, sx, sx.length)).isZero();
        assertThat(TwoSample.wasserstein(sx, sx.length, sy, sy.length))
            .isCloseTo(TwoSample.wasserstein(sy, sy.length, sx, sx.length), org.assertj.core.data.Offset.offset(1e-12));
    }

    @RepeatedTest(20)
    @DisplayName("placing each value among the padded reference gives the same D and p-value as the merge")
    void rankPlacementAgreesWithTheMerge(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(100 + info.getCurrentRepetition());
        boolean ties = info.getCurrentRepetition() % 3 == 0;
        double[] x = sample(random, 1 + random.nextInt(20_000), 0, ties);
        double[] y = sample(random, 1 + random.nextInt(20_000), random.nextDouble() * 0.3, ties);
        TwoSample.KsOutcome plain = ks(x, y);
        TwoSample.KsOutcome placed = ksPadded(x, y);
        assertThat(placed.statistic).isCloseTo(plain.statistic, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(placed.pValue).isCloseTo(plain.pValue, org.assertj.core.data.Offset.offset(1e-12 + 1e-9 * plain.pValue));
    }

    @Test
    void rankPlacementHandlesTiesSpanningEverySample() {
        double[] zeros = new double[1000];
        double[] mixed = new double[700];
        Arrays.fill(mixed, 350, 700, 1.0);
        assertThat(ksPadded(zeros, mixed).statistic).isEqualTo(ks(zeros, mixed).statistic).isEqualTo(0.5);
        assertThat(ksPadded(mixed, zeros).statistic).isEqualTo(0.5);
        assertThat(ksPadded(new double[] {-0.0}, new double[] {0.0}).statistic).isZero();
    }

    @RepeatedTest(6)
    @DisplayName("the radix sort orders any finite data like Arrays.sort, skipping NaN")
    void radixSortAgreesWithArraysSort(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(400 + info.getCurrentRepetition());
        int n = 50_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (info.getCurrentRepetition()) {
                case 1 -> 1.0 + random.nextInt(1 << 20) * Math.ulp(1.0);       // differ only in low bits
                case 2 -> random.nextInt(7) - 3.0;                               // heavy ties
                case 3 -> (random.nextBoolean() ? 1 : -1) * Math.scalb(random.nextDouble(), random.nextInt(-1074, 1023));
                case 4 -> random.nextDouble() < 0.1 ? Double.NaN : (random.nextBoolean() ? -0.0 : 0.0);
                case 5 -> Math.scalb(random.nextInt(100), -1060);                // subnormals
                default -> random.nextDouble() * 2 - 1;
            };
        }
        double[] expected = Arrays.stream(values).filter(v -> !Double.isNaN(v)).map(v -> v + 0.0).sorted().toArray();
        double[] out = new double[n];
        int count = new RadixSort().sort(values, n, out);
        assertThat(Arrays.copyOf(out, count)).containsExactly(expected);
    }

    @RepeatedTest(10)
    @DisplayName("KS is invariant under strictly increasing transforms")
    void monotoneInvariance(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(200 + info.getCurrentRepetition());
        double[] x = sample(random, 500, 0, false);
        double[] y = sample(random, 800, 0.15, false);
        TwoSample.KsOutcome base = ks(x, y);
        for (DoubleUnaryOperator f : new DoubleUnaryOperator[] {Math::exp, v -> 3 * v - 7, Math::atan, v -> v * v * v}) {
            TwoSample.KsOutcome transformed = ks(Arrays.stream(x).map(f).toArray(), Arrays.stream(y).map(f).toArray());
            assertThat(transformed.statistic).isEqualTo(base.statistic);
            assertThat(transformed.pValue).isEqualTo(base.pValue);
        }
    }

    @RepeatedTest(20)
    @DisplayName("PSI ≥ 0 and JS in [0, 1], 0 for identical samples")
    void psiAndJsRanges(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(300 + info.getCurrentRepetition());
        double[] ref = sorted(sample(random, 50 + random.nextInt(2000), 0, info.getCurrentRepetition() % 2 == 0));
        double[] cur = sample(random, 1 + random.nextInt(2000), random.nextDouble() * 3, info.getCurrentRepetition() % 4 == 0);
        double[] edges = Binning.decileEdges(ref, ref.length);
        long[] r = new long[edges.length + 1];
        long[] c = new long[edges.length + 1];
        Binning.countBins(ref, ref.length, edges, r);
        Binning.countBins(cur, cur.length, edges, c);
        int bins = edges.length + 1;
        assertThat(Binning.psi(r, ref.length, c, cur.length, bins)).isGreaterThanOrEqualTo(0.0);
        assertThat(Binning.jensenShannon(r, ref.length, c, cur.length, bins)).isBetween(0.0, 1.0);
        assertThat(Binning.psi(r, ref.length, r, ref.length, bins)).isZero();
        assertThat(Binning.jensenShannon(r, ref.length, r, ref.length, bins)).isZero();
        long[] indexed = new long[bins];
        new BinIndex(edges).count(cur, cur.length, indexed);
        assertThat(indexed).as("table lookup agrees with comparisons").containsExactly(c);
    }

    @Test
    void binIndexIsExactAtAndAroundEveryEdge() {
        double[] edges = {-1e-300, 0.0, 1e-12, 0.1, 0.1 + Math.ulp(0.1), 5, 1e6};
        BinIndex index = new BinIndex(edges);
        for (double edge : edges) {
            for (double v : new double[] {edge, Math.nextDown(edge), Math.nextUp(edge), -1e308, 1e308, Double.NaN}) {
                long[] counts = new long[edges.length + 1];
                int missing = index.count(new double[] {v}, 1, counts);
                if (Double.isNaN(v)) {
                    assertThat(missing).isEqualTo(1);
                } else {
                    assertThat(counts[Binning.binOf(v, edges)]).as("value %s", v).isEqualTo(1);
                }
            }
        }
    }

    /** Under H0 the rejection rate at α must be within α ± 3 standard errors. */
    @Test
    void typeOneErrorOfTheExactPathMatchesAlpha() {
        assertRejectionRate(4_000, 40, 55, 11);
    }

    @Test
    void typeOneErrorOfTheAsymptoticPathMatchesAlpha() {
        assertRejectionRate(600, 10_001, 12_000, 12);
    }

    static void assertRejectionRate(int replications, int n1, int n2, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double alpha = 0.05;
        int rejected = 0;
        for (int r = 0; r < replications; r++) {
            if (ks(sample(random, n1, 0, false), sample(random, n2, 0, false)).pValue < alpha) {
                rejected++;
            }
        }
        double rate = (double) rejected / replications;
        double standardError = Math.sqrt(alpha * (1 - alpha) / replications);
        System.out.printf("KS type-I error n=%d,%d: %.4f over %d replications (alpha %.2f ± %.4f)%n",
            n1, n2, rate, replications, alpha, 3 * standardError);
        assertThat(rate).isBetween(alpha - 3 * standardError, alpha + 3 * standardError);
    }
}
