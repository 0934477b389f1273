package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.data.DataTable;
import dev.mlops.fleet.TelemetryBucket;
import dev.mlops.spi.TelemetryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Window summaries merged across a fleet against the exact statistics of the union of the values. */
class FeatureSummaryTest {

    static final double DELTA = 1e-3;

    private static double[] normal(Random random, int n, double mean, double sd, double missingRate) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble() < missingRate ? Double.NaN : mean + sd * random.nextGaussian();
        }
        return values;
    }

    private static FeatureDrift exact(FeatureProfile profile, DataTable union) {
        return DriftDetector.of(ReferenceProfile.of(List.of(profile))).check(union).feature(profile.name()).orElseThrow();
    }

    private static double statistic(FeatureDrift drift, TestMethod method) {
        return drift.test(method).orElseThrow().statistic();
    }

    @Test
    void numericSummariesMergeToTheUnionsBinsExactlyAndItsDistributionWithinTheBound() {
        Random random = new Random(14);
        NumericProfile income = NumericProfile.of("income", normal(random, 5000, 0, 1, 0));
        for (int trial = 0; trial < 5; trial++) {
            List<double[]> parts = new ArrayList<>();
            List<FeatureSummary> summaries = new ArrayList<>();
            for (int p = 0; p < 10; p++) {
                double[] part = normal(random, 2000 + random.nextInt(2000), 0.15, 1.1, 0.02);
                parts.add(part);
                // through JSON, as the store keeps them
                summaries.add(FeatureSummary.fromJson(FeatureSummary.numeric(income, part, FeatureSummary.DEFAULT_CAPACITY,
                    trial * 100 + p).toJson()));
            }
            double[] union = parts.stream().flatMapToDouble(Arrays::stream).toArray();
            FeatureSummary merged = FeatureSummary.merge(summaries, trial);
            FeatureDrift expected = exact(income, DataTable.builder().numeric("income", union).build());

            assertThat(merged.count()).isEqualTo(union.length);
            assertThat(merged.missing()).isEqualTo(expected.missingCurrent());
            assertThat(merged.psi(income)).isCloseTo(statistic(expected, TestMethod.PSI), within(1e-12));
            assertThat(merged.jensenShannon(income)).isCloseTo(statistic(expected, TestMethod.JS), within(1e-12));
            assertThat(merged.exact()).isFalse();
            assertThat(merged.sample()).hasSize(FeatureSummary.DEFAULT_CAPACITY);
            assertThat(merged.ksErrorBound(DELTA)).isCloseTo(0.0305, within(0.001));
            assertThat(Math.abs(merged.ks(income) - statistic(expected, TestMethod.KS))).isLessThanOrEqualTo(merged.ksErrorBound(DELTA));
            assertThat(Math.abs(merged.wasserstein(income) - statistic(expected, TestMethod.WASSERSTEIN)))
                .isLessThanOrEqualTo(merged.wassersteinErrorBound(DELTA));
        }
    }

    @Test
    void belowTheCapacityEveryStatisticIsExact() {
        Random random = new Random(3);
        NumericProfile income = NumericProfile.of("income", normal(random, 2000, 0, 1, 0));
        List<double[]> parts = List.of(normal(random, 700, 0.3, 1, 0.05), normal(random, 900, 0.3, 1, 0.05),
            normal(random, 1200, 0.3, 1, 0.05));
        FeatureSummary merged = FeatureSummary.merge(parts.stream()
            .map(p -> FeatureSummary.numeric(income, p, FeatureSummary.DEFAULT_CAPACITY, 1)).toList(), 9);
        double[] union = parts.stream().flatMapToDouble(Arrays::stream).toArray();
        FeatureDrift expected = exact(income, DataTable.builder().numeric("income", union).build());
        assertThat(merged.exact()).isTrue();
        assertThat(merged.ksErrorBound(DELTA)).isZero();
        assertThat(merged.ks(income)).isEqualTo(statistic(expected, TestMethod.KS));
        assertThat(merged.wasserstein(income)).isCloseTo(statistic(expected, TestMethod.WASSERSTEIN), within(1e-12));
    }

    @Test
    void categoricalSummariesMergeToTheUnionsChiSquarePsiAndJsExactly() {
        Random random = new Random(8);
        String[] reference = new String[3000];
        String[] levels = {"a", "b", "c", "d"};
        for (int i = 0; i < reference.length; i++) {
            reference[i] = levels[Math.min(3, (int) Math.abs(random.nextGaussian() * 1.5))];
        }
        CategoricalProfile plan = CategoricalProfile.of("plan", reference);
        List<String> union = new ArrayList<>();
        List<FeatureSummary> summaries = new ArrayList<>();
        String[] current = {"a", "b", "c", "d", "e", ""};  // "e" unseen, "" missing
        for (int p = 0; p < 6; p++) {
            String[] part = new String[500 + random.nextInt(500)];
            for (int i = 0; i < part.length; i++) {
                part[i] = current[random.nextInt(current.length)];
            }
            union.addAll(List.of(part));
            summaries.add(FeatureSummary.fromJson(FeatureSummary.categorical(plan, part).toJson()));
        }
        FeatureSummary merged = FeatureSummary.merge(summaries, 0);
        FeatureDrift expected = exact(plan, DataTable.builder().categorical("plan", union).build());
        double[] chi2 = merged.chiSquare(plan);
        assertThat(chi2[0]).isCloseTo(statistic(expected, TestMethod.CHI2), within(1e-9));
        assertThat(chi2[1]).isCloseTo(expected.test(TestMethod.CHI2).orElseThrow().pValue().getAsDouble(), within(1e-12));
        assertThat(merged.psi(plan)).isCloseTo(statistic(expected, TestMethod.PSI), within(1e-12));
        assertThat(merged.jensenShannon(plan)).isCloseTo(statistic(expected, TestMethod.JS), within(1e-12));
        assertThat(merged.missing()).isEqualTo(expected.missingCurrent());
    }

    @Test
    void windowsStoredByManyInstancesMergeAndAStoredAgainWindowReplaces() {
        Map<String, TelemetryBucket> buckets = new TreeMap<>();
        TelemetryStore store = new TelemetryStore() {
            @Override
            public void putBucket(TelemetryBucket bucket) {
                buckets.put(bucket.instance() + "/" + bucket.window(), bucket);
            }

            @Override
            public List<TelemetryBucket> buckets(String kind, String subject) {
                return buckets.values().stream().filter(b -> b.kind().equals(kind) && b.subject().equals(subject)).toList();
            }
        };
        Random random = new Random(5);
        NumericProfile income = NumericProfile.of("income", normal(random, 1000, 0, 1, 0));
        List<double[]> all = new ArrayList<>();
        for (int instance = 0; instance < 3; instance++) {
            for (long window = 0; window < 4; window++) {
                double[] values = normal(random, 300, 0.5, 1, 0);
                all.add(values);
                for (int again = 0; again < 2; again++) {
                    FleetDrift.record(store, "inputs", "pod-" + instance, window * 60_000,
                        List.of(FeatureSummary.numeric(income, values, 64, window)), () -> Instant.EPOCH);
                }
            }
        }
        FeatureSummary merged = FleetDrift.merged(store, "inputs", 1).get("income");
        double[] union = all.stream().flatMapToDouble(Arrays::stream).toArray();
        assertThat(merged.count()).isEqualTo(union.length);
        assertThat(merged.sample()).hasSize(64);
        assertThat(merged.psi(income)).isCloseTo(
            statistic(exact(income, DataTable.builder().numeric("income", union).build()), TestMethod.PSI), within(1e-12));
        assertThat(FleetDrift.merged(store, "inputs", 1).get("income")).isEqualTo(merged);  // the same seed, the same merge
    }
}
