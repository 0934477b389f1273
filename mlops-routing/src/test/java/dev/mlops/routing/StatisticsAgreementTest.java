package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.routing.internal.Distributions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with the values of {@code src/test/python/generate_routing_reference.py} (scipy
 * 1.17): every statistic, p-value, effect and interval end to 1e-9, absolute, or relative where
 * the value exceeds 1 in magnitude.
 */
class StatisticsAgreementTest {

    static final double TOLERANCE = 1e-9;
    static double largestDifference;

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("scipy agreement: largest scaled difference %.3g (tolerance %.0g)%n", largestDifference, TOLERANCE);
    }

    static void agrees(String what, double actual, JsonNode expected) {
        double e = expected.asDouble();
        largestDifference = Math.max(largestDifference, Math.abs(actual - e) / Math.max(1, Math.abs(e)));
        assertThat(Math.abs(actual - e)).as("%s: %s vs scipy %s", what, actual, e)
            .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(e)));
    }

    static void agrees(TestResult r, JsonNode c) {
        agrees("statistic", r.statistic(), c.get("statistic"));
        agrees("p-value", r.pValue(), c.get("pValue"));
        agrees("effect", r.effect(), c.get("effect"));
        agrees("ciLow", r.ciLow(), c.get("ciLow"));
        agrees("ciHigh", r.ciHigh(), c.get("ciHigh"));
    }

    static Stream<Arguments> twoProportion() {
        return Fixtures.cases("twoProportion");
    }

    static Stream<Arguments> welch() {
        return Fixtures.cases("welch");
    }

    static Stream<Arguments> msprt() {
        return Fixtures.cases("msprt");
    }

    static Stream<Arguments> srm() {
        return Fixtures.cases("srm");
    }

    static Stream<Arguments> power() {
        return Fixtures.cases("power");
    }

    static Stream<Arguments> normalQuantiles() {
        return Fixtures.cases("normalQuantiles");
    }

    static Stream<Arguments> tQuantiles() {
        return Fixtures.cases("tQuantiles");
    }

    static Stream<Arguments> holm() {
        return Fixtures.cases("holm");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("two-proportion z-test: z, p = 2·norm.sf(|z|) and the Wald interval")
    void twoProportion(String name, JsonNode c) {
        agrees(Statistics.twoProportion(c.get("k1").asLong(), c.get("n1").asLong(), c.get("k2").asLong(),
            c.get("n2").asLong(), c.get("alpha").asDouble()), c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("Welch's t-test as scipy.stats.ttest_ind_from_stats(equal_var=False), interval from t.ppf")
    void welch(String name, JsonNode c) {
        Sample control = new Sample(c.get("n1").asLong(), c.get("mean1").asDouble(), c.get("var1").asDouble());
        Sample treatment = new Sample(c.get("n2").asLong(), c.get("mean2").asDouble(), c.get("var2").asDouble());
        agrees(Statistics.welch(control, treatment, c.get("alpha").asDouble()), c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("mSPRT: statistic, always-valid p and interval as the formula written out in numpy")
    void msprt(String name, JsonNode c) {
        Sample control = new Sample(c.get("n1").asLong(), c.get("mean1").asDouble(), c.get("var1").asDouble());
        Sample treatment = new Sample(c.get("n2").asLong(), c.get("mean2").asDouble(), c.get("var2").asDouble());
        agrees(Statistics.msprt(control, treatment, c.get("conversion").asBoolean(), c.get("tau").asDouble(),
            c.get("alpha").asDouble()), c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("sample ratio check as scipy.stats.chisquare(observed, expected)")
    void srm(String name, JsonNode c) {
        long[] observed = new long[c.get("observed").size()];
        double[] shares = new double[observed.length];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = c.get("observed").get(i).asLong();
            shares[i] = c.get("shares").get(i).asDouble();
        }
        SampleRatioCheck check = Statistics.sampleRatio(observed, shares);
        agrees("statistic", check.statistic(), c.get("statistic"));
        agrees("p-value", check.pValue(), c.get("pValue"));
        assertThat(check.mismatch()).isEqualTo(c.get("pValue").asDouble() < 0.001);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    @DisplayName("sample size and power with norm.ppf / norm.cdf")
    void power(String name, JsonNode c) {
        double sd1 = c.get("sd1").asDouble();
        double sd2 = c.get("sd2").asDouble();
        double effect = c.get("effect").asDouble();
        double alpha = c.get("alpha").asDouble();
        assertThat(Power.sampleSize(sd1, sd2, effect, alpha, c.get("power").asDouble())).isEqualTo(c.get("sampleSize").asLong());
        agrees("power", Power.power(c.get("units").asLong(), sd1, sd2, effect, alpha), c.get("achievedPower"));
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
    @DisplayName("Holm's step-down adjustment")
    void holm(String name, JsonNode c) {
        double[] p = new double[c.get("p").size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = c.get("p").get(i).asDouble();
        }
        double[] adjusted = Statistics.holm(p);
        for (int i = 0; i < p.length; i++) {
            agrees("adjusted " + i, adjusted[i], c.get("adjusted").get(i));
        }
    }
}
