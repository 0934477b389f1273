package dev.mlops.drift;

import dev.mlops.drift.internal.KolmogorovSmirnovDistribution;
import dev.mlops.drift.internal.WindowedKs;
import dev.mlops.stats.TestResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live drift monitoring against a {@link ReferenceProfile}: services call {@link #record} with
 * production rows, and a check on a schedule judges the current windows (KS for numeric features,
 * chi-square over the reference categories plus one bin for unseen ones for categorical
 * features, and the missing-rate test for both), corrects for multiple testing and raises
 * {@link DriftAlert}s to listeners, with a per-feature cooldown and a bounded alert history.
 *
 * <p>Windows: a feature's window holds its last {@code windowSize} non-missing values (sliding)
 * or its consecutive blocks of {@code windowSize} non-missing values (tumbling, judged when a
 * block completes); the missing rate is taken over the rows that filled the window. A feature is
 * judged only once its window is full, so the exact KS distribution (windowSize ≤ 10,000) or the
 * asymptotic one applies with the same conventions as {@link DriftDetector}. Each numeric value
 * updates its window in O(log N) (N = distinct reference values) without sorting; each
 * categorical value in O(1).
 *
 * <p>Thread-safe: {@link #record} may be called from many threads; it takes a short lock and
 * allocates nothing.
 *
 * <pre>{@code
 * DriftMonitor monitor = DriftMonitor.builder(profile)
 *     .windowSize(2_000).checkInterval(Duration.ofMinutes(1)).cooldown(Duration.ofMinutes(30))
 *     .build();
 * monitor.addListener(alert -> pager.send(alert.message()));
 * monitor.record(numbers, categories);  // in the order of numericFeatures() and categoricalFeatures()
 * }</pre>
 */
public final class DriftMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);
    private static final String[] NO_CATEGORIES = new String[0];

    private final List<NumericProfile> numeric;
    private final List<CategoricalProfile> categorical;
    private final WindowKind kind;
    private final int windowSize;
    private final DriftConfig config;
    private final InstantSource clock;
    private final Duration cooldown;
    private final int historySize;
    private final List<DriftAlertListener> listeners;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final ScheduledFuture<?> schedule;

    private final Object lock = new Object();
    private final NumericWindow[] numericWindows;
    private final CategoricalWindow[] categoricalWindows;
    private long recorded;

    private final ArrayDeque<DriftAlert> history = new ArrayDeque<>();
    private final Instant[] lastAlert;
    private volatile DriftReport lastReport;

    private DriftMonitor(Builder b) {
        this.numeric = List.copyOf(b.numeric);
        this.categorical = List.copyOf(b.categorical);
        this.kind = b.kind;
        this.windowSize = b.windowSize;
        this.config = b.config;
        this.clock = b.clock;
        this.cooldown = b.cooldown;
        this.historySize = b.historySize;
        this.listeners = new CopyOnWriteArrayList<>();
        numericWindows = new NumericWindow[numeric.size()];
        for (int i = 0; i < numericWindows.length; i++) {
            numericWindows[i] = new NumericWindow(numeric.get(i), windowSize);
        }
        categoricalWindows = new CategoricalWindow[categorical.size()];
        for (int i = 0; i < categoricalWindows.length; i++) {
            categoricalWindows[i] = new CategoricalWindow(categorical.get(i), windowSize);
        }
        lastAlert = new Instant[numeric.size() + categorical.size()];
        if (b.checkInterval.isZero()) {
            scheduler = null;
            ownScheduler = false;
            schedule = null;
        } else {
            ownScheduler = b.scheduler == null;
            scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mlops-drift-monitor");
                t.setDaemon(true);
                return t;
            }) : b.scheduler;
            long nanos = b.checkInterval.toNanos();
            schedule = scheduler.scheduleAtFixedRate(this::scheduledCheck, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A builder for a monitor of the profile's features that have reference values.
     *
     * @throws IllegalArgumentException if no feature of the profile has a reference value
     */
    public static Builder builder(ReferenceProfile profile) {
        return new Builder(profile);
    }

    /** The monitored numeric features, in the order {@link #record} expects their values. */
    public List<String> numericFeatures() {
        return numeric.stream().map(NumericProfile::name).toList();
    }

    /** The monitored categorical features, in the order {@link #record} expects their values. */
    public List<String> categoricalFeatures() {
        return categorical.stream().map(CategoricalProfile::name).toList();
    }

    /**
     * Records one production row of a profile with numeric features only; see
     * {@link #record(double[], String[])}.
     *
     * @throws IllegalArgumentException if the monitor has categorical features, the row length
     *                                  differs from the number of numeric features, or a value is
     *                                  infinite
     */
    public void record(double[] numbers) {
        if (!categorical.isEmpty()) {
            throw new IllegalArgumentException("the monitor has categorical features " + categoricalFeatures()
                + "; use record(double[], String[])");
        }
        record(numbers, NO_CATEGORIES);
    }

    /**
     * Records one production row: {@code numbers[i]} is the value of numeric feature i
     * ({@code NaN} when missing), {@code categories[i]} that of categorical feature i
     * ({@code null} or empty when missing). Allocation-free.
     *
     * @throws IllegalArgumentException if a length differs from the number of features of its
     *                                  kind or a number is infinite
     */
    public void record(double[] numbers, String[] categories) {
        if (numbers.length != numericWindows.length || categories.length != categoricalWindows.length) {
            throw new IllegalArgumentException("row has " + numbers.length + " numbers and " + categories.length
                + " categories, monitor has " + numericWindows.length + " numeric and " + categoricalWindows.length
                + " categorical features");
        }
        for (double v : numbers) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("row holds an infinite value");
            }
        }
        synchronized (lock) {
            recorded++;
            for (int f = 0; f < numericWindows.length; f++) {
                NumericWindow window = numericWindows[f];
                double v = numbers[f];
                if (Double.isNaN(v)) {
                    window.missingRun++;
                } else {
                    window.push(window.tree.add(v), kind, windowSize);
                }
            }
            for (int f = 0; f < categoricalWindows.length; f++) {
                CategoricalWindow window = categoricalWindows[f];
                String v = categories[f];
                if (v == null || v.isEmpty()) {
                    window.missingRun++;
                } else {
                    window.push(window.add(v), kind, windowSize);
                }
            }
        }
    }

    /** Rows recorded since the monitor was built. */
    public long recordedRows() {
        synchronized (lock) {
            return recorded;
        }
    }

    /**
     * Judges the current windows now, raises alerts for drifted features outside their cooldown,
     * and returns the report (numeric features first, then categorical ones; features whose
     * window is not yet full have no tests and do not drift). The scheduled checks call this.
     */
    public DriftReport check() {
        int numericCount = numericWindows.length;
        long[] statistic = new long[numericCount];
        long[][] counts = new long[categoricalWindows.length][];
        long[] rows = new long[numericCount + categoricalWindows.length];
        long[] missing = new long[rows.length];
        boolean[] ready = new boolean[rows.length];
        synchronized (lock) {
            for (int i = 0; i < numericCount; i++) {
                NumericWindow w = numericWindows[i];
                ready[i] = w.snapshot(kind, windowSize);
                statistic[i] = kind == WindowKind.SLIDING ? w.tree.scaledStatistic() : w.sealedStatistic;
                rows[i] = w.snapshotRows;
                missing[i] = w.snapshotMissing;
            }
            for (int i = 0; i < categoricalWindows.length; i++) {
                CategoricalWindow w = categoricalWindows[i];
                int at = numericCount + i;
                ready[at] = w.snapshot(kind, windowSize);
                counts[i] = (kind == WindowKind.SLIDING ? w.counts : w.sealedCounts).clone();
                rows[at] = w.snapshotRows;
                missing[at] = w.snapshotMissing;
            }
        }
        List<DriftDetector.Measured> measured = new ArrayList<>();
        for (int i = 0; i < numericCount; i++) {
            NumericProfile reference = numeric.get(i);
            List<TestResult> tests = new ArrayList<>();
            double effect = Double.NaN;
            if (ready[i]) {
                int n1 = (int) reference.present();
                int g = gcd(n1, windowSize);
                long h = statistic[i] / g;  // D·lcm: the scaled statistic is D·N·k = D·lcm·g
                double d = (double) statistic[i] / ((double) n1 * windowSize);
                tests.add(TestResult.of(TestMethod.KS, d, KolmogorovSmirnovDistribution.twoSamplePValue(n1, windowSize, h, d)));
                effect = d;
                DriftDetector.addMissingTest(tests, reference, rows[i], missing[i]);
            }
            measured.add(new DriftDetector.Measured(reference, ready[i] ? rows[i] : 0, ready[i] ? missing[i] : 0,
                tests, TestMethod.KS, effect, Histogram.empty()));
        }
        for (int i = 0; i < categoricalWindows.length; i++) {
            CategoricalProfile reference = categorical.get(i);
            int at = numericCount + i;
            List<TestResult> tests = new ArrayList<>();
            double effect = Double.NaN;
            if (ready[at]) {
                long[] referenceCounts = categoricalWindows[i].referenceCounts;
                effect = DriftDetector.addChiSquareTest(tests, referenceCounts, counts[i], referenceCounts.length,
                    reference.present() + windowSize);
                DriftDetector.addMissingTest(tests, reference, rows[at], missing[at]);
            }
            measured.add(new DriftDetector.Measured(reference, ready[at] ? rows[at] : 0, ready[at] ? missing[at] : 0,
                tests, TestMethod.CHI2, effect, Histogram.empty()));
        }
        String window = (kind == WindowKind.SLIDING ? "the last " : "the last complete window of ") + windowSize
            + " values per feature";
        DriftReport report = DriftDetector.decide(measured, config.withMethod(DriftMethod.AUTO), "reference profile",
            window, clock.instant());
        lastReport = report;
        raiseAlerts(report);
        return report;
    }

    /**
     * The report of the latest check (scheduled or explicit), empty before the first: what a
     * dashboard shows between checks without judging the windows again.
     */
    public Optional<DriftReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    private void raiseAlerts(DriftReport report) {
        Instant now = clock.instant();
        List<DriftAlert> raised = new ArrayList<>();
        synchronized (history) {
            for (int i = 0; i < report.features().size(); i++) {
                FeatureDrift feature = report.features().get(i);
                if (!feature.drifted()) {
                    continue;
                }
                if (lastAlert[i] != null && now.isBefore(lastAlert[i].plus(cooldown))) {
                    continue;
                }
                lastAlert[i] = now;
                TestResult test = feature.test(feature.decisiveTest()).orElseThrow();
                String message = String.format(java.util.Locale.ROOT,
                    "%s drifted (%s): %s=%.4f p=%.3g over the last %d values, missing %d of %d rows",
                    feature.name(), feature.severity(), test.method().jsonName(), test.statistic(),
                    test.pValue().orElse(Double.NaN), windowSize, feature.missingCurrent(), feature.nCurrent());
                DriftAlert alert = new DriftAlert(now, feature.name(), feature.severity(), feature.decisiveTest(),
                    test.statistic(), test.pValue(), message);
                history.addLast(alert);
                while (history.size() > historySize) {
                    history.removeFirst();
                }
                raised.add(alert);
            }
        }
        for (DriftAlert alert : raised) {
            for (DriftAlertListener listener : listeners) {
                try {
                    listener.onAlert(alert);
                } catch (RuntimeException e) {
                    log.warn("Drift alert listener failed for {}", alert.feature(), e);
                }
            }
        }
    }

    private void scheduledCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            // a failed check must not cancel the schedule
            log.warn("Scheduled drift check failed", e);
        }
    }

    /** Alerts raised so far, oldest first, at most the configured history size. */
    public List<DriftAlert> alertHistory() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Tells a listener about every alert from now on. */
    public void addListener(DriftAlertListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling a listener; nothing happens if it was not added. */
    public void removeListener(DriftAlertListener listener) {
        listeners.remove(listener);
    }

    /** Stops the scheduled checks; shuts the scheduler down if the monitor created it. */
    @Override
    public void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        if (ownScheduler) {
            scheduler.shutdown();
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * The window bookkeeping shared by both feature kinds: a ring of value codes, the missing
     * rows that preceded each value, and for tumbling windows the last completed block.
     */
    private abstract static class FeatureWindow {
        final int[] codes;
        final int[] missingBefore;
        int head;
        int size;
        long rows;
        long missing;
        int missingRun;
        boolean sealed;
        long sealedRows;
        long sealedMissing;
        long snapshotRows;
        long snapshotMissing;

        FeatureWindow(int windowSize) {
            codes = new int[windowSize];
            missingBefore = new int[windowSize];
        }

        abstract void remove(int code);

        abstract void seal();

        /** Adds a value whose code the subclass has already counted. */
        final void push(int code, WindowKind kind, int windowSize) {
            if (kind == WindowKind.SLIDING && size == windowSize) {
                remove(codes[head]);
                rows -= 1 + missingBefore[head];
                missing -= missingBefore[head];
                size--;
            }
            codes[head] = code;
            missingBefore[head] = missingRun;
            rows += 1 + missingRun;
            missing += missingRun;
            missingRun = 0;
            size++;
            head = (head + 1) % windowSize;
            if (kind == WindowKind.TUMBLING && size == windowSize) {
                seal();
                sealedRows = rows;
                sealedMissing = missing;
                sealed = true;
                for (int i = 0; i < windowSize; i++) {
                    remove(codes[i]);
                }
                size = 0;
                rows = 0;
                missing = 0;
                head = 0;
            }
        }

        /** Copies the row counts of the window to judge; returns whether there is one. */
        final boolean snapshot(WindowKind kind, int windowSize) {
            snapshotRows = kind == WindowKind.SLIDING ? rows : sealedRows;
            snapshotMissing = kind == WindowKind.SLIDING ? missing : sealedMissing;
            return kind == WindowKind.SLIDING ? size == windowSize : sealed;
        }
    }

    private static final class NumericWindow extends FeatureWindow {
        final WindowedKs tree;
        long sealedStatistic;

        NumericWindow(NumericProfile reference, int windowSize) {
            super(windowSize);
            tree = new WindowedKs(reference.sortedView(), windowSize);
        }

        @Override
        void remove(int code) {
            tree.remove(code);
        }

        @Override
        void seal() {
            sealedStatistic = tree.scaledStatistic();
        }
    }

    private static final class CategoricalWindow extends FeatureWindow {
        final Map<String, Integer> index = new HashMap<>();
        final long[] referenceCounts;
        final long[] counts;
        final long[] sealedCounts;

        CategoricalWindow(CategoricalProfile reference, int windowSize) {
            super(windowSize);
            int k = reference.frequencies().size();
            referenceCounts = new long[k + 1];  // the last bin holds categories the reference never saw
            reference.frequencies().forEach((category, count) -> {
                referenceCounts[index.size()] = count;
                index.put(category, index.size());
            });
            counts = new long[k + 1];
            sealedCounts = new long[k + 1];
        }

        int add(String category) {
            Integer code = index.get(category);
            int at = code == null ? counts.length - 1 : code;
            counts[at]++;
            return at;
        }

        @Override
        void remove(int code) {
            counts[code]--;
        }

        @Override
        void seal() {
            System.arraycopy(counts, 0, sealedCounts, 0, counts.length);
        }
    }

    /** Settings of a monitor; validated on entry. */
    public static final class Builder {
        private final List<NumericProfile> numeric = new ArrayList<>();
        private final List<CategoricalProfile> categorical = new ArrayList<>();
        private WindowKind kind = WindowKind.SLIDING;
        private int windowSize = 1_000;
        private Duration checkInterval = Duration.ofMinutes(1);
        private ScheduledExecutorService scheduler;
        private InstantSource clock = InstantSource.system();
        private Duration cooldown = Duration.ofMinutes(10);
        private int historySize = 1_000;
        private DriftConfig config = DriftConfig.defaults();

        private Builder(ReferenceProfile profile) {
            for (FeatureProfile feature : profile.features()) {
                if (feature.present() == 0) {
                    continue;
                }
                if (feature instanceof NumericProfile n) {
                    numeric.add(n);
                } else if (feature instanceof CategoricalProfile c) {
                    categorical.add(c);
                }
            }
            if (numeric.isEmpty() && categorical.isEmpty()) {
                throw new IllegalArgumentException("the profile has no feature with reference values");
            }
        }

        /** Sliding (default) or tumbling windows. */
        public Builder windowKind(WindowKind value) {
            kind = Objects.requireNonNull(value, "windowKind");
            return this;
        }

        /**
         * Non-missing values per window (default 1,000).
         *
         * @throws IllegalArgumentException unless 1 ≤ value ≤ 10,000,000
         */
        public Builder windowSize(int value) {
            if (value < 1 || value > 10_000_000) {
                throw new IllegalArgumentException("windowSize must be in 1..10000000: " + value);
            }
            windowSize = value;
            return this;
        }

        /**
         * Time between scheduled checks (default one minute); zero disables scheduling, so that
         * only explicit {@link DriftMonitor#check()} calls judge.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder checkInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("checkInterval must not be negative: " + value);
            }
            checkInterval = value;
            return this;
        }

        /** The scheduler to run checks on; the monitor never shuts a supplied scheduler down. */
        public Builder scheduler(ScheduledExecutorService value) {
            scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** The clock for alert times and cooldowns (default the system clock). */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Minimum time between two alerts for the same feature (default ten minutes).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder cooldown(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("cooldown must not be negative: " + value);
            }
            cooldown = value;
            return this;
        }

        /**
         * Alerts kept in the history (default 1,000).
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder historySize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("historySize must be at least 1: " + value);
            }
            historySize = value;
            return this;
        }

        /** Alpha, correction and severity scale (the tests are always KS and chi-square). */
        public Builder config(DriftConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Builds the monitor and starts its schedule. */
        public DriftMonitor build() {
            return new DriftMonitor(this);
        }
    }
}
