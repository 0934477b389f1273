package dev.mlops.routing;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How an experiment's results are judged.
 *
 * @param metric           the metric that decides; empty: the first metric in the data
 *                         ({@code converted} for conversion data)
 * @param alpha            the significance level, in (0, 0.5]
 * @param sequential       decide on the always-valid mSPRT (true, the default) or on the
 *                         fixed-horizon z / Welch t test, which is valid only when looked at once,
 *                         at the planned sample size
 * @param tau              the mSPRT mixing standard deviation, in units of the metric's pooled
 *                         standard deviation (see {@link dev.mlops.stats.TwoSampleTests#msprt})
 * @param minimumSamples   no verdict before every compared variant has this many units
 * @param higherIsBetter   whether a larger mean is an improvement (conversions, revenue) or a
 *                         regression (latency, errors)
 * @param power            the power the sample-size calculator plans for, in (0, 1)
 * @param minimumEffect    the smallest absolute difference worth detecting; when given, the
 *                         fixed-horizon test waits for the sample size that detects it with
 *                         {@code power}
 */
public record AnalysisSettings(Optional<String> metric, double alpha, boolean sequential, double tau,
                               long minimumSamples, boolean higherIsBetter, double power,
                               OptionalDouble minimumEffect) {

    /** The default mixing standard deviation of the mSPRT, in pooled standard deviations. */
    public static final double DEFAULT_TAU = 0.1;

    /**
     * @throws IllegalArgumentException if a value is outside its range
     */
    public AnalysisSettings {
        if (metric.isPresent() && metric.get().isBlank()) {
            throw new IllegalArgumentException("analysis.metric must not be blank");
        }
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw new IllegalArgumentException("analysis.alpha must be in (0, 0.5], was " + alpha);
        }
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("analysis.tau must be a positive number, was " + tau);
        }
        if (minimumSamples < 2) {
            throw new IllegalArgumentException("analysis.minimumSamples must be at least 2, was " + minimumSamples);
        }
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("analysis.power must be in (0, 1), was " + power);
        }
        if (minimumEffect.isPresent() && !(minimumEffect.getAsDouble() > 0 && !Double.isInfinite(minimumEffect.getAsDouble()))) {
            throw new IllegalArgumentException("analysis.minimumEffect must be a positive number, was " + minimumEffect.getAsDouble());
        }
    }

    /** alpha 0.05, sequential mSPRT with tau 0.1, 100 units minimum, higher is better, power 0.8. */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(Optional.empty(), 0.05, true, DEFAULT_TAU, 100, true, 0.8, OptionalDouble.empty());
    }

    /** These settings deciding on another metric. */
    public AnalysisSettings withMetric(String name) {
        return new AnalysisSettings(Optional.of(name), alpha, sequential, tau, minimumSamples, higherIsBetter, power, minimumEffect);
    }

    /** These settings with the fixed-horizon test deciding instead of the mSPRT. */
    public AnalysisSettings fixedHorizon() {
        return new AnalysisSettings(metric, alpha, false, tau, minimumSamples, higherIsBetter, power, minimumEffect);
    }

    /** These settings with another minimum number of units per variant. */
    public AnalysisSettings withMinimumSamples(long units) {
        return new AnalysisSettings(metric, alpha, sequential, tau, units, higherIsBetter, power, minimumEffect);
    }

    /** These settings with lower values counting as improvements. */
    public AnalysisSettings lowerIsBetter() {
        return new AnalysisSettings(metric, alpha, sequential, tau, minimumSamples, false, power, minimumEffect);
    }
}
