package dev.mlops.stats;

/**
 * An estimated effect with its confidence interval, in the units of what was compared.
 *
 * @param estimate the point estimate (treatment minus control for {@link TwoSampleTests})
 * @param low      the lower end of the confidence interval
 * @param high     the upper end
 */
public record Effect(double estimate, double low, double high) {

    /**
     * @throws IllegalArgumentException if a value is not finite or the interval does not hold the
     *                                  estimate
     */
    public Effect {
        if (!Double.isFinite(estimate) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("effect and interval must be finite: " + estimate + " in [" + low + ", " + high + "]");
        }
        if (!(low <= estimate && estimate <= high)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] does not hold the effect " + estimate);
        }
    }

    /** An effect known exactly: the interval is the estimate alone. */
    public static Effect exactly(double estimate) {
        return new Effect(estimate, estimate, estimate);
    }
}
