package dev.mlops.drift;

/**
 * Thresholds that map an effect size to a {@link Severity}: below {@code low} is
 * {@link Severity#NONE}, so {@code low} is also the effect-size floor a feature must reach to be
 * called drifted, however small its p-value.
 *
 * <p>The default scale is for effect sizes in [0, 1] (KS D, Cramér's V, Jensen-Shannon distance,
 * change in missing rate, Wasserstein in reference standard deviations): 0.1, 0.2, 0.3, 0.5.
 * {@link #psiFolklore()} offers the customary PSI bands (0.1 "some change", 0.25 "major change");
 * they are folklore, not derived from any error rate.
 *
 * @param low      effect at which severity becomes LOW (the effect-size floor)
 * @param medium   effect at which severity becomes MEDIUM
 * @param high     effect at which severity becomes HIGH
 * @param critical effect at which severity becomes CRITICAL
 */
public record SeverityScale(double low, double medium, double high, double critical) {

    /**
     * @throws IllegalArgumentException unless 0 &lt; low ≤ medium ≤ high ≤ critical, all finite
     */
    public SeverityScale {
        if (!(low > 0 && low <= medium && medium <= high && high <= critical && Double.isFinite(critical))) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < low <= medium <= high <= critical: "
                + low + ", " + medium + ", " + high + ", " + critical);
        }
    }

    /** 0.1, 0.2, 0.3, 0.5 for effect sizes in [0, 1]. */
    public static SeverityScale defaults() {
        return new SeverityScale(0.1, 0.2, 0.3, 0.5);
    }

    /** PSI bands 0.1, 0.25, 0.5, 1.0 (customary, not statistically derived). */
    public static SeverityScale psiFolklore() {
        return new SeverityScale(0.1, 0.25, 0.5, 1.0);
    }

    /** The severity of an effect size; NaN is NONE, +∞ is CRITICAL. */
    public Severity severityOf(double effect) {
        if (effect >= critical) {
            return Severity.CRITICAL;
        }
        if (effect >= high) {
            return Severity.HIGH;
        }
        if (effect >= medium) {
            return Severity.MEDIUM;
        }
        if (effect >= low) {
            return Severity.LOW;
        }
        return Severity.NONE;
    }
}
