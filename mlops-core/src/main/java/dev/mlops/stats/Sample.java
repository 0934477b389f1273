package dev.mlops.stats;

/**
 * A sample summarized by what the two-sample tests need: its size, its mean and its sample
 * variance (divisor n − 1). For a conversion (Bernoulli) sample the mean is the rate k/n.
 *
 * @param count    observations (units), at least 0
 * @param mean     the mean per unit (0 when count is 0)
 * @param variance the unbiased sample variance (0 when count is below 2)
 */
public record Sample(long count, double mean, double variance) {

    /**
     * @throws IllegalArgumentException if count or variance is negative or a value is not finite
     */
    public Sample {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        if (!Double.isFinite(mean) || !(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("mean and variance must be finite, variance non-negative: " + mean + ", " + variance);
        }
    }

    /**
     * The sample of a conversion metric: k successes out of n units, variance p(1 − p)·n/(n − 1).
     *
     * @throws IllegalArgumentException if successes is negative or exceeds units
     */
    public static Sample ofConversions(long successes, long units) {
        if (successes < 0 || successes > units) {
            throw new IllegalArgumentException("successes must be in [0, units], got " + successes + " of " + units);
        }
        if (units == 0) {
            return new Sample(0, 0, 0);
        }
        double rate = (double) successes / units;
        double variance = units < 2 ? 0 : rate * (1 - rate) * units / (units - 1);
        return new Sample(units, rate, variance);
    }

    /** The number of successes of a conversion sample, k = round(mean · n). */
    public long successes() {
        return Math.round(mean * count);
    }

    /** The sample standard deviation. */
    public double standardDeviation() {
        return Math.sqrt(variance);
    }
}
