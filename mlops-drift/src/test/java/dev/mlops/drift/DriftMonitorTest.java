package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.DataTable;
import dev.mlops.drift.internal.TwoSample;
import dev.mlops.stats.ChiSquareTests;
import dev.mlops.stats.Correction;
import dev.mlops.stats.TestResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    static final ReferenceProfile PROFILE = ReferenceProfile.fit(DataTable.builder()
        .numeric("a", DriftDetectorTest.gaussians(1, 5_000, 0))
        .numeric("b", roundedGaussians(2, 5_000))
        .categorical("c", new String[5_000])
        .build());

    static double[] roundedGaussians(long seed, int n) {
        return Arrays.stream(DriftDetectorTest.gaussians(seed, n, 0)).map(Math::rint).toArray();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    static DriftMonitor.Builder manual() {
        return DriftMonitor.builder(PROFILE).checkInterval(Duration.ZERO);
    }

    @Test
    void monitorsTheNumericFeaturesInProfileOrder() {
        try (DriftMonitor monitor = manual().build()) {
            assertThat(monitor.numericFeatures()).containsExactly("a", "b");
            assertThat(monitor.categoricalFeatures()).as("an all-missing reference column is not monitored").isEmpty();
            assertThatThrownBy(() -> monitor.record(new double[3])).hasMessageContaining("2 numeric");
        }
    }

    @Test
    void lastReportIsTheLatestCheckAndEmptyBeforeTheFirst() {
        try (DriftMonitor monitor = manual().windowSize(50).build()) {
            assertThat(monitor.lastReport()).isEmpty();
            for (int t = 0; t < 60; t++) {
                monitor.record(new double[] {DriftDetectorTest.gaussians(t, 1, 0)[0], t % 3});
            }
            DriftReport first = monitor.check();
            assertThat(monitor.lastReport()).containsSame(first);
            DriftReport second = monitor.check();
            assertThat(monitor.lastReport()).containsSame(second);
        }
    }

    @Test
    void slidingWindowKsEqualsTheBatchTestOnTheSameValues() {
        int window = 300;
        try (DriftMonitor monitor = manual().windowSize(window).build()) {
            SplittableRandom random = new SplittableRandom(5);
            List<double[]> rows = new ArrayList<>();
            for (int t = 0; t < 1_000; t++) {
                double a = t < 600 ? DriftDetectorTest.gaussians(t, 1, 0)[0] : DriftDetectorTest.gaussians(t, 1, 0.4)[0];
                double b = random.nextDouble() < 0.1 ? Double.NaN : Math.rint(4 * random.nextDouble() - 2);
                double[] row = {a, b};
                rows.add(row);
                monitor.record(row);
                if (t == 299 || t == 650 || t == 999) {
                    DriftReport report = monitor.check();
                    for (int f = 0; f < 2; f++) {
                        double[] last = lastPresent(rows, f, window);
                        if (last.length < window) {
                            assertThat(report.features().get(f).tests()).as("window not full yet").isEmpty();
                            continue;
                        }
                        Arrays.sort(last);
                        double[] reference = ((NumericProfile) PROFILE.features().get(f)).sortedValues();
                        TwoSample.KsOutcome expected = new TwoSample.KsOutcome();
                        TwoSample.ks(reference, reference.length, last, last.length, expected);
                        TestResult ks = report.features().get(f).test(TestMethod.KS).orElseThrow();
                        assertThat(ks.statistic()).as("t=%d feature %d", t, f).isEqualTo(expected.statistic);
                        assertThat(ks.pValue().getAsDouble()).isCloseTo(expected.pValue,
                            org.assertj.core.data.Offset.offset(1e-12 + 1e-9 * expected.pValue));
                    }
                }
            }
        }
    }

    static double[] lastPresent(List<double[]> rows, int feature, int count) {
        double[] values = new double[count];
        int n = 0;
        for (int r = rows.size() - 1; r >= 0 && n < count; r--) {
            double v = rows.get(r)[feature];
            if (!Double.isNaN(v)) {
                values[n++] = v;
            }
        }
        return Arrays.copyOf(values, n);
    }

    @Test
    void aFeatureIsJudgedOnlyOnceItsWindowIsFull() {
        try (DriftMonitor monitor = manual().windowSize(100).build()) {
            for (int t = 0; t < 99; t++) {
                monitor.record(new double[] {5.0, 0.0});
            }
            assertThat(monitor.check().features()).allSatisfy(f -> assertThat(f.tests()).isEmpty());
            monitor.record(new double[] {5.0, 0.0});
            assertThat(monitor.check().feature("a").orElseThrow().drifted()).isTrue();
        }
    }

    @Test
    void aGivenConfigSetsAlphaCorrectionAndScalesButNotTheTests() {
        DriftConfig config = DriftConfig.defaults().withMethod(DriftMethod.PSI).withAlpha(0.01)
            .withCorrection(Correction.NONE).withScale(new SeverityScale(0.1, 0.2, 0.3, 2.0));
        try (DriftMonitor monitor = manual().windowSize(100).config(config).build()) {
            for (int t = 0; t < 100; t++) {
                monitor.record(new double[] {5.0, 0.0});
            }
            DriftReport report = monitor.check();
            assertThat(report.config()).isEqualTo(config.withMethod(DriftMethod.AUTO));
            FeatureDrift a = report.feature("a").orElseThrow();
            assertThat(a.decisiveTest()).isEqualTo(TestMethod.KS);
            assertThat(a.effectSize()).hasValue(1.0);
            assertThat(a.severity()).as("D = 1 on a scale whose critical level is 2").isEqualTo(Severity.HIGH);
        }
        assertThatThrownBy(() -> manual().config(null)).isInstanceOf(NullPointerException.class).hasMessage("config");
    }

    @Test
    void tumblingWindowsJudgeTheLastCompletedBlock() {
        try (DriftMonitor monitor = manual().windowKind(WindowKind.TUMBLING).windowSize(200).build()) {
            for (int t = 0; t < 200; t++) {
                monitor.record(new double[] {3.0, Double.NaN});
            }
            DriftReport first = monitor.check();
            assertThat(first.feature("a").orElseThrow().drifted()).isTrue();
            assertThat(first.feature("b").orElseThrow().tests()).isEmpty();
            assertThat(first.reference()).isEqualTo("reference profile");
            assertThat(first.current()).isEqualTo("the last complete window of 200 values per feature");
            double[] normal = DriftDetectorTest.gaussians(9, 200, 0);
            for (int t = 0; t < 199; t++) {
                monitor.record(new double[] {normal[t], 0.0});
            }
            assertThat(monitor.check().feature("a").orElseThrow().drifted()).as("block not complete yet").isTrue();
            monitor.record(new double[] {normal[199], 0.0});
            assertThat(monitor.check().feature("a").orElseThrow().drifted()).isFalse();
        }
    }

    @Test
    void alertsRespectTheCooldownAndLandInTheHistory() {
        ManualClock clock = new ManualClock();
        List<DriftAlert> received = new CopyOnWriteArrayList<>();
        try (DriftMonitor monitor = manual().windowSize(100).clock(clock).cooldown(Duration.ofMinutes(5))
            .historySize(2).build()) {
            monitor.addListener(received::add);
            monitor.addListener(alert -> {
                throw new IllegalStateException("a broken listener");
            });
            List<DriftAlert> removed = new CopyOnWriteArrayList<>();
            DriftAlertListener gone = removed::add;
            monitor.addListener(gone);
            monitor.removeListener(gone);
            for (int t = 0; t < 100; t++) {
                monitor.record(new double[] {4.0, 10.0});
            }
            monitor.check();
            assertThat(received).hasSize(2);
            assertThat(received).extracting(DriftAlert::severity).containsOnly(Severity.CRITICAL);
            clock.now = clock.now.plusSeconds(60);
            assertThat(monitor.check().checkedAt()).as("the report's time is the monitor's clock").isEqualTo(clock.now);
            assertThat(received).as("within the cooldown").hasSize(2);
            clock.now = clock.now.plusSeconds(300);
            monitor.check();
            assertThat(received).hasSize(4);
            assertThat(monitor.alertHistory()).hasSize(2).allSatisfy(a -> assertThat(a.time()).isEqualTo(clock.now));
            assertThat(received.get(0).message()).contains("drifted").contains("ks=1.0000");
            assertThat(removed).as("a removed listener hears nothing").isEmpty();
        }
    }

    @Test
    void checksRunOnASuppliedScheduler() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch alerted = new CountDownLatch(1);
        try (DriftMonitor monitor = DriftMonitor.builder(PROFILE).windowSize(50).checkInterval(Duration.ofMillis(20))
            .scheduler(scheduler).build()) {
            monitor.addListener(alert -> alerted.countDown());
            for (int t = 0; t < 50; t++) {
                monitor.record(new double[] {6.0, 0.0});
            }
            assertThat(alerted.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(scheduler.isShutdown()).as("a supplied scheduler is left running").isFalse();
        scheduler.shutdownNow();
    }

    @Test
    void recordIsThreadSafe() throws Exception {
        try (DriftMonitor monitor = manual().windowSize(1_000).build()) {
            Thread[] threads = new Thread[4];
            for (int k = 0; k < threads.length; k++) {
                long seed = k;
                threads[k] = new Thread(() -> {
                    double[] values = DriftDetectorTest.gaussians(seed, 5_000, 0);
                    double[] row = new double[2];
                    for (double v : values) {
                        row[0] = v;
                        row[1] = Math.rint(v);
                        monitor.record(row);
                    }
                });
                threads[k].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(monitor.recordedRows()).isEqualTo(20_000);
            FeatureDrift a = monitor.check().feature("a").orElseThrow();
            assertThat(a.nCurrent()).isEqualTo(1_000);
            assertThat(a.drifted()).isFalse();
        }
    }

    @Test
    void recordAndScratchChecksAllocateNothingInSteadyState() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DriftMonitor monitor = manual().windowSize(500).build()) {
            double[] values = DriftDetectorTest.gaussians(3, 20_000, 0);
            double[] row = new double[2];
            NumericProfile a = (NumericProfile) PROFILE.feature("a").orElseThrow();
            DriftScratch scratch = new DriftScratch(20_000);
            for (int warm = 0; warm < 3; warm++) {
                for (double v : values) {
                    row[0] = v;
                    row[1] = v;
                    monitor.record(row);
                }
                a.ks(values, values.length, scratch);
                a.psi(values, values.length, scratch);
                a.wasserstein(values, values.length, scratch);
            }
            // The JVM itself may charge a few bytes to this thread now and then (compilation and
            // deoptimization events), so the steady state is the quietest of a few rounds; a single
            // allocation per record would show as hundreds of kilobytes in every round.
            long quietest = Long.MAX_VALUE;
            for (int round = 0; round < 5 && quietest > 0; round++) {
                long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (double v : values) {
                    row[0] = v;
                    row[1] = v;
                    monitor.record(row);
                }
                a.ks(values, values.length, scratch);
                a.psi(values, values.length, scratch);
                a.wasserstein(values, values.length, scratch);
                quietest = Math.min(quietest,
                        threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
            }
            assertThat(quietest).as("bytes allocated by 20,000 records and three scratch checks").isZero();
            assertThat(scratch.ksPValue()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void categoricalFeaturesAreJudgedByChiSquareWithABinForUnseenCategories() {
        String[] colours = new String[3_000];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
        }
        ReferenceProfile profile = ReferenceProfile.fit(DataTable.builder()
            .numeric("x", DriftDetectorTest.gaussians(4, 3_000, 0)).categorical("colour", colours).build());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DriftMonitor monitor = DriftMonitor.builder(profile).checkInterval(Duration.ZERO).windowSize(300).build()) {
            assertThat(monitor.categoricalFeatures()).containsExactly("colour");
            assertThatThrownBy(() -> monitor.record(new double[1])).hasMessageContaining("record(double[], String[])");
            double[] numbers = new double[1];
            String[] categories = new String[1];
            String[] stream = {"red", "red", "green", "purple", "red", "", "blue"};
            long before = 0;
            for (int t = 0; t < 700; t++) {
                if (t == 350) {
                    before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                }
                numbers[0] = 0.0;
                categories[0] = stream[t % stream.length];
                monitor.record(numbers, categories);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertThat(allocated).as("categorical records allocate nothing").isZero();
            FeatureDrift colour = monitor.check().feature("colour").orElseThrow();
            // the last 300 non-missing values of the cycle: red, red, green, purple, red, blue
            long[] window = new long[4];
            for (int t = 699, n = 0; n < 300; t--) {
                String c = stream[t % stream.length];
                if (!c.isEmpty()) {
                    window[c.equals("blue") ? 0 : c.equals("green") ? 1 : c.equals("red") ? 2 : 3]++;
                    n++;
                }
            }
            double[] expected = new double[3];
            ChiSquareTests.homogeneity(new long[] {1000, 1000, 1000, 0}, window, 4, expected);
            TestResult chi2 = colour.test(TestMethod.CHI2).orElseThrow();
            assertThat(chi2.statistic()).isCloseTo(expected[0], org.assertj.core.data.Offset.offset(1e-9));
            assertThat(colour.drifted()).isTrue();
            assertThat(colour.missingCurrent()).isPositive();
        }
    }

    @Test
    void builderRejectsBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> manual().windowSize(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> manual().cooldown(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> DriftMonitor.builder(ReferenceProfile.fit(DataTable.builder()
            .categorical("c", new String[] {"", null}).build()))).hasMessageContaining("no feature with reference values");
    }
}
