package dev.mlops.drift;

/**
 * ADWIN2, the adaptive sliding window of Bifet and Gavaldà (2007). The window is kept as an
 * exponential histogram: at most {@code maxBuckets} buckets of 2^i observations per level i, each
 * bucket holding its count, mean and sum of squared deviations, so memory is O(M log n) and an
 * update is allocation-free. Every {@code checkInterval} observations, every split of the window
 * into an older part W0 and a newer part W1 (at bucket boundaries, both parts at least
 * {@code minSubWindow} long) is tested with the paper's variance-based bound
 * ε = √((2/m)·σ²_W·ln(2/δ')) + (2/(3m))·ln(2/δ'), with m = 1/(1/n0 + 1/n1), σ²_W the window
 * variance and δ' = δ/n. While some split has |μ0 − μ1| ≥ ε at {@code delta}, the oldest bucket
 * is dropped (DRIFT). WARNING when a split exceeds the bound at the looser
 * {@code warningDelta} but none at {@code delta}; the window is not shrunk for a warning.
 */
public final class Adwin implements StreamDetector {

    private static final int LEVELS = 64;

    private final double delta;
    private final double warningDelta;
    private final int maxBuckets;
    private final int checkInterval;
    private final int minSubWindow;
    // per level, a FIFO of buckets (oldest first) in slots [level*(maxBuckets+1), ...)
    private final long[] counts;
    private final double[] means;
    private final double[] squares;
    private final int[] levelSize;
    private final int[] levelStart;
    private int levels;
    private long n;
    private double mean;
    private double square;
    private long sinceCheck;
    private DetectorState state = DetectorState.STABLE;
    private long drifts;

    private Adwin(double delta, double warningDelta, int maxBuckets, int checkInterval, int minSubWindow) {
        this.delta = delta;
        this.warningDelta = warningDelta;
        this.maxBuckets = maxBuckets;
        this.checkInterval = checkInterval;
        this.minSubWindow = minSubWindow;
        int slots = LEVELS * (maxBuckets + 1);
        counts = new long[slots];
        means = new double[slots];
        squares = new double[slots];
        levelSize = new int[LEVELS];
        levelStart = new int[LEVELS];
    }

    /** δ = 0.002, warning δ = 0.02, M = 5, checks every 32 observations, sub-windows ≥ 5. */
    public static Adwin create() {
        return create(0.002, 0.02, 5, 32, 5);
    }

    /**
     * @throws IllegalArgumentException unless 0 &lt; δ ≤ warningDelta &lt; 1, maxBuckets ≥ 2,
     *                                  checkInterval ≥ 1 and minSubWindow ≥ 1
     */
    public static Adwin create(double delta, double warningDelta, int maxBuckets, int checkInterval, int minSubWindow) {
        if (!(delta > 0 && delta <= warningDelta && warningDelta < 1) || maxBuckets < 2 || checkInterval < 1 || minSubWindow < 1) {
            throw new IllegalArgumentException("need 0 < delta <= warningDelta < 1, maxBuckets >= 2, checkInterval >= 1, "
                + "minSubWindow >= 1: " + delta + ", " + warningDelta + ", " + maxBuckets + ", " + checkInterval + ", " + minSubWindow);
        }
        return new Adwin(delta, warningDelta, maxBuckets, checkInterval, minSubWindow);
    }

    @Override
    public DetectorState update(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite: " + value);
        }
        insert(value);
        sinceCheck++;
        if (sinceCheck < checkInterval) {
            if (state == DetectorState.DRIFT) {
                state = DetectorState.STABLE;
            }
            return state;
        }
        sinceCheck = 0;
        boolean shrunk = false;
        while (n > 2L * minSubWindow && cutExists(delta)) {
            dropOldest();
            shrunk = true;
        }
        if (shrunk) {
            drifts++;
            state = DetectorState.DRIFT;
        } else if (n > 2L * minSubWindow && cutExists(warningDelta)) {
            state = DetectorState.WARNING;
        } else {
            state = DetectorState.STABLE;
        }
        return state;
    }

    /** Mean of the current window (0 when empty). */
    public double mean() {
        return mean;
    }

    /** Length of the current window. */
    public long width() {
        return n;
    }

    private int slot(int level, int index) {
        return level * (maxBuckets + 1) + (levelStart[level] + index) % (maxBuckets + 1);
    }

    private void insert(double value) {
        appendBucket(0, 1, value, 0.0);
        if (levels == 0) {
            levels = 1;
        }
        double delta1 = value - mean;
        long newN = n + 1;
        mean += delta1 / newN;
        square += delta1 * (value - mean);
        n = newN;
        for (int level = 0; level < LEVELS - 1 && levelSize[level] > maxBuckets; level++) {
            int first = slot(level, 0);
            int second = slot(level, 1);
            long c1 = counts[first];
            long c2 = counts[second];
            long c = c1 + c2;
            double d = means[second] - means[first];
            double m = means[first] + d * c2 / c;
            double s = squares[first] + squares[second] + d * d * c1 * c2 / c;
            levelStart[level] = (levelStart[level] + 2) % (maxBuckets + 1);
            levelSize[level] -= 2;
            appendBucket(level + 1, c, m, s);
            levels = Math.max(levels, level + 2);
        }
    }

    private void appendBucket(int level, long count, double bucketMean, double bucketSquares) {
        int at = slot(level, levelSize[level]);
        counts[at] = count;
        means[at] = bucketMean;
        squares[at] = bucketSquares;
        levelSize[level]++;
    }

    /** Tests every split, from the oldest bucket to the newest, against the bound at delta. */
    private boolean cutExists(double d) {
        double variance = square / n;
        double logTerm = Math.log(2.0 * n / d);  // ln(2/δ') with δ' = δ/n
        long n0 = 0;
        double sum0 = 0;
        double total = mean * n;
        for (int level = levels - 1; level >= 0; level--) {
            for (int i = 0; i < levelSize[level]; i++) {
                int at = slot(level, i);
                n0 += counts[at];
                sum0 += means[at] * counts[at];
                long n1 = n - n0;
                if (n1 < minSubWindow) {
                    return false;
                }
                if (n0 < minSubWindow) {
                    continue;
                }
                double m = 1.0 / (1.0 / n0 + 1.0 / n1);
                double epsilon = Math.sqrt(2.0 / m * variance * logTerm) + 2.0 / (3.0 * m) * logTerm;
                double mean0 = sum0 / n0;
                double mean1 = (total - sum0) / n1;
                if (Math.abs(mean0 - mean1) >= epsilon) {
                    return true;
                }
            }
        }
        return false;
    }

    private void dropOldest() {
        int level = levels - 1;
        while (level > 0 && levelSize[level] == 0) {
            level--;
        }
        int at = slot(level, 0);
        long c = counts[at];
        double m = means[at];
        double s = squares[at];
        levelStart[level] = (levelStart[level] + 1) % (maxBuckets + 1);
        levelSize[level]--;
        while (levels > 1 && levelSize[levels - 1] == 0) {
            levels--;
        }
        long rest = n - c;
        if (rest == 0) {
            n = 0;
            mean = 0;
            square = 0;
            return;
        }
        double restMean = (mean * n - m * c) / rest;
        double d = m - restMean;
        square = Math.max(0.0, square - s - d * d * c * rest / n);
        mean = restMean;
        n = rest;
    }

    /**
     * The detector's complete state, its settings included, so that {@link #restore} continues exactly
     * where this detector is (for checkpoints). Later updates of this detector do not change it.
     */
    public Snapshot snapshot() {
        return new Snapshot(delta, warningDelta, maxBuckets, checkInterval, minSubWindow, counts, means, squares,
            levelSize, levelStart, levels, n, mean, square, sinceCheck, state, drifts);
    }

    /**
     * A detector in the state of a {@link #snapshot()}: it returns, bit for bit, what the snapshotted
     * detector would have returned for the same further observations.
     *
     * @throws IllegalArgumentException if the snapshot's settings are invalid or its arrays do not fit them
     */
    public static Adwin restore(Snapshot snapshot) {
        Adwin adwin = create(snapshot.delta, snapshot.warningDelta, snapshot.maxBuckets, snapshot.checkInterval,
            snapshot.minSubWindow);
        if (snapshot.counts.length != adwin.counts.length || snapshot.means.length != adwin.means.length
            || snapshot.squares.length != adwin.squares.length || snapshot.levelSize.length != LEVELS
            || snapshot.levelStart.length != LEVELS || snapshot.levels < 0 || snapshot.levels > LEVELS) {
            throw new IllegalArgumentException("the ADWIN snapshot's arrays do not fit maxBuckets " + snapshot.maxBuckets);
        }
        System.arraycopy(snapshot.counts, 0, adwin.counts, 0, adwin.counts.length);
        System.arraycopy(snapshot.means, 0, adwin.means, 0, adwin.means.length);
        System.arraycopy(snapshot.squares, 0, adwin.squares, 0, adwin.squares.length);
        System.arraycopy(snapshot.levelSize, 0, adwin.levelSize, 0, LEVELS);
        System.arraycopy(snapshot.levelStart, 0, adwin.levelStart, 0, LEVELS);
        adwin.levels = snapshot.levels;
        adwin.n = snapshot.n;
        adwin.mean = snapshot.mean;
        adwin.square = snapshot.square;
        adwin.sinceCheck = snapshot.sinceCheck;
        adwin.state = snapshot.state;
        adwin.drifts = snapshot.drifts;
        return adwin;
    }

    /**
     * The state of an {@link Adwin}: its settings ({@link #create(double, double, int, int, int)}'s
     * arguments) and its exponential histogram, as {@link #snapshot()} returns it. The arrays are
     * copied in and out; equality compares their contents.
     *
     * @param counts     observations per bucket slot ({@code 64 × (maxBuckets + 1)} slots)
     * @param means      mean per bucket slot
     * @param squares    sum of squared deviations per bucket slot
     * @param levelSize  buckets per level (64 levels)
     * @param levelStart first slot of each level's FIFO
     * @param levels     levels in use
     * @param n          window length
     * @param mean       window mean
     * @param square     window sum of squared deviations
     * @param sinceCheck observations since the last check
     * @param state      the state after the last update
     * @param drifts     drifts detected so far
     */
    public record Snapshot(double delta, double warningDelta, int maxBuckets, int checkInterval, int minSubWindow,
                           long[] counts, double[] means, double[] squares, int[] levelSize, int[] levelStart,
                           int levels, long n, double mean, double square, long sinceCheck, DetectorState state,
                           long drifts) {

        /** @throws IllegalArgumentException on a missing array or state */
        public Snapshot {
            if (counts == null || means == null || squares == null || levelSize == null || levelStart == null
                || state == null) {
                throw new IllegalArgumentException("every part of an ADWIN snapshot is required");
            }
            counts = counts.clone();
            means = means.clone();
            squares = squares.clone();
            levelSize = levelSize.clone();
            levelStart = levelStart.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public double[] means() {
            return means.clone();
        }

        @Override
        public double[] squares() {
            return squares.clone();
        }

        @Override
        public int[] levelSize() {
            return levelSize.clone();
        }

        @Override
        public int[] levelStart() {
            return levelStart.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot s && Double.compare(delta, s.delta) == 0
                && Double.compare(warningDelta, s.warningDelta) == 0 && maxBuckets == s.maxBuckets
                && checkInterval == s.checkInterval && minSubWindow == s.minSubWindow
                && java.util.Arrays.equals(counts, s.counts) && java.util.Arrays.equals(means, s.means)
                && java.util.Arrays.equals(squares, s.squares) && java.util.Arrays.equals(levelSize, s.levelSize)
                && java.util.Arrays.equals(levelStart, s.levelStart) && levels == s.levels && n == s.n
                && Double.compare(mean, s.mean) == 0 && Double.compare(square, s.square) == 0
                && sinceCheck == s.sinceCheck && state == s.state && drifts == s.drifts;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(delta, n, mean, square, sinceCheck, state, drifts,
                java.util.Arrays.hashCode(means));
        }

        @Override
        public String toString() {
            return "Adwin.Snapshot[n=" + n + ", mean=" + mean + ", levels=" + levels + ", state=" + state
                + ", drifts=" + drifts + "]";
        }
    }

    @Override
    public DetectorState state() {
        return state;
    }

    @Override
    public long samples() {
        return n;
    }

    @Override
    public long drifts() {
        return drifts;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(levelSize, 0);
        java.util.Arrays.fill(levelStart, 0);
        levels = 0;
        n = 0;
        mean = 0;
        square = 0;
        sinceCheck = 0;
        state = DetectorState.STABLE;
    }
}
