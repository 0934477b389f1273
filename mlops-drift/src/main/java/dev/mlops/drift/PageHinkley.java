package dev.mlops.drift;

/**
 * Page-Hinkley test (Page 1954) for an increase in the mean of a stream, in the formulation of
 * Gama, Sebastião and Rodrigues (2013): with x̄_t the running mean,
 * m_T = Σ_{t≤T} (x_t − x̄_t − δ), M_T = min_{t≤T} m_t and PH_T = m_T − M_T; DRIFT when
 * PH_T &gt; λ, WARNING when PH_T &gt; {@code warningThreshold}. δ is the magnitude of change that
 * is tolerated, λ the alarm threshold, both in the stream's units. No alarm is raised before
 * {@code minSamples} observations. On DRIFT all sums restart. To watch for a decrease (for
 * example of accuracy), feed the negated values.
 */
public final class PageHinkley implements StreamDetector {

    private final double delta;
    private final double lambda;
    private final double warningThreshold;
    private final int minSamples;
    private long n;
    private double mean;
    private double cumulative;
    private double minimum;
    private DetectorState state = DetectorState.STABLE;
    private long drifts;

    private PageHinkley(double delta, double lambda, double warningThreshold, int minSamples) {
        this.delta = delta;
        this.lambda = lambda;
        this.warningThreshold = warningThreshold;
        this.minSamples = minSamples;
        reset();
    }

    /** δ = 0.005, λ = 50, warning at λ/2, 30 samples before any alarm (common defaults). */
    public static PageHinkley create() {
        return create(0.005, 50, 25, 30);
    }

    /**
     * @throws IllegalArgumentException unless δ ≥ 0, 0 &lt; warningThreshold ≤ λ and minSamples ≥ 1
     */
    public static PageHinkley create(double delta, double lambda, double warningThreshold, int minSamples) {
        if (!(delta >= 0 && warningThreshold > 0 && warningThreshold <= lambda && Double.isFinite(lambda)) || minSamples < 1) {
            throw new IllegalArgumentException("need delta >= 0, 0 < warningThreshold <= lambda, minSamples >= 1: "
                + delta + ", " + lambda + ", " + warningThreshold + ", " + minSamples);
        }
        return new PageHinkley(delta, lambda, warningThreshold, minSamples);
    }

    @Override
    public DetectorState update(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite: " + value);
        }
        n++;
        mean += (value - mean) / n;
        cumulative += value - mean - delta;
        minimum = Math.min(minimum, cumulative);
        double statistic = cumulative - minimum;
        if (n < minSamples) {
            state = DetectorState.STABLE;
        } else if (statistic > lambda) {
            drifts++;
            resetSums();
            state = DetectorState.DRIFT;
        } else if (statistic > warningThreshold) {
            state = DetectorState.WARNING;
        } else {
            state = DetectorState.STABLE;
        }
        return state;
    }

    /** The current statistic PH_T = m_T − M_T. */
    public double statistic() {
        return cumulative - minimum;
    }

    /**
     * The detector's complete state, its settings included, so that {@link #restore} continues exactly
     * where this detector is (for checkpoints).
     */
    public Snapshot snapshot() {
        return new Snapshot(delta, lambda, warningThreshold, minSamples, n, mean, cumulative, minimum, state, drifts);
    }

    /**
     * A detector in the state of a {@link #snapshot()}: it returns, bit for bit, what the snapshotted
     * detector would have returned for the same further observations.
     *
     * @throws IllegalArgumentException if the snapshot's settings are invalid
     */
    public static PageHinkley restore(Snapshot snapshot) {
        PageHinkley ph = create(snapshot.delta(), snapshot.lambda(), snapshot.warningThreshold(), snapshot.minSamples());
        ph.n = snapshot.n();
        ph.mean = snapshot.mean();
        ph.cumulative = snapshot.cumulative();
        ph.minimum = snapshot.minimum();
        ph.state = snapshot.state();
        ph.drifts = snapshot.drifts();
        return ph;
    }

    /**
     * The state of a {@link PageHinkley} test: its settings ({@link #create(double, double, double, int)}'s
     * arguments) and its sums, as {@link #snapshot()} returns it.
     *
     * @param n          observations since the last reset
     * @param mean       running mean x̄_T
     * @param cumulative m_T
     * @param minimum    M_T
     * @param state      the state after the last update
     * @param drifts     drifts detected so far
     */
    public record Snapshot(double delta, double lambda, double warningThreshold, int minSamples, long n, double mean,
                           double cumulative, double minimum, DetectorState state, long drifts) {

        /** @throws IllegalArgumentException on a missing state */
        public Snapshot {
            if (state == null) {
                throw new IllegalArgumentException("a Page-Hinkley snapshot needs its state");
            }
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
        resetSums();
        state = DetectorState.STABLE;
    }

    private void resetSums() {
        n = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }
}
