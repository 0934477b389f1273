package dev.mlops.stats;

import static dev.mlops.stats.Agreement.agrees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with the values of {@code src/test/python/stats_reference.py} (scipy and numpy):
 * distributions and two-sample comparisons to 1e-9 (absolute, or relative above 1); the pooled z,
 * the chi-square homogeneity test and the corrections to 1e-9 on statistics and 1e-6 relative on
 * p-values; McNemar p-values and percentiles to 1e-9.
 */
class StatisticsAgreementTest {

    static final JsonNode REFERENCE = Agreement.read("/dev/mlops/stats/scipy-reference.json");
    static final double STATISTIC_TOLERANCE = 1e-9;
    static final double P_RELATIVE_TOLERANCE = 1e-6;

    @AfterAll
    static void report() {
        System.out.printf("scipy agreement: largest scaled difference %.3g (tolerance %.0g)%n",
            Agreement.largestDifference(), Agreement.TOLERANCE);
    }

    static void assertStatistic(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("statistic %s vs reference %s", actual, expected)
            .isLessThanOrEqualTo(STATISTIC_TOLERANCE);
    }

    static void assertPValue(double actual, double expected) {
        assertThat(actual).isBetween(0.0, 1.0);
        assertThat(Math.abs(actual - expected)).as("p-value %s vs scipy %s", actual, expected)
            .isLessThanOrEqualTo(P_RELATIVE_TOLERANCE * Math.abs(expected));
    }

    static Stream<Arguments> normalQuantiles() {
        return Agreement.cases(REFERENCE, "normalQuantiles");
    }

    static Stream<Arguments> tQuantiles() {
        return Agreement.cases(REFERENCE, "tQuantiles");
    }

    static Stream<Arguments> twoProportion() {
        return Agreement.cases(REFERENCE, "twoProportion");
    }

    static Stream<Arguments> twoProportionZ() {
        return Agreement.cases(REFERENCE, "twoProportionZ");
    }

    static Stream<Arguments> welch() {
        return Agreement.cases(REFERENCE, "welch");
    }

    static Stream<Arguments> msprt() {
        return Agreement.cases(REFERENCE, "msprt");
    }

    static Stream<Arguments> chiSquareHomogeneity() {
        return Agreement.cases(REFERENCE, "chiSquareHomogeneity");
    }

    static Stream<Arguments> chiSquareGoodnessOfFit() {
        return Agreement.cases(REFERENCE, "chiSquareGoodnessOfFit");
    }

    static Stream<Arguments> corrections() {
        return Agreement.cases(REFERENCE, "corrections");
    }

    static Stream<Arguments> mcnemar() {
        return Agreement.cases(REFERENCE, "mcnemar");
    }

    static Stream<Arguments> percentiles() {
        return Agreement.cases(REFERENCE, "percentiles");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("normal quantiles as scipy.stats.norm.ppf, deep into both tails")
    void normalQuantiles(String name, JsonNode c) {
        agrees("quantile", Distributions.normalQuantile(c.get("p").asDouble()), c.get("normal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("Student t quantiles as scipy.stats.t.ppf, fractional degrees of freedom included")
    void tQuantiles(String name, JsonNode c) {
        agrees("quantile", Distributions.tQuantile(c.get("p").asDouble(), c.get("df").asDouble()), c.get("t"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("two-proportion z-test: z, p = 2·norm.sf(|z|) and the Wald interval")
    void twoProportion(String name, JsonNode c) {
        TestResult result = TwoSampleTests.twoProportion(c.get("k1").asLong(), c.get("n1").asLong(), c.get("k2").asLong(),
            c.get("n2").asLong(), c.get("alpha").asDouble());
        assertThat(result.method()).isEqualTo(ComparisonMethod.Z);
        agrees(result, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("pooled z alone, 0 with p = 1 without variation, as the uncorrected 2x2 chi-square test")
    void twoProportionZ(String name, JsonNode c) {
        double z = TwoSampleTests.twoProportionZ(c.get("k1").asLong(), c.get("n1").asLong(), c.get("k2").asLong(),
            c.get("n2").asLong());
        assertStatistic(z, c.get("z").asDouble());
        assertPValue(Distributions.normalTwoSided(z), c.get("pValue").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("Welch's t-test as scipy.stats.ttest_ind_from_stats(equal_var=False), interval from t.ppf")
    void welch(String name, JsonNode c) {
        Sample control = new Sample(c.get("n1").asLong(), c.get("mean1").asDouble(), c.get("var1").asDouble());
        Sample treatment = new Sample(c.get("n2").asLong(), c.get("mean2").asDouble(), c.get("var2").asDouble());
        TestResult result = TwoSampleTests.welch(control, treatment, c.get("alpha").asDouble());
        assertThat(result.method()).isEqualTo(ComparisonMethod.WELCH_T);
        agrees(result, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("mSPRT: statistic, always-valid p and interval as the formula written out in numpy")
    void msprt(String name, JsonNode c) {
        Sample control = new Sample(c.get("n1").asLong(), c.get("mean1").asDouble(), c.get("var1").asDouble());
        Sample treatment = new Sample(c.get("n2").asLong(), c.get("mean2").asDouble(), c.get("var2").asDouble());
        TestResult result = TwoSampleTests.msprt(control, treatment, c.get("conversion").asBoolean(), c.get("tau").asDouble(),
            c.get("alpha").asDouble());
        assertThat(result.method()).isEqualTo(ComparisonMethod.MSPRT);
        agrees(result, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("chi-square homogeneity as scipy.stats.chi2_contingency(correction=False), empty columns left out")
    void chiSquareHomogeneity(String name, JsonNode c) {
        long[] first = Agreement.longs(c.get("first"));
        long[] second = Agreement.longs(c.get("second"));
        double[] out = new double[3];
        ChiSquareTests.homogeneity(first, second, first.length, out);
        assertStatistic(out[0], c.get("statistic").asDouble());
        assertPValue(out[1], c.get("pValue").asDouble());
        assertThat((int) out[2]).isEqualTo(c.get("dof").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("chi-square goodness of fit as scipy.stats.chisquare(observed, expected) over the cells with a share")
    void chiSquareGoodnessOfFit(String name, JsonNode c) {
        double[] out = new double[3];
        ChiSquareTests.goodnessOfFit(Agreement.longs(c.get("observed")), Agreement.doubles(c.get("shares")), out);
        agrees("statistic", out[0], c.get("statistic"));
        agrees("p-value", out[1], c.get("pValue"));
        assertThat((int) out[2]).isEqualTo(c.get("dof").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("Benjamini-Hochberg, Holm and Bonferroni adjustments")
    void corrections(String name, JsonNode c) {
        double[] p = Agreement.doubles(c.get("p"));
        double[] none = Correction.NONE.adjust(p);
        assertThat(none).containsExactly(p).isNotSameAs(p);
        for (Correction correction : new Correction[] {Correction.BENJAMINI_HOCHBERG, Correction.HOLM, Correction.BONFERRONI}) {
            String field = switch (correction) {
                case BENJAMINI_HOCHBERG -> "bh";
                case HOLM -> "holm";
                default -> "bonferroni";
            };
            double[] adjusted = correction.adjust(p);
            for (int i = 0; i < p.length; i++) {
                agrees(field + " " + i, adjusted[i], c.get(field).get(i));
                assertPValue(adjusted[i], c.get(field).get(i).asDouble());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("exact McNemar p-values equal scipy.stats.binomtest's")
    void mcnemar(String name, JsonNode c) {
        int b = c.get("b").asInt();
        int d = c.get("c").asInt();
        assertThat(PairedTests.mcnemarExact(b, d)).as("b=%d c=%d", b, d).isCloseTo(c.get("p").asDouble(), within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("percentiles equal numpy.percentile's (linear interpolation)")
    void percentiles(String name, JsonNode c) {
        double[] values = Agreement.doubles(c.get("values"));
        Arrays.sort(values);
        assertThat(Quantiles.linear(values, values.length, c.get("q").asDouble() / 100))
            .as("n=%d q=%s", values.length, c.get("q").asText())
            .isCloseTo(c.get("expected").asDouble(), within(1e-9));
    }
}
