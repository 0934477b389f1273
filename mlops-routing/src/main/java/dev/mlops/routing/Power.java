package dev.mlops.routing;

import dev.mlops.stats.Distributions;

/**
 * Sample sizes and power of the two-sided fixed-horizon comparison of two means (normal
 * approximation, equal group sizes). With σ_C, σ_T the per-unit standard deviations, δ the
 * difference to detect and z_q the standard normal quantile:
 * <ul>
 *   <li>units per variant n = ⌈(z_{1−α/2} + z_{power})² (σ_C² + σ_T²) / δ²⌉;</li>
 *   <li>power(n) = Φ(|δ|/se − z_{1−α/2}) + Φ(−|δ|/se − z_{1−α/2}), se = √((σ_C² + σ_T²)/n).</li>
 * </ul>
 * For conversions σ² = p(1 − p) with p_C the baseline rate and p_T = p_C + δ.
 */
public final class Power {

    private Power() {
    }

    /**
     * Units per variant to detect a difference {@code effect} with the given power.
     *
     * @throws IllegalArgumentException if a deviation is negative, effect is 0, alpha or power
     *                                  is not in (0, 1), or the result exceeds Long.MAX_VALUE
     */
    public static long sampleSize(double controlSd, double treatmentSd, double effect, double alpha, double power) {
        check(controlSd, treatmentSd, effect, alpha);
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be in (0, 1), was " + power);
        }
        double z = Distributions.normalQuantile(1 - alpha / 2) + Distributions.normalQuantile(power);
        double n = Math.ceil(z * z * (controlSd * controlSd + treatmentSd * treatmentSd) / (effect * effect));
        if (!(n < Long.MAX_VALUE)) {
            throw new IllegalArgumentException("the effect " + effect + " is too small to detect");
        }
        return Math.max(2, (long) n);
    }

    /**
     * Units per variant to detect a change of a conversion rate from {@code baselineRate} to
     * {@code baselineRate + effect}.
     *
     * @throws IllegalArgumentException if the rates leave (0, 1) or alpha or power is not in (0, 1)
     */
    public static long conversionSampleSize(double baselineRate, double effect, double alpha, double power) {
        double treated = checkRates(baselineRate, effect);
        return sampleSize(Math.sqrt(baselineRate * (1 - baselineRate)), Math.sqrt(treated * (1 - treated)), effect, alpha, power);
    }

    /**
     * The probability that the two-sided test at level alpha detects a difference {@code effect}
     * with {@code units} per variant.
     *
     * @throws IllegalArgumentException if units is not positive or the other arguments are invalid
     */
    public static double power(long units, double controlSd, double treatmentSd, double effect, double alpha) {
        check(controlSd, treatmentSd, effect, alpha);
        if (units < 1) {
            throw new IllegalArgumentException("units must be positive, was " + units);
        }
        double se = Math.sqrt((controlSd * controlSd + treatmentSd * treatmentSd) / units);
        double z = Distributions.normalQuantile(1 - alpha / 2);
        double shift = Math.abs(effect) / se;
        return Distributions.normalCdf(shift - z) + Distributions.normalCdf(-shift - z);
    }

    /** {@link #power} for a conversion rate moving from {@code baselineRate} by {@code effect}. */
    public static double conversionPower(long units, double baselineRate, double effect, double alpha) {
        double treated = checkRates(baselineRate, effect);
        return power(units, Math.sqrt(baselineRate * (1 - baselineRate)), Math.sqrt(treated * (1 - treated)), effect, alpha);
    }

    private static double checkRates(double baselineRate, double effect) {
        double treated = baselineRate + effect;
        if (!(baselineRate > 0 && baselineRate < 1 && treated > 0 && treated < 1)) {
            throw new IllegalArgumentException("rates must be in (0, 1): baseline " + baselineRate + ", treated " + treated);
        }
        return treated;
    }

    private static void check(double controlSd, double treatmentSd, double effect, double alpha) {
        if (!(controlSd >= 0) || !(treatmentSd >= 0) || Double.isInfinite(controlSd) || Double.isInfinite(treatmentSd)) {
            throw new IllegalArgumentException("standard deviations must be finite and non-negative: " + controlSd + ", " + treatmentSd);
        }
        if (!(effect != 0) || Double.isInfinite(effect)) {
            throw new IllegalArgumentException("effect must be a non-zero number, was " + effect);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
    }
}
