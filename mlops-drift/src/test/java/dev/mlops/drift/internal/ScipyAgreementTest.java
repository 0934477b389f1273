package dev.mlops.drift.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.stats.ChiSquareTests;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with scipy/numpy values produced by {@code src/test/python/generate_reference_values.py}:
 * 1e-9 absolute on statistics, 1e-6 relative on p-values. The shared tests drift calls (the
 * chi-square test alone, the missing-rate z-test, the corrections) are checked in mlops-core's
 * {@code dev.mlops.stats.StatisticsAgreementTest}; here the chi-square test is checked on the
 * categories as drift counts them.
 */
class ScipyAgreementTest {

    static final double STATISTIC_TOLERANCE = 1e-9;
    static final double P_RELATIVE_TOLERANCE = 1e-6;
    static final JsonNode REFERENCE = load();

    static JsonNode load() {
        try (InputStream in = ScipyAgreementTest.class.getResourceAsStream("/scipy/reference-values.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases(String section) {
        List<Arguments> list = new ArrayList<>();
        for (JsonNode node : REFERENCE.get(section)) {
            String name = node.has("name") ? node.get("name").asText() : node.toString();
            list.add(Arguments.of(name, node));
        }
        return list.stream();
    }

    static Stream<Arguments> numeric() {
        return cases("numeric");
    }

    static Stream<Arguments> kstwo() {
        return cases("kstwo");
    }

    static Stream<Arguments> exact() {
        return cases("exact");
    }

    static Stream<Arguments> categorical() {
        return cases("categorical");
    }

    static void assertPValue(double actual, double expected) {
        assertThat(actual).isBetween(0.0, 1.0);
        assertThat(Math.abs(actual - expected))
            .as("p-value %s vs scipy %s", actual, expected)
            .isLessThanOrEqualTo(P_RELATIVE_TOLERANCE * Math.abs(expected));
    }

    static void assertStatistic(double actual, double expected) {
        assertThat(Math.abs(actual - expected))
            .as("statistic %s vs reference %s", actual, expected)
            .isLessThanOrEqualTo(STATISTIC_TOLERANCE);
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    @Nested
    @DisplayName("numeric samples")
    class Numeric {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mlops.drift.internal.ScipyAgreementTest#numeric")
        void ksMatchesScipy(String name, JsonNode node) {
            double[] a = sorted(SyntheticSamples.of(node.get("reference")));
            double[] b = sorted(SyntheticSamples.of(node.get("current")));
            TwoSample.KsOutcome out = new TwoSample.KsOutcome();
            TwoSample.ks(a, a.length, b, b.length, out);
            assertStatistic(out.statistic, node.get("ks").get("statistic").asDouble());
            assertPValue(out.pValue, node.get("ks").get("pValue").asDouble());
            assertThat(out.exact).isEqualTo(node.get("ks").get("exact").asBoolean());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mlops.drift.internal.ScipyAgreementTest#numeric")
        void radixSortedCurrentGivesTheSameKs(String name, JsonNode node) {
            double[] a = sorted(SyntheticSamples.of(node.get("reference")));
            double[] raw = SyntheticSamples.of(node.get("current"));
            RadixSort sorter = new RadixSort();
            double[] b = new double[raw.length];
            sorter.sort(raw, raw.length, b);
            assertThat(b).containsExactly(sorted(raw));
            TwoSample.KsOutcome out = new TwoSample.KsOutcome();
            TwoSample.ks(a, a.length, b, b.length, out);
            assertStatistic(out.statistic, node.get("ks").get("statistic").asDouble());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mlops.drift.internal.ScipyAgreementTest#numeric")
        void wassersteinMatchesScipy(String name, JsonNode node) {
            double[] a = sorted(SyntheticSamples.of(node.get("reference")));
            double[] b = sorted(SyntheticSamples.of(node.get("current")));
            assertStatistic(TwoSample.wasserstein(a, a.length, b, b.length), node.get("wasserstein").asDouble());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mlops.drift.internal.ScipyAgreementTest#numeric")
        void psiAndJensenShannonMatchNumpy(String name, JsonNode node) {
            double[] a = sorted(SyntheticSamples.of(node.get("reference")));
            double[] b = SyntheticSamples.of(node.get("current"));
            double[] edges = Binning.decileEdges(a, a.length);
            JsonNode expectedEdges = node.get("edges");
            assertThat(edges).hasSize(expectedEdges.size());
            for (int i = 0; i < edges.length; i++) {
                assertThat(edges[i]).isEqualTo(expectedEdges.get(i).asDouble());
            }
            long[] referenceCounts = new long[edges.length + 1];
            long[] currentCounts = new long[edges.length + 1];
            Binning.countBins(a, a.length, edges, referenceCounts);
            Binning.countBins(b, b.length, edges, currentCounts);
            int bins = edges.length + 1;
            assertStatistic(Binning.psi(referenceCounts, a.length, currentCounts, b.length, bins),
                node.get("psi").asDouble());
            assertStatistic(Binning.jensenShannon(referenceCounts, a.length, currentCounts, b.length, bins),
                node.get("js").asDouble());
        }
    }

    @ParameterizedTest(name = "kstwo.sf {0}")
    @MethodSource("kstwo")
    void oneSampleDistributionMatchesScipyKstwo(String name, JsonNode node) {
        double actual = KolmogorovSmirnovDistribution.kolmogorovSf(node.get("n").asInt(), node.get("x").asDouble());
        assertPValue(actual, node.get("sf").asDouble());
    }

    @ParameterizedTest(name = "exact {0}")
    @MethodSource("exact")
    void exactTwoSampleDistributionMatchesScipy(String name, JsonNode node) {
        int n1 = node.get("n1").asInt();
        int n2 = node.get("n2").asInt();
        long h = node.get("h").asLong();
        int g = KolmogorovSmirnovDistribution.gcd(n1, n2);
        long lcm = (long) (n1 / g) * n2;
        double actual = KolmogorovSmirnovDistribution.twoSamplePValue(n1, n2, h, (double) h / lcm);
        assertPValue(actual, node.get("pValue").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categorical")
    void categoricalTestsMatchScipy(String name, JsonNode node) {
        List<String> union = new ArrayList<>();
        List<String> reference = strings(node.get("reference"));
        List<String> current = strings(node.get("current"));
        Stream.concat(reference.stream(), current.stream()).distinct().sorted().forEach(union::add);
        long[] r = counts(reference, union);
        long[] c = counts(current, union);
        double[] out = new double[3];
        ChiSquareTests.homogeneity(r, c, union.size(), out);
        JsonNode chi2 = node.get("chi2");
        assertStatistic(out[0], chi2.get("statistic").asDouble());
        assertPValue(out[1], chi2.get("pValue").asDouble());
        assertThat((int) out[2]).isEqualTo(chi2.get("dof").asInt());
        long nr = Arrays.stream(r).sum();
        long nc = Arrays.stream(c).sum();
        assertStatistic(Binning.psi(r, nr, c, nc, union.size()), node.get("psi").asDouble());
        assertStatistic(Binning.jensenShannon(r, nr, c, nc, union.size()), node.get("js").asDouble());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isNull() && !v.asText().isEmpty()) {
                values.add(v.asText());
            }
        }
        return values;
    }

    static long[] counts(List<String> values, List<String> union) {
        long[] counts = new long[union.size()];
        for (String v : values) {
            counts[union.indexOf(v)]++;
        }
        return counts;
    }
}
