package dev.mlops.drift;

import dev.mlops.drift.internal.KolmogorovSmirnovDistribution;
import dev.mlops.drift.internal.Tests;
import dev.mlops.drift.internal.WindowedKs;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Live drift monitoring of the numeric features of a {@link ReferenceProfile}: services call
 * {@link #record(double[])} with production rows, and a check on a schedule judges the current
 * windows with the KS test and the missing-rate test, corrects for multiple testing and raises
 * {@link DriftAlert}s to listeners, with a per-feature cooldown and a bounded alert history.
 *
 * <p>Windows: a feature's KS window holds its last {@code windowSize} non-missing values (sliding)
 * or its consecutive blocks of {@code windowSize} non-missing values (tumbling, judged when a
 * block completes); the missing rate is taken over the rows that filled the window. A feature is
 * judged only once its window is full, so the exact KS distribution (windowSize ≤ 10,000) or the
 * asymptotic one applies with the same conventions as {@link DriftDetector}. Each recorded value
 * updates its window in O(log N) (N = distinct reference values) without sorting.
 *
 * <p>Thread-safe: {@link #record(double[])} may be called from many threads; it takes a short
 * lock and allocates nothing. Categorical features are not monitored live; check them in batch
 * with {@link DriftDetector}.
 *
 * <pre>{@code
 * DriftMonitor monitor = DriftMonitor.builder(profile)
 *     .windowSize(2_000).checkInterval(Duration.ofMinutes(1)).cooldown(Duration.ofMinutes(30))
 *     .listener(alert -> pager.send(alert.message()))
 *     .build();
 * monitor.record(row);   // row[i] is the value of monitor.features().get(i), NaN when missing
 * }</pre>
 */
public final class DriftMonitor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DriftMonitor.class.getName());

    private final List<NumericProfile> features;
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
    private final WindowedKs[] windows;
    private final int[][] codes;            // ring of cell codes per feature
    private final int[] head;               // next ring slot per feature
    private final long[] rowsInWindow;      // rows that filled the current window
    private final long[] missingInWindow;
    private final int[][] missingBefore;    // per feature ring: missing rows preceding each value
    private final int[] missingRun;         // missing rows since the last present value
    private final long[] sealedStatistic;   // tumbling: last completed block
    private final long[] sealedRows;
    private final long[] sealedMissing;
    private final boolean[] sealed;
    private long recorded;

    private final ArrayDeque<DriftAlert> history = new ArrayDeque<>();
    private final Instant[] lastAlert;

    private DriftMonitor(Builder b) {
        this.features = List.copyOf(b.features);
        this.kind = b.kind;
        this.windowSize = b.windowSize;
        this.config = b.config;
        this.clock = b.clock;
        this.cooldown = b.cooldown;
        this.historySize = b.historySize;
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
        int f = features.size();
        windows = new WindowedKs[f];
        codes = new int[f][windowSize];
        missingBefore = new int[f][windowSize];
        head = new int[f];
        rowsInWindow = new long[f];
        missingInWindow = new long[f];
        missingRun = new int[f];
        sealedStatistic = new long[f];
        sealedRows = new long[f];
        sealedMissing = new long[f];
        sealed = new boolean[f];
        lastAlert = new Instant[f];
        for (int i = 0; i < f; i++) {
            windows[i] = new WindowedKs(features.get(i).sortedView(), windowSize);
        }
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
     * A builder for a monitor of the profile's numeric features.
     *
     * @throws IllegalArgumentException if the profile has no numeric feature with reference values
     */
    public static Builder builder(ReferenceProfile profile) {
        return new Builder(profile);
    }

    /** The monitored features, in the order {@link #record(double[])} expects their values. */
    public List<String> features() {
        return features.stream().map(NumericProfile::name).toList();
    }

    /**
     * Records one production row: {@code row[i]} is the value of feature i of {@link #features()},
     * {@code NaN} when missing. Allocation-free.
     *
     * @throws IllegalArgumentException if the row length differs from the number of features or
     *                                  a value is infinite
     */
    public void record(double[] row) {
        if (row.length != windows.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, monitor has " + windows.length + " features");
        }
        for (double v : row) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("row holds an infinite value");
            }
        }
        synchronized (lock) {
            recorded++;
            for (int f = 0; f < windows.length; f++) {
                recordValue(f, row[f]);
            }
        }
    }

    private void recordValue(int f, double v) {
        if (Double.isNaN(v)) {
            missingRun[f]++;
            return;
        }
        WindowedKs window = windows[f];
        int slot = head[f];
        if (kind == WindowKind.SLIDING && window.size() == windowSize) {
            window.remove(codes[f][slot]);
            rowsInWindow[f] -= 1 + missingBefore[f][slot];
            missingInWindow[f] -= missingBefore[f][slot];
        }
        codes[f][slot] = window.add(v);
        missingBefore[f][slot] = missingRun[f];
        rowsInWindow[f] += 1 + missingRun[f];
        missingInWindow[f] += missingRun[f];
        missingRun[f] = 0;
        head[f] = (slot + 1) % windowSize;
        if (kind == WindowKind.TUMBLING && window.size() == windowSize) {
            sealedStatistic[f] = window.scaledStatistic();
            sealedRows[f] = rowsInWindow[f];
            sealedMissing[f] = missingInWindow[f];
            sealed[f] = true;
            for (int i = 0; i < windowSize; i++) {
                window.remove(codes[f][i]);
            }
            rowsInWindow[f] = 0;
            missingInWindow[f] = 0;
            head[f] = 0;
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
     * and returns the report (features whose window is not yet full have no tests and do not
     * drift). The scheduled checks call this.
     */
    public DriftReport check() {
        int f = windows.length;
        long[] statistic = new long[f];
        long[] rows = new long[f];
        long[] missing = new long[f];
        boolean[] ready = new boolean[f];
        synchronized (lock) {
            for (int i = 0; i < f; i++) {
                if (kind == WindowKind.SLIDING) {
                    ready[i] = windows[i].size() == windowSize;
                    statistic[i] = windows[i].scaledStatistic();
                    rows[i] = rowsInWindow[i];
                    missing[i] = missingInWindow[i];
                } else {
                    ready[i] = sealed[i];
                    statistic[i] = sealedStatistic[i];
                    rows[i] = sealedRows[i];
                    missing[i] = sealedMissing[i];
                }
            }
        }
        List<DriftDetector.Measured> measured = new ArrayList<>();
        for (int i = 0; i < f; i++) {
            NumericProfile reference = features.get(i);
            List<TestResult> tests = new ArrayList<>();
            double effect = Double.NaN;
            if (ready[i]) {
                int n1 = (int) reference.present();
                int g = gcd(n1, windowSize);
                long h = statistic[i] / g;  // D·lcm: the scaled statistic is D·N·k = D·lcm·g
                double d = (double) statistic[i] / ((double) n1 * windowSize);
                double p = KolmogorovSmirnovDistribution.twoSamplePValue(n1, windowSize, h, d);
                tests.add(TestResult.of(TestMethod.KS, d, p));
                effect = d;
                if (reference.count() > 0) {
                    double[] out = new double[2];
                    Tests.twoProportion(reference.missing(), reference.count(), missing[i], rows[i], out);
                    tests.add(TestResult.of(TestMethod.MISSING, out[0], out[1]));
                }
            }
            measured.add(new DriftDetector.Measured(reference, ready[i] ? rows[i] : 0, ready[i] ? missing[i] : 0,
                tests, TestMethod.KS, effect, Histogram.empty()));
        }
        DriftReport report = DriftDetector.decide(measured, config.withMethod(DriftMethod.KS));
        raiseAlerts(report);
        return report;
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
                TestResult ks = feature.test(TestMethod.KS).orElseThrow();
                String message = String.format(java.util.Locale.ROOT,
                    "%s drifted (%s): KS D=%.4f p=%.3g over the last %d values, missing %d of %d rows",
                    feature.name(), feature.severity(), ks.statistic(), ks.pValue().orElse(Double.NaN),
                    windowSize, feature.missingCurrent(), feature.nCurrent());
                DriftAlert alert = new DriftAlert(now, feature.name(), feature.severity(), TestMethod.KS,
                    ks.statistic(), ks.pValue(), message);
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
                    LOG.log(System.Logger.Level.WARNING, "drift alert listener failed for " + alert.feature(), e);
                }
            }
        }
    }

    private void scheduledCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            // a failed check must not cancel the schedule
            LOG.log(System.Logger.Level.WARNING, "scheduled drift check failed", e);
        }
    }

    /** Alerts raised so far, oldest first, at most the configured history size. */
    public List<DriftAlert> alertHistory() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Adds a listener. */
    public void addListener(DriftAlertListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
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

    /** Settings of a monitor; validated on entry. */
    public static final class Builder {
        private final List<NumericProfile> features = new ArrayList<>();
        private WindowKind kind = WindowKind.SLIDING;
        private int windowSize = 1_000;
        private Duration checkInterval = Duration.ofMinutes(1);
        private ScheduledExecutorService scheduler;
        private InstantSource clock = InstantSource.system();
        private Duration cooldown = Duration.ofMinutes(10);
        private int historySize = 1_000;
        private DriftConfig config = DriftConfig.defaults();
        private final List<DriftAlertListener> listeners = new ArrayList<>();

        private Builder(ReferenceProfile profile) {
            for (FeatureProfile feature : profile.features()) {
                if (feature instanceof NumericProfile numeric && numeric.present() > 0) {
                    features.add(numeric);
                }
            }
            if (features.isEmpty()) {
                throw new IllegalArgumentException("the profile has no numeric feature with reference values");
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

        /** Alpha, correction and severity scale (the method is always KS). */
        public Builder config(DriftConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Adds an alert listener. */
        public Builder listener(DriftAlertListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** Builds the monitor and starts its schedule. */
        public DriftMonitor build() {
            return new DriftMonitor(this);
        }
    }
}
