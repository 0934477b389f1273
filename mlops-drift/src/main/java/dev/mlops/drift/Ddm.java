package dev.mlops.drift;

/**
 * Drift Detection Method of Gama, Medas, Castillo and Rodrigues (2004) for a stream of
 * prediction errors (1 = wrong, 0 = right; any value in [0, 1] is accepted as a Bernoulli mean).
 * After observation i the error rate is p_i with standard deviation s_i = √(p_i(1-p_i)/i); once
 * {@code minSamples} observations are in, the minimum of p_i + s_i is remembered as
 * (p_min, s_min). WARNING when p_i + s_i ≥ p_min + {@code warningLevel}·s_min, DRIFT when
 * p_i + s_i ≥ p_min + {@code driftLevel}·s_min (2 and 3 in the paper). On DRIFT all statistics are
 * reset so that the next observation starts the new concept.
 */
public final class Ddm implements StreamDetector {

    private final int minSamples;
    private final double warningLevel;
    private final double driftLevel;
    private long n;
    private double errorRate;
    private double minRate;
    private double minDeviation;
    private DetectorState state = DetectorState.STABLE;
    private long drifts;

    private Ddm(int minSamples, double warningLevel, double driftLevel) {
        this.minSamples = minSamples;
        this.warningLevel = warningLevel;
        this.driftLevel = driftLevel;
        reset();
    }

    /** The paper's settings: 30 samples before any alarm, warning at 2, drift at 3 deviations. */
    public static Ddm create() {
        return create(30, 2.0, 3.0);
    }

    /**
     * @throws IllegalArgumentException unless minSamples ≥ 1 and 0 &lt; warningLevel &lt; driftLevel
     */
    public static Ddm create(int minSamples, double warningLevel, double driftLevel) {
        if (minSamples < 1 || !(warningLevel > 0 && warningLevel < driftLevel && Double.isFinite(driftLevel))) {
            throw new IllegalArgumentException("need minSamples >= 1 and 0 < warningLevel < driftLevel: "
                + minSamples + ", " + warningLevel + ", " + driftLevel);
        }
        return new Ddm(minSamples, warningLevel, driftLevel);
    }

    @Override
    public DetectorState update(double error) {
        if (!(error >= 0 && error <= 1)) {
            throw new IllegalArgumentException("DDM takes errors in [0, 1]: " + error);
        }
        n++;
        errorRate += (error - errorRate) / n;
        double deviation = Math.sqrt(errorRate * (1 - errorRate) / n);
        if (n < minSamples) {
            state = DetectorState.STABLE;
            return state;
        }
        if (errorRate + deviation <= minRate + minDeviation) {
            minRate = errorRate;
            minDeviation = deviation;
        }
        double level = errorRate + deviation;
        if (level >= minRate + driftLevel * minDeviation) {
            drifts++;
            resetStatistics();
            state = DetectorState.DRIFT;
        } else if (level >= minRate + warningLevel * minDeviation) {
            state = DetectorState.WARNING;
        } else {
            state = DetectorState.STABLE;
        }
        return state;
    }

    /**
     * The detector's complete state, its settings included, so that {@link #restore} continues exactly
     * where this detector is (for checkpoints).
     */
    public Snapshot snapshot() {
        return new Snapshot(minSamples, warningLevel, driftLevel, n, errorRate, minRate, minDeviation, state, drifts);
    }

    /**
     * A detector in the state of a {@link #snapshot()}: it returns, bit for bit, what the snapshotted
     * detector would have returned for the same further observations.
     *
     * @throws IllegalArgumentException if the snapshot's settings are invalid
     */
    public static Ddm restore(Snapshot snapshot) {
        Ddm ddm = create(snapshot.minSamples(), snapshot.warningLevel(), snapshot.driftLevel());
        ddm.n = snapshot.n();
        ddm.errorRate = snapshot.errorRate();
        ddm.minRate = snapshot.minRate();
        ddm.minDeviation = snapshot.minDeviation();
        ddm.state = snapshot.state();
        ddm.drifts = snapshot.drifts();
        return ddm;
    }

    /**
     * The state of a {@link Ddm}: its settings ({@link #create(int, double, double)}'s arguments) and
     * its statistics, as {@link #snapshot()} returns it.
     *
     * @param n            observations since the last reset
     * @param errorRate    p_i
     * @param minRate      p_min ({@link Double#MAX_VALUE} before it is set)
     * @param minDeviation s_min ({@link Double#MAX_VALUE} before it is set)
     * @param state        the state after the last update
     * @param drifts       drifts detected so far
     */
    public record Snapshot(int minSamples, double warningLevel, double driftLevel, long n, double errorRate,
                           double minRate, double minDeviation, DetectorState state, long drifts) {

        /** @throws IllegalArgumentException on a missing state */
        public Snapshot {
            if (state == null) {
                throw new IllegalArgumentException("a DDM snapshot needs its state");
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
        resetStatistics();
        state = DetectorState.STABLE;
    }

    private void resetStatistics() {
        n = 0;
        errorRate = 0;
        minRate = Double.MAX_VALUE;
        minDeviation = Double.MAX_VALUE;
    }
}
