package dev.mlops.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The conventions of the shared statistics at their edges: undefined tests, bad input, allocation. */
class ConventionsTest {

    @Nested
    @DisplayName("a test result")
    class Results {

        @Test
        @DisplayName("keeps a distance without p-value and effect, and a test's p-value")
        void parts() {
            TestResult distance = TestResult.distance(ComparisonMethod.Z, 0.3);
            assertThat(distance.pValue()).isEmpty();
            assertThat(distance.effect()).isEmpty();
            TestResult test = TestResult.of(ComparisonMethod.Z, 2.0, 0.04);
            assertThat(test.pValue()).hasValue(0.04);
            assertThat(test.withPValue(0.08).pValue()).hasValue(0.08);
            assertThat(test.withPValue(0.08).statistic()).isEqualTo(2.0);
        }

        @Test
        @DisplayName("refuses an infinite statistic, a p-value outside [0, 1] and missing parts, naming the method")
        void refusals() {
            assertThatThrownBy(() -> TestResult.of(ComparisonMethod.WELCH_T, Double.POSITIVE_INFINITY, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("welch-t statistic");
            assertThatThrownBy(() -> TestResult.of(ComparisonMethod.Z, 1, 1.5)).hasMessageContaining("z p-value outside [0, 1]: 1.5");
            assertThatThrownBy(() -> TestResult.of(ComparisonMethod.Z, 1, Double.NaN)).hasMessageContaining("p-value");
            assertThatThrownBy(() -> new TestResult(null, 1, OptionalDouble.empty(), Optional.empty()))
                .hasMessageContaining("method");
        }

        @Test
        @DisplayName("holds an effect only inside its interval")
        void effect() {
            assertThat(Effect.exactly(0.2)).isEqualTo(new Effect(0.2, 0.2, 0.2));
            assertThatThrownBy(() -> new Effect(0.5, 0.6, 0.7)).hasMessageContaining("does not hold the effect 0.5");
            assertThatThrownBy(() -> new Effect(Double.NaN, 0, 1)).hasMessageContaining("finite");
        }
    }

    @Nested
    @DisplayName("two-sample tests")
    class TwoSamples {

        @Test
        @DisplayName("without any variation: Welch and mSPRT are undefined, z is 0 with p = 1")
        void noVariation() {
            Sample same = new Sample(50, 3.0, 0.0);
            TestResult welch = TwoSampleTests.welch(same, new Sample(40, 4.0, 0.0), 0.05);
            assertThat(welch.statistic()).isNaN();
            assertThat(welch.pValue()).isEmpty();
            assertThat(welch.effect()).contains(Effect.exactly(1.0));
            TestResult msprt = TwoSampleTests.msprt(Sample.ofConversions(0, 30), Sample.ofConversions(0, 20), true, 0.1, 0.05);
            assertThat(msprt.statistic()).isNaN();
            assertThat(msprt.pValue()).isEmpty();
            TestResult z = TwoSampleTests.twoProportion(30, 30, 20, 20, 0.05);
            assertThat(z.statistic()).isZero();
            assertThat(z.pValue()).hasValue(1.0);
            assertThat(z.effect()).contains(Effect.exactly(0.0));
        }

        @Test
        @DisplayName("refuse empty samples, impossible counts and bad levels, naming the values")
        void refusals() {
            assertThatThrownBy(() -> TwoSampleTests.twoProportionZ(1, 0, 1, 5)).hasMessageContaining("both samples need units: 0, 5");
            assertThatThrownBy(() -> TwoSampleTests.twoProportionZ(6, 5, 1, 5)).hasMessageContaining("6 of 5");
            assertThatThrownBy(() -> TwoSampleTests.twoProportion(1, 5, 1, 5, 1.0)).hasMessageContaining("alpha must be in (0, 1), was 1.0");
            assertThatThrownBy(() -> TwoSampleTests.welch(new Sample(1, 0, 0), new Sample(5, 0, 1), 0.05))
                .hasMessageContaining("at least 2 units per sample: 1, 5");
            assertThatThrownBy(() -> TwoSampleTests.msprt(new Sample(5, 0, 1), new Sample(5, 0, 1), false, 0, 0.05))
                .hasMessageContaining("tau must be a positive number, was 0.0");
            assertThatThrownBy(() -> Sample.ofConversions(3, 2)).hasMessageContaining("got 3 of 2");
        }

        @Test
        @DisplayName("a conversion sample has variance p(1 − p)·n/(n − 1) and gives back its successes")
        void conversions() {
            Sample s = Sample.ofConversions(30, 100);
            assertThat(s.mean()).isEqualTo(0.3);
            assertThat(s.variance()).isEqualTo(0.3 * 0.7 * 100 / 99);
            assertThat(s.successes()).isEqualTo(30);
            assertThat(Sample.ofConversions(0, 0)).isEqualTo(new Sample(0, 0, 0));
        }

        @Test
        @DisplayName("a sample's standard deviation is the root of its variance")
        void standardDeviation() {
            assertThat(new Sample(10, 1.0, 2.25).standardDeviation()).isEqualTo(1.5);
            assertThat(new Sample(1, 4.0, 0).standardDeviation()).isZero();
        }
    }

    @Nested
    @DisplayName("distributions")
    class Tails {

        @Test
        @DisplayName("the normal cdf is symmetric about 0, 0 and 1 at the infinities, and inverts the quantile")
        void normal() {
            assertThat(Distributions.normalCdf(0)).isEqualTo(0.5);
            assertThat(Distributions.normalCdf(Double.NEGATIVE_INFINITY)).isZero();
            assertThat(Distributions.normalCdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
            for (double x : new double[] {0.3, 1.959963984540054, 8}) {
                assertThat(Distributions.normalCdf(x) + Distributions.normalCdf(-x)).isCloseTo(1.0, within(1e-15));
                assertThat(2 * Distributions.normalCdf(-x)).isCloseTo(Distributions.normalTwoSided(x),
                    within(1e-15 * Distributions.normalTwoSided(x)));
            }
            for (double p : new double[] {1e-12, 0.025, 0.3}) {
                assertThat(Distributions.normalCdf(Distributions.normalQuantile(p))).isCloseTo(p, within(1e-13 * p));
            }
        }

        @Test
        @DisplayName("the two-sided t tail has the closed forms of 1 and 2 degrees of freedom, is 1 at 0, 0 at ∞")
        void studentT() {
            for (double t : new double[] {0.1, 1, 3.5, -12.7}) {
                double cauchy = 1 - 2 / Math.PI * Math.atan(Math.abs(t));
                assertThat(Distributions.tTwoSided(t, 1)).as("df 1, t %s", t).isCloseTo(cauchy, within(1e-14));
                double two = 1 - Math.abs(t) / Math.sqrt(2 + t * t);
                assertThat(Distributions.tTwoSided(t, 2)).as("df 2, t %s", t).isCloseTo(two, within(1e-14));
            }
            assertThat(Distributions.tTwoSided(0, 7.5)).isEqualTo(1.0);
            assertThat(Distributions.tTwoSided(Double.NEGATIVE_INFINITY, 3)).isZero();
            assertThat(Distributions.tTwoSided(2, 1e5)).isCloseTo(Distributions.normalTwoSided(2), within(1e-5));
        }
    }

    @Nested
    @DisplayName("count tests and quantiles")
    class Counts {

        @Test
        @DisplayName("goodness of fit leaves cells without a share out, and is 0 with p = 1 for one cell")
        void goodnessOfFitEdges() {
            double[] out = new double[3];
            ChiSquareTests.goodnessOfFit(new long[] {40, 7}, new double[] {1, 0}, out);
            assertThat(out).containsExactly(0.0, 1.0, 0.0);
            assertThatThrownBy(() -> ChiSquareTests.goodnessOfFit(new long[] {1, 2}, new double[] {0, 0}, out))
                .hasMessageContaining("at least one share must be positive");
            assertThatThrownBy(() -> ChiSquareTests.goodnessOfFit(new long[] {1, -2}, new double[] {1, 1}, out))
                .hasMessageContaining("cell 1");
            assertThatThrownBy(() -> ChiSquareTests.goodnessOfFit(new long[] {1}, new double[] {1, 1}, out))
                .hasMessageContaining("1 counts but 2 shares");
        }

        @Test
        @DisplayName("homogeneity needs counts in both rows and room for its results")
        void homogeneityRefusals() {
            assertThatThrownBy(() -> ChiSquareTests.homogeneity(new long[] {0, 0}, new long[] {1, 2}, 2, new double[3]))
                .hasMessageContaining("both rows need counts: 0, 3");
            assertThatThrownBy(() -> ChiSquareTests.homogeneity(new long[] {1, 0}, new long[] {1, 2}, 3, new double[3]))
                .hasMessageContaining("need 3 columns");
            assertThatThrownBy(() -> ChiSquareTests.homogeneity(new long[] {1, 0}, new long[] {1, 2}, 2, new double[2]))
                .hasMessageContaining("room for 3 results, got 2");
        }

        @Test
        @DisplayName("McNemar and quantiles refuse impossible input")
        void refusals() {
            assertThatThrownBy(() -> PairedTests.mcnemarExact(-1, 3)).hasMessageContaining("-1, 3");
            assertThatThrownBy(() -> Quantiles.linear(new double[] {1, 2}, 0, 0.5)).hasMessageContaining("length must be in 1..2, was 0");
            assertThatThrownBy(() -> Quantiles.linear(new double[] {1, 2}, 2, 1.5)).hasMessageContaining("[0, 1], was 1.5");
        }

        @Test
        @DisplayName("a quantile of a prefix ignores the values after it")
        void prefix() {
            double[] sorted = {1, 2, 3, 100, 200};
            assertThat(Quantiles.linear(sorted, 3, 0.5)).isEqualTo(2.0);
            assertThat(Quantiles.linear(sorted, 3, 1.0)).isEqualTo(3.0);
            assertThat(Quantiles.linear(sorted, 1, 0.7)).isEqualTo(1.0);
        }
    }

    @Nested
    @DisplayName("corrections")
    class Corrections {

        @Test
        @DisplayName("an undefined p-value stays NaN and counts as 1 in the family")
        void undefinedPValues() {
            double[] p = {0.01, Double.NaN, 0.02};
            assertThat(Correction.HOLM.adjust(p)).containsExactly(0.03, Double.NaN, 0.04);
            assertThat(Correction.BONFERRONI.adjust(p)).containsExactly(0.03, Double.NaN, 0.06);
            assertThat(Correction.BENJAMINI_HOCHBERG.adjust(p)).containsExactly(0.03, Double.NaN, 0.03);
            assertThat(Correction.NONE.adjust(p)).containsExactly(0.01, Double.NaN, 0.02);
            assertThat(Correction.HOLM.adjust(new double[] {Double.NaN})).containsExactly(Double.NaN);
        }

        @Test
        @DisplayName("refuses p-values outside [0, 1] and parses its names")
        void refusalsAndNames() {
            assertThatThrownBy(() -> Correction.HOLM.adjust(new double[] {0.2, 1.5})).hasMessageContaining("at 1: 1.5");
            assertThat(Correction.parse(" BH ")).isEqualTo(Correction.BENJAMINI_HOCHBERG);
            assertThat(Correction.parse("holm")).isEqualTo(Correction.HOLM);
            assertThatThrownBy(() -> Correction.parse("sidak")).hasMessageContaining("unknown correction 'sidak'");
        }
    }

    @Test
    @DisplayName("the pooled z and the quantiles allocate nothing in steady state")
    void allocationFree() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] sorted = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += TwoSampleTests.twoProportionZ(12, 1000, i % 1000, 1000) + Quantiles.linear(sorted, sorted.length, (i % 11) / 10.0);
        }
        // the JVM may charge a few bytes to this thread now and then; take the quietest round
        long quietest = Long.MAX_VALUE;
        for (int round = 0; round < 5 && quietest > 0; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 10_000; i++) {
                sink += TwoSampleTests.twoProportionZ(12, 1000, i % 1000, 1000) + Quantiles.linear(sorted, sorted.length, (i % 11) / 10.0);
            }
            quietest = Math.min(quietest, threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        assertThat(quietest).as("bytes allocated by 10,000 pooled z statistics and quantiles").isZero();
        assertThat(sink).isFinite();
    }
}
